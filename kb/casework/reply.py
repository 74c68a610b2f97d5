"""A reply shaped like casework: heard → what applies to you (their numbers) → next steps → evidence → a person.

The first answer stays within a length budget (knowledge/casework/reply.yml: characters for Chinese, words for
English) in at most two messages; whatever does not fit waits behind the "more detail" button, which walks
through the problems one at a time, most urgent first, so no problem is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kb.calculators import amount_needs_review
from kb.casework.facts import CaseFacts, signals
from kb.casework.relative import for_relative, relative_words, relatives_feelings
from kb.casework.remedies import Problem, money, platform_action
from kb.consumer import evidence_checklist
from kb.knowledge import document
from kb.precedents import Precedent
from kb.render import caveats, message, numbered, pick, step_statements, with_cites
from kb.topics import topics

LIMITS = "casework/reply.yml"
MORE_PAYLOAD = "/ask_more_detail"
NEXT_PAYLOAD = "/ask_next_step"
CHECKIN_PAYLOAD = "/wellbeing_checkin"
WHO5_PAYLOAD = '/wellbeing_checkin{"instrument":"who5"}'
HANDOFF_PAYLOAD = "/request_human"


@dataclass
class CaseReply:
    """Up to two messages; buttons go on the last. `asked` is the fact the reply asks for, if any."""

    messages: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    handoff_reason: str | None = None
    asked: str | None = None
    problems: list[str] = field(default_factory=list)
    # Set when the reply is one problem's detail (a tapped problem button), not a new answer.
    detailed: str | None = None


def length(text: str, language: str) -> int:
    """How long a reply reads: Chinese characters (no spaces) for zh, words for en."""
    if language == "zh":
        return len(re.sub(r"\s", "", text))
    return len(re.findall(r"[A-Za-z0-9¥%][\w'’.,¥%×-]*", text))


def limit(language: str) -> int:
    """The first answer's budget in this language."""
    return int(document(LIMITS)["first_answer_limit"][language])


def _feelings(facts: CaseFacts, language: str) -> str:
    theirs = relatives_feelings(facts)
    names = [str(pick(signals()["feelings"][name], language)) for name in facts.feelings if name not in theirs]
    if not names:
        return ""
    joined = ("、" if language == "zh" else " and ").join(names[:2])
    return message("casework_heard_feelings", language, feelings=joined)


def heard_line(problems: list[Problem], facts: CaseFacts, language: str) -> str:
    """One line that shows the person was heard: their problems and, where they wrote them, their feelings."""
    joiner = "、" if language == "zh" else ", "
    titles = joiner.join(problem.title for problem in problems)
    # Several problems are counted here and named in the lines below (or the "also" line), not twice.
    key = "casework_heard" if len(problems) > 1 else "casework_heard_one"
    feelings = _feelings(facts, language)
    return message(key, language, problems=titles, count=len(problems), feelings=feelings).strip()


def relative_line(facts: CaseFacts, lead: Problem, language: str) -> str:
    """For someone writing for a relative: whose rights these are and that the request goes through their account;
    a parent claiming for a child's spending does it as guardian."""
    words = relative_words(facts, language)
    if words is None:
        return ""
    line = str(lead.spec.get("line") or facts.line())
    key = "casework_for_relative_consumer" if line == "consumer" else "casework_for_relative_other"
    return message("casework_for_guardian" if lead.spec.get("guardian") else key, language, **words)


def applies_heading(facts: CaseFacts, language: str, lead: Problem | None = None) -> str:
    """ "What applies to you", or to the relative the person writes for (a guardian's claim is their own)."""
    words = relative_words(facts, language)
    if words is None or (lead is not None and lead.spec.get("guardian")):
        return message("casework_applies_heading", language)
    return message("casework_applies_heading_relative", language, **words)


