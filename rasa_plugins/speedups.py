"""Two hot spots of a Rasa 3.6 turn, found by profiling (reports/bench/lean_turn.md), removed; behaviour unchanged.

1. Each custom action's JSON answer is checked with `jsonschema.validate`, which first re-validates Rasa's
   large, constant events schema against the JSON Schema meta-schema, on every call. Here the validator for a
   schema is built (and the schema checked) once; every answer is still validated in full.
2. Reading a tracker turns each stored event into an object via `Event.resolve_by_type`, which walks the whole
   Event class tree per event. Here the class found for a type name is remembered.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from jsonschema import exceptions, validators
from rasa.shared.core.events import Event

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


def install() -> None:
    """Install both in this process (Rasa imports `validate` inside the function that uses it, so this holds)."""
    jsonschema.validate = validate
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign, assignment]
