"""The shared "collect facts → compute → render" pattern of every consultation flow.

Flows subclass `ConsultationAction` (answer from the tracker) and `FactsFormValidation` (ask only for
missing facts, accept "don't know", leave on "stop"). The knowledge and the calculations live in kb/.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.casework import (
    FORM_FACTS,
    SKIPPED_SLOT,
    casework_raised_now,
    casework_reply,
    precedent_text,
    resume_after_checkin,
    send_case_reply,
)
from actions.common import reply_language
from actions.facts_given import buyer_adds_to_consumer_case, corrects_a_fact, fact_answer_in_case, send_recomputed
from actions.problems import offer_other_problems
from actions.repeats import avoid_repeat
from kb.questions import question, question_slots
from kb.render import Answer, message
from kb.topics import topic_answer, topic_for_intent

HANDOFF_BUTTON_PAYLOAD = "/request_human"


def send_answer(
    dispatcher: CollectingDispatcher, answer: Answer, language: str, tracker: Tracker | None = None
) -> list[EventType]:
    """Send each bubble; when the case is complex, offer a social worker and record why."""
    for bubble in answer.bubbles:
        dispatcher.utter_message(text=bubble)
    # Several problems in one message (issue 10, actions/problems.py): name them and offer the unanswered ones.
    heard: list[EventType] = (
        offer_other_problems(dispatcher, tracker, language, covered=answer.covers) if tracker is not None else []
    )
    if not answer.handoff_reason:
        return heard
    dispatcher.utter_message(
        text=answer.handoff_text or message("offer_human", language),
        buttons=handoff_button(language),
    )
    return [*heard, SlotSet("handoff_reason", answer.handoff_reason)]


def handoff_button(language: str) -> list[dict[str, str]]:
    """The one "talk to a social worker" button; a "yes" after it hands over (actions/core.py)."""
    return [{"title": message("offer_human_button", language), "payload": HANDOFF_BUTTON_PAYLOAD}]


def leave_active_form(tracker: Tracker) -> list[EventType]:
    """Events that close whatever form is running, so a new topic starts cleanly."""
    if tracker.active_loop.get("name"):
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
    return []


class ConsultationAction(Action, ABC):
    """Render the answer for the facts collected so far; subclasses say how to build it."""

    @abstractmethod
    def name(self) -> str:
        """Each concrete consultation names itself (abstract bases are not registered as actions)."""

    @abstractmethod
    def answer(self, tracker: Tracker, language: str) -> Answer | None:
        """The answer for this conversation, or None when there is nothing to answer."""

    def after(self, tracker: Tracker) -> list[EventType]:
        """Extra events once the answer was sent (e.g. clearing facts that must not carry over)."""
        return []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Build the answer in the user's language and send it."""
        language = reply_language(tracker)
        answer = self.answer(tracker, language)
        if answer is None:
            dispatcher.utter_message(response="utter_default")
            return []
        answer, noted = avoid_repeat(tracker, answer, language)
        precedent = precedent_text(tracker, language)
        if precedent:
            # How a published case like this one was decided comes before the general steps.
            dispatcher.utter_message(text=precedent)
        return send_answer(dispatcher, answer, language, tracker) + self.after(tracker) + noted