def _problem_line(problem: Problem, language: str, remedies: int = 1, extra: Iterable[str] = ()) -> str | None:
    # The first answer cites the articles that state each rule; "more detail" lists every source. `extra`
    # names further remedies to show, e.g. those worked out with the person's own numbers (docked ¥500 and
    # ¥10,000 owed are two answers, not one).
    cites = int(document(LIMITS)["first_answer_cites"][language])
    wanted = set(extra)
    chosen = [r for index, r in enumerate(problem.remedies) if index < remedies or r.id in wanted]
    shown = [with_cites(remedy.text, remedy.cites[:cites], language) for remedy in chosen]
    if not shown:
        return None
    separator = "" if language == "zh" else " "
    return f"• {problem.title}{'：' if language == 'zh' else ': '}{separator.join(shown)}"


def _evidence(problems: Iterable[Problem], language: str, most: int = 4) -> str:
    items = list(dict.fromkeys(item for problem in problems for item in problem.evidence))[:most]
    joiner = "、" if language == "zh" else ", "
    return message("casework_evidence", language, items=joiner.join(items)) if items else ""


def _offer(facts: CaseFacts, language: str) -> str:
    """The social worker's offer, about the relative's situation when the person writes for one."""
    words = relative_words(facts, language)
    return message("casework_offer_relative", language, **words) if words else message("casework_offer", language)


def _question(
    problems: list[Problem], already_asked: Iterable[str], language: str, facts: CaseFacts
) -> tuple[str | None, str | None]:
    asked = set(already_asked)
    for problem in problems:
        fact = problem.ask
        if fact and fact not in asked:
            entry = document("questions.yml")[fact]
            # Nothing the person said is asked again: "说好底薪4000" leaves only the months.
            shorter = for_relative(entry, "once_known", facts) if entry.get("once_known") else {}
            known = [text for role, text in shorter.items() if facts.amount(role) is not None]
            text = str(pick(known[0] if known else for_relative(entry, "text", facts), language))
            words = relative_words(facts, language)
            return fact, message("casework_question", language, question=text.format(**words) if words else text)
    return None, None


