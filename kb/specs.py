"""What each knowledge file must look like (see kb.schema for the spec notation)."""

from __future__ import annotations

from typing import Any

from kb.schema import Pattern, Ref

BILINGUAL: dict[str, Any] = {"zh": str, "en": str}
CITES: list[Any] = [Ref("citation")]
# `covered_by`: casework remedies that say the same with the person's own numbers; the casework detail leaves
# such a step out when one of them is in the answer (a step that asks for the months already given reads odd).
STEP: dict[str, Any] = {"text": BILINGUAL, "?text_for_relative": BILINGUAL, "?cite": CITES, "?covered_by": [str]}

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
            "?cues": Pattern(),
            # Words that rule the topic out although a cue matched ("投了2000千川…没人看" is not "no budget").
            "?not_cues": Pattern(),
            "?covers": [str],
            "?by_product": bool,
        }
    ]
}
CLAIM_RULES: dict[str, Any] = {
    "classes": [{"id": str, "name": BILINGUAL, "match": Pattern(), "categories": [str], "sample": BILINGUAL}],
    "unknown_class": BILINGUAL,
    "vocabulary": {"*": [str]},
    "rules": [
        {
            "id": str,
            "label": BILINGUAL,
            "title": BILINGUAL,
            "verdict": ("banned", "conditional"),
            "explain": BILINGUAL,
            "advice": BILINGUAL,
            "cite": CITES,
            "?cite_for": {"*": CITES},
            "?applies_to": [str],
            "?not_for": [str],
            "?terms": [{"match": Pattern(), "?say": BILINGUAL, "?remove": bool}],
            "?unless": Pattern(),
            "?required_for": [str],
            "?statement": str,
            "examples": [str],
            "allowed": [str],
        }
    ],
    "not_checked": BILINGUAL,
}
CLAIM_ASKING: dict[str, Any] = {
    "script_markers": [Pattern()],
    "script_requests": [Pattern()],
    "claim_questions": [Pattern()],
    "?claim_followups": [Pattern()],
    "quoted": Pattern(),
    "strip": Pattern(),
}
LICENCES: dict[str, Any] = {"title": BILINGUAL, "by_class": {"*": [STEP]}, "overview": [STEP]}
INSTRUMENT: dict[str, Any] = {
    "name": BILINGUAL,
    "source": str,
    "?scale_multiplier": int,
    "intro": BILINGUAL,
    "items": [{"id": str, "text": BILINGUAL}],
    "answers": [{"rating": str, "score": int, "label": BILINGUAL}],
    "bands": [{"id": str, "min": int, "max": int, "feedback": BILINGUAL, "offer_human": bool}],
}
WELLBEING: dict[str, Any] = {
    "instrument": INSTRUMENT,
    "?who5": INSTRUMENT,
    "coping": [BILINGUAL],
    "labour_angle": STEP,
    "resources": [BILINGUAL],
}
QUESTIONS: dict[str, Any] = {
    "*": {
        "text": BILINGUAL,
        "?entity": str,
        "?buttons": [{"value": str, "zh": str, "en": str}],
        # A shorter question once the person gave an amount with this role (casework: "wage").
        "?once_known": {"*": BILINGUAL},
        # The same, asked about the relative the person writes for ({subj}: 她, "she").
        "?text_for_relative": BILINGUAL,
        "?once_known_for_relative": {"*": BILINGUAL},
        "skippable": bool,
    }
}
MENUS: dict[str, Any] = {"*": [{"intent": str, "?entities": {"*": str}, "zh": str, "en": str}]}
UI: dict[str, Any] = {"*": {"?zh": str, "?en": str, "*": BILINGUAL}}
CHECKIN: dict[str, Any] = {
    "source": str,
    "acknowledge": BILINGUAL,
    "echo": BILINGUAL,
    "hotline": BILINGUAL,
    "questions": [{"id": str, "zh": str, "en": str}],
    "acuity": {"id": str, "zh": str, "en": str},
    "question_format": BILINGUAL,
    "buttons": {"yes": BILINGUAL, "no": BILINGUAL, "skip": BILINGUAL},
    "answers": {"no": [str], "yes": [str], "skip": [str]},
    "negative_close": BILINGUAL,
    "declined_close": BILINGUAL,
    "question_first_close": BILINGUAL,
    "continue_prompt": BILINGUAL,
    "continue_button": BILINGUAL,
    "human_button": BILINGUAL,
    "offline_concern": BILINGUAL,
    "third_party_concern": BILINGUAL,
    "third_party": {
        **{name: {"zh": [str], "en": [Pattern()]} for name in ("others", "relatives", "reported", "self")},
        "subject": {
            key: Pattern()
            for key in (
                "pronouns_zh",
                "pronouns_en",
                "writer_zh",
                "writer_en",
                "object_before_zh",
                "object_before_en",
                "risk_words_zh",
                "risk_words_en",
                "told_before_zh",
                "told_before_en",
                "writer_seeking_help",
            )
        },
    },
    "safety_question": {
        "high": BILINGUAL,
        "imminent": BILINGUAL,
        "threatened": BILINGUAL,
        "danger_to_others": BILINGUAL,
        "third_party": BILINGUAL,
        "third_party_imminent": BILINGUAL,
    },
    "threatened_words": {"zh": Pattern(), "en": Pattern()},
}

PRECEDENTS: dict[str, Any] = {
    "cases": [
        {
            "id": str,
            "service_line": ("consumer", "merchant", "streamer"),
            "match": {"zh": [[Pattern()]], "en": [[Pattern()]]},
            "?requires_amounts": [str],
            "?compute": ("proportional_refund", "promise_versus_statutory"),
            "?amounts": {"*": [Pattern()]},
            "cite": CITES,
            "confirmed": bool,
            "source": str,
            "text": BILINGUAL,
            "?short": BILINGUAL,
        }
    ]
}

