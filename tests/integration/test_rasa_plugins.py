"""The Rasa server's plugins (rasa_plugins/) in the Rasa environment, where they run: same decisions, less work.

- An action's answer is accepted or refused by the per-event-type check exactly when Rasa's full schema check
  (`jsonschema.validate` against the events schema) accepts or refuses it.
- The in-process `language` slot mapping gives what the action server's ActionDetectLanguage gives.
"""

from __future__ import annotations

import json
import os
import subprocess

from bot.stack import RASA_ENV, ROOT

ANSWERS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "language", "value": "en"}], "responses": [{"text": "hi"}]},
    {"events": [{"event": "slot", "name": 3, "value": "en"}]},
    {"events": [{"event": "followup", "name": "action_listen"}, {"event": "pause"}, {"event": "resume"}]},
    {"events": [{"event": "active_loop", "name": None}, {"event": "bot", "text": "x", "data": {}}]},
    {"events": [{"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": 1.0}}}]},
    {"events": [{"event": "user", "text": 5}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "language"}]},
    {"events": ["slot"]},
    {"events": [{"event": "slot", "name": "x", "value": 1, "timestamp": "yesterday"}]},
    {"events": {"event": "slot"}},
    {"responses": ["text"]},
    {"events": [{"event": "entities", "entities": [{"entity": "platform"}]}]},
]

SCRIPT = """
import json, sys
import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa_plugins import speedups
full = [None] * 0
for answer in json.loads(sys.argv[1]):
    try:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
        full.append(True)
    except jsonschema.ValidationError:
        full.append(False)
speedups.install()
fast = []
for answer in json.loads(sys.argv[1]):
    try:
        fast.append(RemoteAction("x", None)._validate_action_result(answer))
    except jsonschema.ValidationError:
        fast.append(False)
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.slots import BooleanSlot, CategoricalSlot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_plugins.local_slots import language_events
slots = [CategoricalSlot("language", [], values=["zh", "en"], initial_value="zh"), BooleanSlot("language_locked", [])]
def slot_after(texts, locked=False):
    events = [SlotSet("language_locked", True)] if locked else []
    for text in texts:
        events.append(UserUttered(text))
        tracker = DialogueStateTracker.from_events("t", events, slots)
        events += language_events(tracker)
    return DialogueStateTracker.from_events("t", events, slots).get_slot("language")
languages = [slot_after(["hi"]), slot_after(["你好", "ok"]), slot_after(["你好", "I would like to ask in English"]),
             slot_after(["hello"], locked=True), slot_after(["我买到假货了", "EXTERNAL_case_closed"])]
print(json.dumps({"full": full, "fast": fast, "languages": languages}))
"""


def test_the_plugins_decide_as_rasa_and_the_action_server_would() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="3", SQLALCHEMY_SILENCE_UBER_WARNING="1")
    result = subprocess.run(
        [str(RASA_ENV / "bin" / "python"), "-c", SCRIPT, json.dumps(ANSWERS)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["fast"] == found["full"], "the per-type check must accept exactly what the full schema accepts"
    assert found["full"].count(False) >= 6, "the samples include answers the schema refuses"
    assert found["languages"] == ["en", "zh", "en", "zh", "zh"]
