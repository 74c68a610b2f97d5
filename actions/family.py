"""A relative worried about an adult family member's live-stream buying: the family topic's cited steps
(knowledge/family/topics.yml), or the casework reply when the message also raises a case (a supplement that
made someone stop their medicine)."""

from __future__ import annotations

from actions.consultation import TopicAdvice


class ActionFamilyAdvice(TopicAdvice):
    """The family-overspending topic, closing any form left open."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_family_advice"
