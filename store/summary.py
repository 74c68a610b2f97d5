"""The case as a worker reads it: one line (who, each problem with its amount and that amount's role, feelings),
the risk with the words that raised it, the facts, every message and the evidence. Built from data, no model.

`case_risk` is the one place the case's risk comes from: the graded assessment (nlu/risk.py) over the person's
messages, plus the distress phrases of knowledge/handoff.yml (→ concern).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from nlu.entities import find_entities
from nlu.normalise import format_number
from nlu.risk import assess_risk, person_level
from store.models import CallbackConsent, Case, Evidence, Message, RiskLevel, Role, Worker, iso_utc
from store.policy import label, policy_value, section, summary_labels

INTENTS_FILE = Path(__file__).resolve().parent.parent / "nlu" / "intents.yml"
# Slots worth showing, in this order; others are ignored (language flags and bookkeeping slots).
FACT_SLOTS = (
    "platform",
    "product_category",
    "amount_paid",
    "days_since_receipt",
    "order_id",
    "evidence_kept",
    "case_type",
)
_CLAUSE_END = re.compile(r"[，。！？；,!?;\n]+|(?<!\d)\.(?!\d)")
_RISK_ORDER = [level.value for level in RiskLevel]


# --- risk -------------------------------------------------------------------------------------------------------
def _compact(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def case_risk(messages: Sequence[str]) -> tuple[str, list[str]]:
    """The risk level the person's messages show (none / concern / high / imminent) and the words that raised it.

    The graded assessment (nlu/risk.py, word lists, added up over the turns) decides; the case's own distress
    phrases (knowledge/handoff.yml) can still raise none to concern.
    """
    person = person_level([assess_risk(text) for text in messages])
    if person.level != RiskLevel.NONE.value:
        return person.level, list(dict.fromkeys(person.top_evidence))
    phrases = sorted(section("risk")["concern_phrases"], key=len, reverse=True)
    found: list[str] = []
    for text in messages:
        compact = _compact(text)
        for phrase in phrases:
            wanted = phrase.lower()
            if wanted in compact and not any(wanted in longer.lower() for longer in found):
                found.append(phrase)
    return (RiskLevel.CONCERN.value if found else RiskLevel.NONE.value), found


def higher_risk(first: str, second: str) -> str:
    """The more serious of two risk levels."""
    return max(first, second, key=lambda level: _RISK_ORDER.index(level) if level in _RISK_ORDER else 0)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- facts ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Amount:
    """A sum in the person's words with its role: paid, claimed_against (them) or owed_to_them."""

    amount: str  # yuan as a decimal string ("50000"), or a share of pay as written ("一半工资")
    unit: str  # "yuan" or "share"
    role: str
    role_label: str

    def shown(self) -> str:
        """The amount with its unit and role, as the one-line summary shows it."""
        amount = f"{self.amount}元" if self.unit == "yuan" else self.amount
        return str(section("case_summary")["amount_format"]).format(amount=amount, role=self.role_label)


@dataclass(frozen=True)
class Problem:
    """One problem: the clause the person wrote and the amounts in it."""

    words: str
    amounts: tuple[Amount, ...] = ()


def _amount_role(clause: str) -> tuple[str, str]:
    config = section("case_summary")
    lowered = clause.lower()
    for role in config["amount_roles"]:
        if any(word.lower() in lowered for word in role["words"]):
            return str(role["role"]), str(role["label"])
    return "unclear", str(config["unclear_role_label"])


def _amounts_in(clause: str) -> tuple[Amount, ...]:
    role, role_label = _amount_role(clause)
    amounts = [Amount(span.value, "yuan", role, role_label) for span in find_entities(clause) if span.entity == "money"]
    shares = re.finditer(section("case_summary")["share_pattern"], clause)
    amounts += [Amount(match.group(0), "share", role, role_label) for match in shares]
    return tuple(amounts)


def problems_in(messages: Sequence[str]) -> list[Problem]:
    """Every clause of the person's messages that holds an amount or a problem word, in order, without repeats."""
    words = [word.lower() for word in section("case_summary")["problem_words"]]
    found: dict[str, Problem] = {}
    for text in messages:
        for clause in (part.strip() for part in _CLAUSE_END.split(text)):
            if not clause or clause in found:
                continue
            amounts = _amounts_in(clause)
            if amounts or any(word in clause.lower() for word in words):
                found[clause] = Problem(clause, amounts)
    return list(found.values())


