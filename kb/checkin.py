"""The concern-level check-in (knowledge/safety/checkin.yml): its questions, how answers are read, its texts.

Pure functions over the knowledge file, so the action, the tests and `./hotline kb` read it the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any, Literal

from kb.knowledge import document
from kb.render import pick
from kb.risk_subject import plain_text, risk_words_subjects, writer_is_a_subject
from nlu.risk import lexicon_signals

Answer = Literal["yes", "no", "skip", "unclear"]
# Button payloads are existing intents, so a tap is understood even outside the check-in.
PAYLOADS: dict[str, Answer] = {"/affirm": "yes", "/deny": "no", "/skip": "skip"}


def _data() -> dict[str, Any]:
    data: dict[str, Any] = document("safety/checkin.yml")
    return data


def screen_slots() -> list[str]:
    """The four screening questions' slot names, in order."""
    return [str(q["id"]) for q in _data()["questions"]]


def acuity_slot() -> str:
    """The "right now" question asked after any yes."""
    return str(_data()["acuity"]["id"])


def question_text(slot: str, language: str) -> str:
    """ "(n/total) question" for a screening slot, or the acuity question."""
    data = _data()
    if slot == acuity_slot():
        return str(pick(data["acuity"], language))
    slots = screen_slots()
    item = data["questions"][slots.index(slot)]
    return str(pick(data["question_format"], language)).format(
        n=slots.index(slot) + 1, total=len(slots), text=pick(item, language)
    )


def answer_buttons(language: str) -> list[tuple[str, str]]:
    """(title, payload) for yes / no / rather not say."""
    buttons = _data()["buttons"]
    return [(str(pick(buttons[answer], language)), payload) for payload, answer in PAYLOADS.items()]


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip(" .!?！？。，,~～")


def read_answer(text: str | None) -> Answer:
    """yes / no / skip from a typed answer or a button; "unclear" when it answers none of them.

    Short answers are read whole ("没有" is no although it contains "有"); a longer message counts when one of
    the words starts it ("有时候会这样想" → yes). Unsure ("maybe", "说不清") counts as yes, as in the ASQ.
    """
    if not text:
        return "unclear"
    if text.strip() in PAYLOADS:
        return PAYLOADS[text.strip()]
    said = _normalised(text)
    answers = _data()["answers"]
    for key in ("skip", "no", "yes"):
        words = sorted((str(w).lower() for w in answers[key]), key=len, reverse=True)
        if said in words or any(said.startswith(w) and _boundary(said, w) for w in words):
            return key  # type: ignore[return-value]
    return "unclear"


# After a one-character Chinese answer ("有", "是", "没") a longer message goes on with a pause or a particle
# ("有，前几天", "有的", "没啊"); "有人把我家地址发出来了" or "是这样的，…" answers nothing and is read again.
_AFTER_SHORT_ZH = re.compile(r"^([\s，,。.!！?？、~～…]|[啊呀吧呢的过点些哦嗯])")


def _boundary(said: str, word: str) -> bool:
    """A Latin word must end at a word boundary ("no" starts "nothing"); a one-character Chinese word must be
    followed by a pause or a particle."""
    rest = said[len(word) :]
    if not rest:
        return True
    if word[-1].isascii() and word[-1].isalpha():
        return not rest[:1].isalpha()
    return len(word) > 1 or bool(_AFTER_SHORT_ZH.match(rest))


def acknowledgement(language: str, words: str | None) -> str:
    """The first concern reply: the feeling first, their words echoed, the check-in announced, 12356."""
    data = _data()
    echo = str(pick(data["echo"], language)).format(words=words) if words else ""
    return f"{pick(data['acknowledge'], language).format(echo=echo)}\n{pick(data['hotline'], language)}"


def text(key: str, language: str) -> str:
    """One of the closing or button texts (negative_close, declined_close, continue_prompt, …)."""
    return str(pick(_data()[key], language))


# How many of the person's earlier messages say who they are writing about (and, in a held case, add up the risk).
EARLIER_MESSAGES = 5


def reports_someone_else(text: str, earlier: Sequence[str] = ()) -> bool:
    """True when the message tells of another person at risk and of no risk of the writer's own. `earlier` are
    the person's previous messages: "她昨天发朋友圈说下辈子不想再做人了" after "我朋友是主播…" is about the friend."""
    cues = _data()["third_party"]

    def said(name: str, said_text: str = text) -> bool:
        lowered = plain_text(said_text)
        return any(word in lowered for word in cues[name]["zh"]) or any(re.search(p, lowered) for p in cues[name]["en"])

    if said("self"):
        return False
    # Whose the risk words are, where the word lists found them: any of the writer's own means the writer.
    subjects = risk_words_subjects(text, [s.evidence for s in lexicon_signals(text) if s.evidence])
    named_before = any(said("others", t) or said("relatives", t) for t in earlier)
    if subjects:
        return "writer" not in subjects and (said("others") or said("relatives") or named_before)
    named = said("others") or ((said("relatives") or named_before) and said("reported"))
    return named and not writer_is_a_subject(text)  # no risk words to place: the writer speaking is the writer


def concern_reply(message: str, language: str) -> str:
    """What the message path says to a concern message when Rasa cannot run the check-in: for a report about
    someone else, how to help them; else the acknowledgement with 12356."""
    return text("third_party_concern" if reports_someone_else(message) else "offline_concern", language)


def threatened(text: str) -> bool:
    """True when the message says someone threatens, follows or exposes the writer ("说要来找我")."""
    words = _data()["threatened_words"]
    plain = plain_text(text)
    return bool(re.search(words["zh"], plain) or re.search(words["en"], plain))


def threatened_by_someone(text: str) -> bool:
    """Threatened, followed or exposed, with no word of the writer's own about dying: the danger is that person."""
    return threatened(text) and not any(s.kind == "suicide_risk" for s in lexicon_signals(text))


def crisis_kind(text: str, assessed: str | None) -> str:
    """The kind of a crisis for its reply and case: danger from someone when the writer is threatened or followed
    and says nothing of dying (the encoder calls that suicide risk), else the assessed kind (suicide risk if
    unsure)."""
    return "danger_to_others" if threatened_by_someone(text) else (assessed or "suicide_risk")


def about_someone_else(kind: str | None, text: str, earlier: Sequence[str] = ()) -> bool:
    """True when a crisis message reports another person at risk of harming themselves (not a threat to others)."""
    return kind != "danger_to_others" and reports_someone_else(text, earlier)


def safety_question(level: str, kind: str | None, language: str, text: str = "", earlier: Sequence[str] = ()) -> str:
    """The direct question after a crisis reply: for someone reporting another person, what they can do for them;
    else imminent, danger to others, or high."""
    questions = _data()["safety_question"]
    if about_someone_else(kind, text, earlier):
        return str(pick(questions["third_party_imminent" if level == "imminent" else "third_party"], language))
    # Threatened and no word of their own about dying: ask about their safety from that person.
    if threatened_by_someone(text):
        return str(pick(questions["threatened"], language))
    key = "danger_to_others" if kind == "danger_to_others" else ("imminent" if level == "imminent" else "high")
    return str(pick(questions[key], language))