class TopicAdvice(ConsultationAction):
    """Answer a merchant or streamer topic named by the latest intent, closing any form left open.

    When the message raises problems the casework rules cover (unpaid wages, no contract, agency fees …),
    the answer is the casework reply for the whole case instead of the topic's general steps.
    """

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """The casework reply when it applies, else the topic's steps."""
        language = reply_language(tracker)
        if fact_answer_in_case(tracker) or corrects_a_fact(tracker, language) or buyer_adds_to_consumer_case(tracker):
            # "有充值明细", "说错了，服务费是5万" or a buyer's "卖家还把我拉黑了" misread as a topic question is part of
            # the case under way.
            recomputed = send_recomputed(dispatcher, tracker, language)
            if recomputed is not None:
                return recomputed
        resumed = resume_after_checkin(dispatcher, tracker, language)
        if resumed is not None:
            return resumed + self.after(tracker)
        if casework_raised_now(tracker, language):
            # Consumer facts are asked by the consumer form; a topic answer asks only what it computes itself.
            reply = casework_reply(tracker, language, not_to_ask=FORM_FACTS)
            if reply is not None:
                return send_case_reply(dispatcher, tracker, reply) + self.after(tracker)
        return await super().run(dispatcher, tracker, domain)

    def answer(self, tracker: Tracker, language: str) -> Answer | None:
        """The topic's cited steps, or None when the intent names no topic."""
        topic = topic_for_intent(tracker.latest_message.get("intent", {}).get("name", ""))
        return topic_answer(topic["id"], language) if topic else None

    def after(self, tracker: Tracker) -> list[EventType]:
        """A new topic ends any consultation form that was running."""
        return leave_active_form(tracker)


class FactsFormValidation(FormValidationAction, ABC):
    """Form validation that asks only for facts the answer needs and lets the user skip one."""

    @abstractmethod
    def name(self) -> str:
        """`validate_<form>` of the concrete form."""

    @abstractmethod
    def needed(self, tracker: Tracker) -> list[str]:
        """The slots this conversation still needs, in asking order (before removing skipped ones)."""

    def before_validation(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Events applied before the usual validation; by default "不知道"/"skip" skips the current question."""
        requested = tracker.get_slot("requested_slot")
        if tracker.latest_message.get("intent", {}).get("name") != "skip" or not requested:
            return []
        skipped = list(tracker.get_slot(SKIPPED_SLOT) or [])
        return [SlotSet(SKIPPED_SLOT, skipped + [requested])] if requested not in skipped else []

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The needed facts minus the ones the user said they don't know."""
        skipped = tracker.get_slot(SKIPPED_SLOT) or []
        return [slot for slot in self.needed(tracker) if slot not in skipped]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Apply `before_validation`, then validate and pick the next question as usual."""
        extra = self.before_validation(dispatcher, tracker)
        tracker.add_slots(extra)
        return extra + await super().run(dispatcher, tracker, domain)


class AskAction(Action, ABC):
    """`action_ask_<slot>`: how a form asks for one slot, with the texts and buttons taken from knowledge."""

    slot: str

    @abstractmethod
    def name(self) -> str:
        """`action_ask_<slot>` (set on the generated subclasses)."""

    @abstractmethod
    def prompt(self, tracker: Tracker, language: str) -> tuple[str, list[tuple[str, str]]]:
        """The question text and its (title, payload) buttons."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Send the question in the user's language."""
        text, buttons = self.prompt(tracker, reply_language(tracker))
        dispatcher.utter_message(
            text=text, buttons=[{"title": title, "payload": payload} for title, payload in buttons]
        )
        return []


def _ask_action_name(self: AskAction) -> str:
    return f"action_ask_{self.slot}"


def ask_actions(base: type[Any], slots: list[str], namespace: dict[str, Any]) -> dict[str, type[AskAction]]:
    """One concrete ask action per slot, added to `namespace` (the module's globals) under its class name so the
    action server, which pickles actions, can import it."""
    module = namespace["__name__"]
    classes: dict[str, type[AskAction]] = {}
    for slot in slots:
        class_name = f"{base.__name__}_{slot}"
        attributes = {"slot": slot, "name": _ask_action_name, "__module__": module, "__qualname__": class_name}
        classes[slot] = namespace[class_name] = type(class_name, (base,), attributes)
    return classes


class AskQuestion(AskAction, ABC):
    """Ask a consultation question from knowledge/questions.yml."""

    def prompt(self, tracker: Tracker, language: str) -> tuple[str, list[tuple[str, str]]]:
        """The question and its buttons (options and "don't know")."""
        asked = question(self.slot, language)
        return asked.text, asked.buttons


# Questions are data: adding one to knowledge/questions.yml (and the slot to a form) needs no code.
QUESTION_ACTIONS = ask_actions(AskQuestion, question_slots(), globals())