def is_contact_mention(text: str, end: int) -> bool:
    """Whether the product word ending at `end` introduces a phone number ("我手机139…", "手机号")."""
    return re.match(section("case_summary")["not_a_product_after"], text[end:]) is not None


def product_from_contact_only(value: str, messages: Sequence[str]) -> bool:
    """True when every mention of product `value` in the messages introduces a phone number (not a purchase)."""
    mentions = [
        is_contact_mention(text, span.end)
        for text in messages
        for span in find_entities(text)
        if span.entity == "product_category" and span.value == value
    ]
    return bool(mentions) and all(mentions)


def facts_from_slots(slots: Mapping[str, Any], user_messages: Sequence[str] = ()) -> dict[str, Any]:
    """The collected facts among a tracker's slots, without empty values and without misreadings.

    A product named only as "我手机139…" is a phone number, not a purchase; an amount the messages show was
    claimed from the person or owed to them is not `amount_paid` (the summary's problems carry it with its role).
    """
    facts = {name: slots[name] for name in FACT_SLOTS if slots.get(name) not in (None, "", [])}
    product = facts.get("product_category")
    if product and product_from_contact_only(str(product), user_messages):
        del facts["product_category"]
    if "amount_paid" in facts:
        paid = format_number(float(facts["amount_paid"]))
        roles = {a.role for p in problems_in(user_messages) for a in p.amounts if a.unit == "yuan" and a.amount == paid}
        if roles and "paid" not in roles:
            del facts["amount_paid"]
    return facts


# --- labels -----------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _topic_labels() -> dict[str, str]:
    with open(INTENTS_FILE, encoding="utf-8") as handle:
        intents: dict[str, dict[str, str]] = yaml.safe_load(handle)
    return {name: str(entry.get("zh", name)) for name, entry in intents.items()}


def topic_label(topic: str | None) -> str:
    """A consultation intent in the worker's language ("streamer_mcn_contract" → "MCN合同与违约金")."""
    return _topic_labels().get(topic, topic) if topic else label("reason_labels", None)


def who_label(service_line: str | None, topic: str | None) -> str:
    """Who the person is, from the service line (or the topic's prefix)."""
    names: Mapping[str, str] = section("case_summary")["who"]
    line = service_line or (topic.split("_", 1)[0] if topic else None)
    return names.get(line or "unknown", names["unknown"])


