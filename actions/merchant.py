"""Merchant consultations: cited topic procedures, direct answers about claims ("能不能说X？") and the claim
checker, which only runs on text the merchant asked to have checked."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.casework import send_precedent
from actions.common import reply_language
from actions.consultation import ConsultationAction, TopicAdvice, leave_active_form, send_answer
from actions.thread import previous_turn_bot_texts
from kb.casework.facts import is_correction
from kb.compliance.asking import claim_answer, claims_asked, claims_followed_up, marked_script, script_in_message
from kb.compliance.checker import check_script
from kb.compliance.report import pitch_report
from kb.compliance.rules import classify
from kb.compliance.texts import text as compliance_text
from kb.merchant import merchant_answer
from kb.render import Answer


def _latest(tracker: Tracker) -> tuple[str, str]:
    message = tracker.latest_message
    return message.get("text") or "", message.get("intent", {}).get("name") or ""


def _category(tracker: Tracker) -> str | None:
    value = tracker.get_slot("product_category")
    return str(value) if value else None


def claims_or_script_answer(text: str, language: str, category: str | None) -> Answer | None:
    """A direct answer when the message asks about claims, a check when it labels or requests one, else None."""
    claims = claims_asked(text)
    if claims and not marked_script(text):
        return Answer(bubbles=claim_answer(text, claims, language, category))
    script = marked_script(text)
    return Answer(bubbles=pitch_report(script, language, category)) if script else None


def _answered_claims_just_now(tracker: Tracker) -> bool:
    """True when the bot's previous answer was a direct answer about claims."""
    headings = [compliance_text("answer_heading", lang, product="\0").split("\0")[0] for lang in ("zh", "en")]
    return any(heading in said for said in previous_turn_bot_texts(tracker) for heading in headings)


def claim_followup_answer(tracker: Tracker, language: str) -> Answer | None:
    """ "What about 'all natural'?" after a claim was checked: that claim judged for the same product, or None.

    Unquoted ("那纯天然呢") counts only right after a claim answer; a quoted phrase after any claim question."""
    latest, _ = _latest(tracker)
    claims = claims_followed_up(latest)
    said = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"][:-1]
    if not claims and _answered_claims_just_now(tracker):
        if is_correction(latest) and classify(latest) is not None:
            # "Sorry, it's a body lotion, not a face cream": every claim asked so far, judged for that product.
            asked = [claim for t in said for claim in claims_asked(t) or claims_followed_up(t)]
            if asked:
                return Answer(bubbles=claim_answer(latest, list(dict.fromkeys(asked)), language, _category(tracker)))
        # "Does it matter that I only sell ordinary moisturiser, not whitening products?": the claim it names.
        claims = list(dict.fromkeys(latest[flag.start : flag.end] for flag in check_script(latest).phrases))
    if not claims:
        return None
    earlier = [t for t in said if claims_asked(t) or marked_script(t)]
    quoted = any(mark in latest for mark in "\"“”'‘’「」")
    if not earlier or not (quoted or _answered_claims_just_now(tracker)):
        return None
    # The product is the one the earlier question named ("…to sell cosmetics …"), so the rule is the same.
    return Answer(bubbles=claim_answer(f"{earlier[-1]} {latest}", claims, language, _category(tracker)))


class ActionMerchantAdvice(TopicAdvice):
    """Merchant topics (several per message when it raises several), or a claim answer/check when asked."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_merchant_advice"

    def answer(self, tracker: Tracker, language: str) -> Answer | None:
        """Claims asked about or a script to check come first; otherwise the topics the message raises."""
        text, intent = _latest(tracker)
        category = _category(tracker)
        return (
            claim_followup_answer(tracker, language)
            or claims_or_script_answer(text, language, category)
            or merchant_answer(text, intent, language, category)
        )

    def after(self, tracker: Tracker) -> list[EventType]:
        """Record the service line as well."""
        return super().after(tracker) + [SlotSet("service_line", "merchant")]


class ActionPitchCheck(ConsultationAction):
    """Check a title or script the merchant asked to have checked, or answer their question about a claim;
    when the message holds neither, ask for the script with `pitch_form`."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_pitch_check"

    def answer(self, tracker: Tracker, language: str) -> Answer | None:
        """The claim answer or check report, or None when there is nothing to check yet."""
        category = _category(tracker)
        pasted = tracker.get_slot("pitch_text")
        if pasted:
            # Text sent when the form asked for the script: a question is still answered as a question.
            pasted = str(pasted)
            claims = claims_asked(pasted)
            if claims and not marked_script(pasted):
                return Answer(bubbles=claim_answer(pasted, claims, language, category))
            return Answer(bubbles=pitch_report(marked_script(pasted) or pasted, language, category))
        text, intent = _latest(tracker)
        direct = claim_followup_answer(tracker, language) or claims_or_script_answer(text, language, category)
        if direct:
            return direct
        script = script_in_message(text, intent)
        return Answer(bubbles=pitch_report(script, language, category)) if script else None

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Report on the script, or ask for it and open the form that waits for it."""
        language = reply_language(tracker)
        answer = self.answer(tracker, language)
        if answer is None:
            # A question about liability or penalties like a published case is answered from it; otherwise the
            # form asks for the script (action_ask_pitch_text) and brings it back here.
            if send_precedent(dispatcher, tracker, language):
                return leave_active_form(tracker)
            return leave_active_form(tracker) + [FollowupAction("pitch_form")]
        return send_answer(dispatcher, answer, language) + [
            SlotSet("pitch_text", None),
            SlotSet("service_line", "merchant"),
        ]
