"""What each knowledge file must look like (see kb.schema for the spec notation)."""

from __future__ import annotations

from typing import Any

from kb.schema import Pattern, Ref

BILINGUAL: dict[str, Any] = {"zh": str, "en": str}
CITES: list[Any] = [Ref("citation")]
STEP: dict[str, Any] = {"text": BILINGUAL, "?cite": CITES}

FACTS = ("platform", "product_category", "amount_paid", "days_since_receipt", "evidence_kept")
COMPUTATIONS = (
    "seven_day_window",
    "fraud_compensation",
    "food_compensation",
    "complaint_deadline",
    "injury_deadline",
)

CITATIONS: dict[str, Any] = {"*": {"law": str, "article": int, "phrase": str, "short": BILINGUAL, "?caveat": BILINGUAL}}
RULES: dict[str, Any] = {"*": {"value": float, "?cite": CITES, "?note": str}}
MESSAGES: dict[str, Any] = {"*": BILINGUAL}
ESCALATION: dict[str, Any] = {
    "ladder": [{"id": str, "text": BILINGUAL, "?cite": CITES}],
    "platform_intervention": {"*": BILINGUAL},
}
EVIDENCE: dict[str, Any] = {"items": [{"id": str, "text": BILINGUAL, "keywords": [str]}]}
CONSUMER_CASE: dict[str, Any] = {
    "id": str,
    "intent": str,
    "title": BILINGUAL,
    "facts": [FACTS],
    "?computations": [COMPUTATIONS],
    "steps": [STEP],
    "?ladder": [Ref("ladder step")],
    "evidence": [Ref("evidence item")],
    "?offer_human": {"reason": Ref("handoff reason"), "text": BILINGUAL},
}
TOPICS: dict[str, Any] = {
    "topics": [
        {
            "id": str,
            "intent": str,
            "title": BILINGUAL,
            "steps": [STEP],
            "?offer_human": {"reason": Ref("handoff reason"), "text": BILINGUAL},
            "?offer_checkin": bool,
        }
    ]
}
PITCH_RULES: dict[str, Any] = {
    "rules": [
        {
            "id": str,
            "title": BILINGUAL,
            "cite": CITES,
            "explain": BILINGUAL,
            "?terms": [{"match": Pattern(), "instead": BILINGUAL, "?rewrite": ("replace", "drop", "mark")}],
            "?unless": Pattern(),
            "?trigger": Pattern(),
            "?required_statement": str,
        }
    ],
    "script_markers": [Pattern()],
}
WELLBEING: dict[str, Any] = {
    "instrument": {
        "name": BILINGUAL,
        "source": str,
        "intro": BILINGUAL,
        "items": [{"id": str, "text": BILINGUAL}],
        "answers": [{"rating": str, "score": int, "label": BILINGUAL}],
        "bands": [{"id": str, "min": int, "max": int, "feedback": BILINGUAL, "offer_human": bool}],
    },
    "coping": [BILINGUAL],
    "labour_angle": STEP,
    "resources": [BILINGUAL],
}
QUESTIONS: dict[str, Any] = {
    "*": {
        "text": BILINGUAL,
        "?entity": str,
        "?buttons": [{"value": str, "zh": str, "en": str}],
        "skippable": bool,
    }
}
MENUS: dict[str, Any] = {"*": [{"intent": str, "?entities": {"*": str}, "zh": str, "en": str}]}
UI: dict[str, Any] = {"*": {"?zh": str, "?en": str, "*": BILINGUAL}}
# Follow-up answers (issue 15): kinds of follow-up question, and per topic the cited answers to each kind.
FOLLOWUP_KINDS = ("proof", "deadline", "sue", "refused", "matters", "more")
FOLLOWUP_ANSWERS: dict[str, Any] = {f"?{kind}": [STEP] for kind in FOLLOWUP_KINDS}
FOLLOWUPS: dict[str, Any] = {
    "kinds": {**{kind: BILINGUAL for kind in FOLLOWUP_KINDS}, "translate": BILINGUAL},
    "cues": {**{f"?{kind}": [str] for kind in FOLLOWUP_KINDS}, "?translate": [str]},
    "general": {"consumer": FOLLOWUP_ANSWERS, "merchant": FOLLOWUP_ANSWERS, "streamer": FOLLOWUP_ANSWERS},
    "topics": {"*": {"ask": BILINGUAL, **FOLLOWUP_ANSWERS}},
}

# File (relative to knowledge/) or glob → spec. Order matters: registries are filled from earlier files.
FILE_SPECS: list[tuple[str, dict[str, Any]]] = [
    ("citations.yml", CITATIONS),
    ("rules.yml", RULES),
    ("messages.yml", MESSAGES),
    ("questions.yml", QUESTIONS),
    ("consumer/evidence.yml", EVIDENCE),
    ("consumer/escalation.yml", ESCALATION),
    ("consumer/cases/*.yml", CONSUMER_CASE),
    ("merchant/topics.yml", TOPICS),
    ("merchant/pitch_rules.yml", PITCH_RULES),
    ("streamer/topics.yml", TOPICS),
    ("streamer/wellbeing.yml", WELLBEING),
    ("menus.yml", MENUS),
    ("ui.yml", UI),
    ("followups.yml", FOLLOWUPS),
]