def first_answer(
    problems: list[Problem],
    facts: CaseFacts,
    language: str,
    already_asked: Iterable[str] = (),
    precedent: Precedent | None = None,
) -> CaseReply:
    """The short first answer for every problem heard, most urgent first, within the length budget.

    The most urgent problem's strongest remedy and first step always show; then, while the budget allows:
    each other problem's strongest remedy, the remedies worked out with the person's numbers, the evidence
    list, more remedies and steps. Problems that do not fit are named in an "also" line and wait behind "more
    detail", so none is dropped. A wellbeing problem is answered by its step (12356) and the check-in buttons,
    so its line comes only when there is room.
    """
    budget = limit(language)
    top = problems[0]
    large = _large_amount(facts)
    offer = message("amount_review", language, amount=money(large)) if large else _offer(facts, language)
    asked, question = _question(problems, already_asked, language, facts)
    legal = [problem for problem in problems if not problem.spec.get("checkin")]
    lead = legal[0] if legal else top
    state: dict[str, Any] = {
        "relative": "",
        "precedent": precedent.text if precedent else "",
        "lines": {lead.id: _problem_line(lead, language)},
        "steps": [step.render(language) for step in top.next_steps[:1]],
        "evidence": "",
    }

    heading = applies_heading(facts, language, lead)

    def compose(state: dict[str, Any]) -> list[str]:
        applies = [state["lines"][p.id] for p in problems if state["lines"].get(p.id)]
        remaining = [p for p in legal if p.id not in state["lines"]]
        named = _joined([p.title for p in remaining], language)
        also = [message("casework_also_heard", language, problems=named)] if remaining else []
        # A wellbeing problem without its line is answered by its step (12356), which then carries its title.
        titled = {
            p.next_steps[0].render(language): p.title
            for p in problems
            if p.spec.get("checkin") and p.id not in state["lines"] and p.next_steps
        }
        colon = "：" if language == "zh" else ": "
        steps = [f"{titled[step]}{colon}{step}" if step in titled else step for step in state["steps"]]
        first = [heard_line(problems, facts, language), *([state["relative"]] if state["relative"] else [])]
        first += [state["precedent"]] if state["precedent"] else []
        first += [heading, *applies, *also, *([question] if question else [])]
        second = [message("casework_next_heading", language), numbered(steps)]
        second += [state["evidence"]] if state["evidence"] else []
        second += [offer, message("casework_short_note", language)]
        return ["\n".join(first), "\n".join(second)]

    def fits(candidate: dict[str, Any]) -> bool:
        return sum(length(text, language) for text in compose(candidate)) <= budget

    def try_change(**change: Any) -> bool:
        candidate = {**state, **change}
        if fits(candidate):
            state.update(candidate)
        return fits(candidate)

    extras: dict[str, list[str]] = {}

    def try_line(problem: Problem, remedies: int = 1, extra: Iterable[str] = ()) -> bool:
        line = _problem_line(problem, language, remedies, extra)
        if try_change(lines={**state["lines"], problem.id: line}):
            extras[problem.id] = list(extra)
            return True
        return False

    everything = {**state, "lines": {p.id: _problem_line(p, language) for p in legal}}
    if precedent and not fits(everything):
        # The published case in two sentences when its full text would crowd out one of the problems.
        state["precedent"] = precedent.short
    for problem in legal[1:]:
        if not try_line(problem):
            break  # the rest, in urgency order, wait behind "more detail"
    # Whose rights these are, for someone writing for a relative: after every problem's line, before the extras.
    try_change(relative=relative_line(facts, lead, language))
    for problem in [p for p in legal if p.id in state["lines"]]:
        for remedy in problem.remedies[1:]:
            if remedy.personal:  # every sum of theirs that fits, e.g. ¥500 docked and ¥10,000 owed
                try_line(problem, extra=[*extras.get(problem.id, []), remedy.id])
    for problem in problems:
        if problem.spec.get("checkin"):
            try_line(problem)
    try_change(evidence=_evidence(problems, language))
    for count in (2, 3):
        if count <= len(lead.remedies):
            try_line(lead, remedies=count, extra=extras.get(lead.id, []))
        if count <= len(top.next_steps):
            own = [step.render(language) for step in top.next_steps]
            others = [step for step in state["steps"] if step not in own]  # steps of other problems, kept once
            try_change(steps=own[:count] + others)
    # Another problem's first step, unless it only repeats one already there: asking the platform to step in
    # is one step, whichever problem it answers.
    intervention = platform_action(facts.values.get("platform"), language)
    for problem in problems[1:]:
        step = next((s.render(language) for s in problem.next_steps[:1]), None)
        repeats = step is not None and intervention in step and any(intervention in s for s in state["steps"])
        if step and step not in state["steps"] and not repeats:
            try_change(steps=state["steps"] + [step])

    reply = CaseReply(messages=compose(state), asked=asked, problems=[p.id for p in problems])
    reply.buttons = [
        (message("casework_more_button", language), MORE_PAYLOAD),
        (message("casework_next_button", language), NEXT_PAYLOAD),
        *problem_buttons(problems, facts),
        (message("offer_human_button", language), HANDOFF_PAYLOAD),
    ]
    if any(problem.spec.get("checkin") for problem in problems):
        reply.buttons[-1:-1] = checkin_buttons(language)
    reasons = [str(p.spec["handoff"]) for p in problems if p.spec.get("handoff")]
    reply.handoff_reason = next(iter(reasons + (["above_small_claims"] if large else [])), None)
    return reply


def problem_intent(problem: Problem, facts: CaseFacts) -> str | None:
    """The intent that names this problem: the one the person's message had, else the problem's first."""
    intents = [str(intent) for intent in problem.spec.get("intents", [])]
    return next((intent for intent in intents if intent in facts.intents), next(iter(intents), None))