# --- the report -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseReport:
    """Everything a worker reads about one case."""

    case: Case
    line: str
    problems: list[Problem]
    facts: dict[str, Any]
    messages: list[Message]
    evidence: list[Evidence]
    callback: CallbackConsent | None = None

    def as_json(self) -> dict[str, Any]:
        """The shape of `./hotline cases show REF --json`."""
        case = self.case
        return {
            "ref": case.ref,
            "status": case.status,
            "worker": case.worker.handle if case.worker else None,
            "language": case.language,
            "service_line": case.service_line,
            "created_at": iso_utc(case.created_at),
            "claimed_at": iso_utc(case.claimed_at),
            "closed_at": iso_utc(case.closed_at),
            "erased_at": iso_utc(case.erased_at),
            "summary": self.line,
            "topic": {"code": case.topic, "label": topic_label(case.topic) if case.topic else None},
            "reason": {"code": case.reason, "label": label("reason_labels", case.reason)},
            "risk": {
                "level": case.risk_level,
                "label": label("risk_labels", case.risk_level),
                "words": list(case.risk_words or []),
            },
            "priority": case.priority,
            "facts": {
                **self.facts,
                "problems": [
                    {
                        "words": problem.words,
                        "amounts": [
                            {"amount": a.amount, "unit": a.unit, "role": a.role, "role_label": a.role_label}
                            for a in problem.amounts
                        ],
                    }
                    for problem in self.problems
                ],
            },
            "messages": [{"at": iso_utc(m.created_at), "role": m.role, "text": m.text} for m in self.messages],
            "evidence": [
                {"filename": e.filename, "mime": e.mime, "size": e.size, "sha256": e.sha256, "path": e.stored_path}
                for e in self.evidence
            ],
            "callback": (
                {"number": self.callback.number, "consented_at": iso_utc(self.callback.consented_at)}
                if self.callback
                else None
            ),
            "outcome": case.outcome,
            "rating": case.rating,
        }

    def text(self) -> str:
        """Labelled lines for a terminal or a Telegram message (the same content as the JSON)."""
        labels = summary_labels()
        none = labels["none"]
        case = self.case
        if case.erased_at is not None:
            holder = case.worker.handle if case.worker else none
            return "\n".join(
                [
                    self.line,
                    f"{labels['opened']}: {iso_utc(case.created_at)} | {labels['claimed']}: "
                    f"{iso_utc(case.claimed_at) or none} | {labels['worker']}: {holder} | "
                    f"{labels['priority']}: {label('priority_labels', case.priority)}",
                    labels["erased_note"],
                ]
            )
        facts = "; ".join(f"{key}={_format_value(value)}" for key, value in self.facts.items()) or none
        words = "、".join(f"「{word}」" for word in case.risk_words or [])
        lines = [
            self.line,
            f"{labels['who']}: {case.user_pseudonym} | {labels['language']}: {case.language} | "
            f"{labels['service_line']}: {case.service_line or none}",
            f"{labels['topic']}: {topic_label(case.topic)} | {labels['reason']}: {label('reason_labels', case.reason)}"
            f" | {labels['priority']}: {label('priority_labels', case.priority)}",
            f"{labels['risk']}: {label('risk_labels', case.risk_level)}" + (f"（{words}）" if words else ""),
            f"{labels['facts']}: {facts}",
        ]
        if self.callback is not None:
            lines.append(f"{labels['callback']}: {self.callback.number}（{iso_utc(self.callback.consented_at)}）")
        lines += [
            f"{labels['evidence']}: {e.filename} ({e.mime}, {e.size} bytes) {e.stored_path}" for e in self.evidence
        ]
        roles: Mapping[str, str] = labels["roles"]
        lines.append(f"{labels['messages']}:")
        lines += [f"  {iso_utc(m.created_at)} {roles.get(m.role, m.role)}: {m.text}" for m in self.messages]
        if not self.messages:
            lines.append(f"  {none}")
        return "\n".join(lines)


def _format_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def user_texts(messages: Sequence[Message]) -> list[str]:
    """The person's own messages among transcript lines."""
    return [message.text for message in messages if message.role == Role.USER.value]


def summary_line(case: Case, messages: Sequence[str]) -> str:
    """One line: who, each problem with its amounts and their roles, and the words that show the feelings."""
    config = section("case_summary")
    problems = problems_in(messages)[: policy_value("summary_problem_clauses")]
    shown = [
        f"「{problem.words}」" + (f"：{'、'.join(a.shown() for a in problem.amounts)}" if problem.amounts else "")
        for problem in problems
    ]
    feelings = "".join(f"「{word}」" for word in case.risk_words or [])
    return str(config["line_format"]).format(
        who=who_label(case.service_line, case.topic),
        problems="；".join(shown) or config["no_problems"],
        feelings=feelings or config["no_feelings"],
    )


def case_messages(session: Session, case: Case) -> list[Message]:
    """Every transcript line of the case, oldest first (internal notes included; they carry their own role)."""
    return list(session.scalars(select(Message).where(Message.case_id == case.id).order_by(Message.id)))


def callback_for(session: Session, case: Case, viewer: Worker | None) -> CallbackConsent | None:
    """The call-back number the person agreed to, shown only to the worker holding the case."""
    if viewer is None or case.worker_id != viewer.id:
        return None
    query = select(CallbackConsent).where(CallbackConsent.case_id == case.id).order_by(CallbackConsent.id.desc())
    return session.scalars(query).first()


def report(
    session: Session, case: Case, viewer: Worker | None = None, facts: Mapping[str, Any] | None = None
) -> CaseReport:
    """The whole case for `viewer` (the call-back number only if they hold it)."""
    messages = case_messages(session, case)
    texts = user_texts(messages)
    evidence = list(session.scalars(select(Evidence).where(Evidence.case_id == case.id).order_by(Evidence.id)))
    erased = case.erased_at is not None
    return CaseReport(
        case=case,
        line=f"{label('reason_labels', 'erased')}（{iso_utc(case.erased_at)}）"
        if erased
        else summary_line(case, texts),
        problems=problems_in(texts),
        facts=dict(facts if facts is not None else case.facts or {}),
        messages=messages,
        evidence=evidence,
        callback=callback_for(session, case, viewer),
    )
