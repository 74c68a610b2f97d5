"""Two hot spots of a Rasa 3.6 turn, found by profiling (reports/bench/lean_turn.md), removed; behaviour unchanged.

1. Each custom action's JSON answer is checked with `jsonschema.validate`, which first re-validates Rasa's
   large, constant events schema against the JSON Schema meta-schema, on every call. Here the validator for a
   schema is built (and the schema checked) once; every answer is still validated in full.
2. Reading a tracker turns each stored event into an object via `Event.resolve_by_type`, which walks the whole
   Event class tree per event. Here the class found for a type name is remembered.
3. Even with (1), checking an action's answer against the events schema costs ~2 ms per call: each event is tried
   against all 23 `oneOf` alternatives. Every alternative fixes `event` to its own constant, so exactly the one
   named by the event's `event` can match; here each event is checked against that one alone (plus the common
   part), which accepts and rejects the same answers. Anything else goes through the full schema.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.schemas.events import EVENT_SCHEMA

_ORIGINAL_VALIDATE = jsonschema.validate
_VALIDATORS: dict[str, Any] = {}


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """`jsonschema.validate` with the validator for each distinct schema built (and the schema checked) once."""
    try:
        key = json.dumps(schema, sort_keys=True, default=str)
    except (TypeError, ValueError):
        _ORIGINAL_VALIDATE(instance, schema, cls, *args, **kwargs)
        return
    validator = _VALIDATORS.get(key)
    if validator is None:
        validator_class = cls or validators.validator_for(schema)
        validator_class.check_schema(schema)
        validator = _VALIDATORS[key] = validator_class(schema, *args, **kwargs)
    error = exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


_ORIGINAL_RESOLVE = Event.resolve_by_type
_EVENT_TYPES: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type` with each type name's class remembered (unknown names behave as before)."""
    found = _EVENT_TYPES.get(type_name)
    if found is None:
        found = _ORIGINAL_RESOLVE(type_name, default)
        if found is not None and getattr(found, "type_name", None) == type_name:
            _EVENT_TYPES[type_name] = found
    return found


def _by_event_type() -> dict[str, Any]:
    """A validator per event type: the common part of EVENT_SCHEMA with the one alternative for that type."""
    common = {key: value for key, value in EVENT_SCHEMA.items() if key != "oneOf"}
    found: dict[str, Any] = {}
    for alternative in EVENT_SCHEMA["oneOf"]:
        schema = {**common, "allOf": [alternative]}
        found[alternative["properties"]["event"]["const"]] = validators.validator_for(schema)(schema)
    if len(found) != len(EVENT_SCHEMA["oneOf"]):  # two alternatives for one type: `oneOf` would mean more
        raise RuntimeError("EVENT_SCHEMA alternatives no longer have one event constant each")
    return found


_EVENT_VALIDATORS: dict[str, Any] = {}


def event_errors(event: Any) -> exceptions.ValidationError | None:
    """The best error of one event of an action's answer, as the full events schema would report it; None if valid."""
    if not _EVENT_VALIDATORS:
        _EVENT_VALIDATORS.update(_by_event_type())
    name = event.get("event") if isinstance(event, dict) else None
    chosen = _EVENT_VALIDATORS.get(name) if isinstance(name, str) else None
    if chosen is None:  # not an object, or an unknown type: the full schema says what is wrong
        try:
            validate(event, EVENT_SCHEMA)
        except exceptions.ValidationError as error:
            return error
        return None
    error: exceptions.ValidationError | None = exceptions.best_match(chosen.iter_errors(event))
    return error


_ORIGINAL_RESULT_CHECK = RemoteAction._validate_action_result
_ANSWER_SHAPE = {"type": "object", "properties": {"events": {"type": "array"}, "responses": {"type": "array"}}}


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` checking each event against its own alternative only."""
    try:
        validate(result, _ANSWER_SHAPE)
        for response in result.get("responses") or []:
            validate(response, {"type": "object"})
        for event in result.get("events") or []:
            error = event_errors(event)
            if error is not None:
                raise error
    except exceptions.ValidationError:
        return _ORIGINAL_RESULT_CHECK(self, result)  # the same error message, from Rasa's own check
    return True


def install() -> None:
    """Install all three in this process (Rasa imports `validate` inside the function using it, so this holds)."""
    jsonschema.validate = validate
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign, assignment]
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