def problem_buttons(problems: list[Problem], facts: CaseFacts) -> list[tuple[str, str]]:
    """One button per problem after the most urgent (its detail at one tap), as many as
    knowledge/casework/reply.yml allows."""
    most = int(document(LIMITS)["problem_buttons"])
    if any(problem.spec.get("checkin") for problem in problems):
        most = min(most, 1)  # the two check-in buttons come too
    named = [(problem.title, problem_intent(problem, facts)) for problem in problems[1:]]
    return [(title, f"/{intent}") for title, intent in named if intent][:most]


def tapped_problem(text: str, problems: list[Problem], facts: CaseFacts) -> Problem | None:
    """The problem a tapped problem button (a bare "/intent" payload) names, among the problems heard."""
    if not text.startswith("/"):
        return None
    intent = text[1:].split("{", 1)[0]
    return next((problem for problem in problems if problem_intent(problem, facts) == intent), None)


def _large_amount(facts: CaseFacts) -> Decimal | None:
    """The largest amount at stake when it is above the review threshold (a social worker looks at it)."""
    at_stake = [facts.amount(role) for role in ("paid", "penalty", "fee", "loss")] + [facts.owed()]
    found = max((amount for amount in at_stake if amount is not None), default=None)
    return found if found is not None and amount_needs_review(found) else None


def checkin_buttons(language: str) -> list[tuple[str, str]]:
    """The two check-ins side by side: K6 (distress, past 30 days) and WHO-5 (wellbeing, past two weeks)."""
    return [
        (message("wellbeing_checkin_button", language), CHECKIN_PAYLOAD),
        (message("wellbeing_who5_button", language), WHO5_PAYLOAD),
    ]


def _joined(titles: list[str], language: str) -> str:
    return ("、" if language == "zh" else ", ").join(titles)


def _procedure(problem: Problem, language: str) -> list[str]:
    """The full steps of the consumer case file or topic the problem points to, with their citations."""
    spec = problem.spec
    if problem.case:
        steps = document(f"consumer/cases/{problem.case}.yml")["steps"]
    elif spec.get("topic") and spec["topic"] in topics():
        steps = topics()[spec["topic"]]["steps"]
    else:
        return []
    answered = {remedy.id for remedy in problem.remedies}
    steps = [step for step in steps if not answered & set(step.get("covered_by", ()))]
    return [statement.render(language) for statement in step_statements(steps, language)]


def detail(problem: Problem, following: Problem | None, language: str, said: str = "") -> CaseReply:
    """The "more detail" view of one problem: each remedy with its conditions, the full steps, caveats, and
    for a consumer case its evidence checklist (✅ for what the person said they have, in `said`)."""
    lines = [message("casework_detail_heading", language, title=problem.title)]
    cites: list[str] = []
    for remedy in problem.remedies:
        lines.append("• " + remedy.statement().render(language))
        if remedy.detail:
            lines.append("  " + remedy.detail)
        cites += remedy.cites
    procedure = _procedure(problem, language)
    second = [message("steps_heading", language, title=problem.title), numbered(procedure)] if procedure else []
    if problem.case:
        items = document(f"consumer/cases/{problem.case}.yml")["evidence"]
        second.append(evidence_checklist(items, said, language))
    notes = caveats(cites, language) + [message("not_legal_advice", language)]
    if following is not None:
        notes.append(message("casework_detail_next", language, title=following.title))
    else:
        notes.append(message("casework_detail_done", language))
    reply = CaseReply(messages=["\n".join(lines), "\n".join(second + notes)], problems=[problem.id])
    if following is not None:
        reply.buttons.append((message("casework_more_button", language), MORE_PAYLOAD))
    reply.buttons.append((message("offer_human_button", language), HANDOFF_PAYLOAD))
    return reply