CASEWORK_SIGNALS: dict[str, Any] = {
    "flags": {
        "*": {
            "line": ("consumer", "labour", "merchant", "wellbeing"),
            "patterns": [Pattern()],
            "?negated_by": [Pattern()],
        }
    },
    "material": {"claimed": [Pattern()], "actual": [Pattern()], "mismatch": [Pattern()]},
    "promise_multiplier": [Pattern()],
    "months_worked": [Pattern()],
    "half_year_words": [Pattern()],
    "months_short_paid": [Pattern()],
    "months_unpaid": [Pattern()],
    "received_per_month": [Pattern()],
    "hours_per_day": [Pattern()],
    "shift_clock": [Pattern()],
    "afternoon_marks": [str],
    "correction_cues": [Pattern()],
    "new_purchase": [Pattern()],
    "not_this_amount": [Pattern()],
    "fact_words": [Pattern()],
    "amount_roles": {"*": [Pattern()]},
    "default_role": {"*": str},
    "feelings": {"*": {"patterns": [Pattern()], "zh": str, "en": str}},
    "labels": {"*": BILINGUAL},
    "intent_flags": {"*": [str]},
    "detector_min_confidence": float,
    "correction_trusts_intent_from": float,
    "role_excludes": {"*": [("consumer", "labour", "merchant", "wellbeing")]},
    "relatives": {
        "*": {"patterns": [Pattern()], "zh": str, "en": str, "zh_pronoun": str, "en_pronoun": ("her", "him", "them")}
    },
    "relative_roles": [str],
    "own_purchase": [Pattern()],
    "first_person": [Pattern()],
    "relative_feelings": [str],
    "en_pronoun_forms": {"*": {"possessive": str, "subject": str}},
}
CASEWORK_PROBLEMS: dict[str, Any] = {
    "problems": [
        {
            "id": str,
            "line": ("consumer", "labour", "merchant", "wellbeing", "any"),
            "urgency": int,
            "title": BILINGUAL,
            "?title_for_relative": BILINGUAL,
            "?intents": [str],
            "?facts": [str],
            "?unless": [str],
            "?intents_unless": [str],
            # Facts a follow-up names when it is about this problem ("病历" → the injury), raising nothing.
            "?named_by": [str],
            "?case": str,
            "?topic": str,
            "?next": [STEP],
            "evidence": [str],
            "?handoff": Ref("handoff reason"),
            "?checkin": bool,
            # The writer is the guardian claiming for a child (a minor's spending), not a helper of an adult.
            "?guardian": bool,
        }
    ],
    "evidence": {"*": BILINGUAL},
}
CASEWORK_REMEDIES: dict[str, Any] = {
    "penalty_excess_ratio": {"value": float, "cite": CITES},
    "remedies": [
        {
            "id": str,
            "problem": str,
            "?when": [str],
            "?any": [str],
            "?unless": [str],
            "?compute": str,
            "?ask": str,
            "text": BILINGUAL,
            "?text_for_relative": BILINGUAL,
            "?text_unknown": BILINGUAL,
            "?detail": BILINGUAL,
            "?cite": CITES,
        }
    ],
}
CASEWORK_REPLY: dict[str, Any] = {
    "first_answer_limit": {"zh": int, "en": int},
    "first_answer_cites": {"zh": int, "en": int},
    "problem_buttons": int,
}
# Follow-up answers (issue 15): kinds of follow-up question, and per topic the cited answers to each kind.
FOLLOWUP_KINDS = ("proof", "deadline", "sue", "refused", "matters", "more", "howto")
FOLLOWUP_ANSWERS: dict[str, Any] = {f"?{kind}": [STEP] for kind in FOLLOWUP_KINDS}
FOLLOWUPS: dict[str, Any] = {
    "kinds": {**{kind: BILINGUAL for kind in FOLLOWUP_KINDS}, "translate": BILINGUAL},
    "topic_min_confidence": float,
    "help_min_confidence_in_topic": float,
    "sharing_question_min_confidence": float,
    "cues": {**{f"?{kind}": [str] for kind in FOLLOWUP_KINDS}, "?translate": [str]},
    "line_cues": {"consumer": [str], "merchant": [str], "streamer": [str]},
    "general": {"consumer": FOLLOWUP_ANSWERS, "merchant": FOLLOWUP_ANSWERS, "streamer": FOLLOWUP_ANSWERS},
    "topics": {"*": {"ask": BILINGUAL, **FOLLOWUP_ANSWERS}},
}
# Messages that only give facts of the case under way (kb/fact_answers.py).
FACT_ANSWERS: dict[str, Any] = {
    "max_chars": int,
    "context_flags": [str],
    "?update_flags": [str],
    "patterns": [Pattern()],
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
    ("merchant/claims.yml", CLAIM_RULES),
    ("merchant/asking.yml", CLAIM_ASKING),
    ("merchant/licences.yml", LICENCES),
    ("merchant/texts.yml", MESSAGES),
    ("streamer/topics.yml", TOPICS),
    ("family/topics.yml", TOPICS),
    ("streamer/wellbeing.yml", WELLBEING),
    ("menus.yml", MENUS),
    ("ui.yml", UI),
    ("safety/checkin.yml", CHECKIN),
    ("precedents.yml", PRECEDENTS),
    ("casework/signals.yml", CASEWORK_SIGNALS),
    ("casework/problems.yml", CASEWORK_PROBLEMS),
    ("casework/remedies.yml", CASEWORK_REMEDIES),
    ("casework/reply.yml", CASEWORK_REPLY),
    ("followups.yml", FOLLOWUPS),
    ("fact_answers.yml", FACT_ANSWERS),
]
