"""A use-case answer in words, for the worksheet and the print view.

A structured answer keeps its facts as data (``{"every": 5, "unit": "minutes"}``); a reader of the
worksheet or the sign-off copy gets a sentence, never the raw JSON. Pure: no ORM.
"""

from __future__ import annotations

from planner.wizard.questions import is_placeholder
from planner.wizard.services import CUTOVER_SOURCES, INITIAL_LOAD_SCOPES, VOLUME_PERIODS

NO_ANSWER = "(no answer yet)"


def answer_text(text: str) -> str:
    """The typed answer, or a visible blank when it is not a real answer ("tbd", "n/a", too
    short to say anything): the wizard's and USE-001's own test, so they agree."""
    return NO_ANSWER if is_placeholder(text) else text


def noted(text: str) -> str:
    """What was typed where the answer is not a real one, so it stays visible as a note."""
    return f"Written: “{text.strip()}”." if text and text.strip() and is_placeholder(text) else ""


def _words(key: str) -> str:
    return key.replace("_", " ").replace("-", " ")


def _value(value) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, dict):
        return "; ".join(f"{_words(k)}: {_value(v)}" for k, v in sorted(value.items()) if v)
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    return str(value)


def data_sentence(data: dict | None, left: str = "left", right: str = "right") -> str:
    """The structured part of an answer as a sentence; empty when there is none. ``left`` and
    ``right`` name the connection's endpoints for per-product answers."""
    if not data:
        return ""
    if not isinstance(data, dict):  # a hand-written document may hold any JSON here
        return _value(data)
    sentences = []
    rest = dict(data)
    if rest.pop("confirmed", None):
        sentences.append("Confirmed.")
    every, unit = rest.pop("every", None), rest.pop("unit", None)
    if every:
        sentences.append(f"Synchronize every {every} {unit or ''}.".replace(" .", "."))
    scope, cutoff = rest.pop("scope", None), rest.pop("cutoff", None)
    if scope:
        sentence = INITIAL_LOAD_SCOPES.get(str(scope), _words(str(scope)))
        sentences.append(f"Initial load: {sentence}" + (f" (cut-off {cutoff})." if cutoff else "."))
    for key in ("from", "source"):
        source = rest.pop(key, None)
        if source:
            sentences.append(f"{CUTOVER_SOURCES.get(str(source), _words(str(source)))}.")
    types = rest.get("types")
    if isinstance(types, dict) and types:
        del rest["types"]
        volumes = []
        for name, volume in sorted(types.items()):
            if isinstance(volume, dict) and {"existing", "new", "per"} & volume.keys():
                per = volume.get("per") or ""
                parts = (
                    [f"{volume['existing']} existing"] if volume.get("existing") is not None else []
                )
                if volume.get("new") is not None:
                    parts.append(f"{volume['new']} new {VOLUME_PERIODS.get(per, per)}".strip())
                volumes.append(f"{name}: " + " and ".join(parts or ["not given"]))
            else:
                volumes.append(f"{name}: {_value(volume)}")
        sentences.append("Volumes: " + ", ".join(volumes) + ".")
    for side, name in (("left", left), ("right", right)):
        text = rest.pop(side, None)
        if text:
            sentences.append(f"{name}: {_value(text)}")
    for key, value in sorted(rest.items()):
        if value not in (None, "", [], {}):
            sentences.append(f"{_words(key).capitalize()}: {_value(value)}.")
    return " ".join(sentences)
