"""The callback guard: `/_dash-update-component` refuses what the page could not have sent, before Dash reads it.

Dash's dispatcher trusts the body's shape (a missing key or an unknown output is a 500): a body is refused with a
400 unless it is JSON (of any depth: Python's parser overflows its stack on deep nesting, a RecursionError) whose
output is a server callback and whose outputs, inputs and state are that callback's. A body larger than
MAX_BODY_BYTES is a 413 before it is read. The values are the callbacks' to read; they read them by the URL grammar.
"""

import json

from dash import Dash
from dash._utils import stringify_id
from flask import Response, request
from werkzeug.exceptions import RequestEntityTooLarge

# The page's largest callback body (the lazy drawing of every chart, with the URL state) is under 4 KB; a megabyte
# leaves room for any view and keeps a worker from parsing tens of megabytes (a 52 MB body cost one 300 MB).
MAX_BODY_BYTES = 1_048_576


def guard(app: Dash) -> None:
    """Check every callback request's size and shape before Dash's dispatcher sees it; cap every request body."""
    callbacks_path = app.config.routes_pathname_prefix + "_dash-update-component"
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES  # a chunked body too is cut off as it is read

    @app.server.before_request
    def _refuse_malformed_callbacks():
        if request.method == "POST" and request.path == callbacks_path:
            if (request.content_length or 0) > MAX_BODY_BYTES:
                return refusal(413, f"the body is over {MAX_BODY_BYTES} bytes")
            try:
                body = request.get_json(silent=True)
            except RecursionError:
                return refusal(400, "the JSON is nested too deep")
            except RequestEntityTooLarge:
                return refusal(413, f"the body is over {MAX_BODY_BYTES} bytes")
            fault = callback_fault(app, body)
            if fault:
                return refusal(400, fault)
        return None


def refusal(status: int, fault: str) -> Response:
    return Response(f"Bad callback request: {fault}\n", status=status, mimetype="text/plain")


def callback_fault(app: Dash, body) -> str | None:
    """What makes a callback request one the page could not have sent, or None: its output is a server callback,
    its outputs, inputs and state are that callback's (ids, properties) in order, and changedPropIds name inputs."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return "not a JSON object naming its output"
    spec = app.callback_map.get(body["output"])
    if spec is None or "callback" not in spec:  # clientside callbacks are in the map too, without a function
        return "no such server callback"
    outputs = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    sent = body.get("outputs")
    if not _sent_as(sent if isinstance(spec["output"], list) else [sent], [o.to_dict() for o in outputs]):
        return "outputs are not this callback's"
    for key in ("inputs", "state"):
        if not _sent_as(body.get(key, []), spec[key]):
            return f"{key} are not this callback's"
    changed = body.get("changedPropIds", [])
    named = {f"{stringify_id(i['id'])}.{i['property']}" for i in _flat(body.get("inputs", []))}
    if not isinstance(changed, list) or not all(isinstance(c, str) and c in named for c in changed):
        return "changedPropIds name no input of this callback"
    return None


def _sent_as(sent, specs: list[dict]) -> bool:
    return isinstance(sent, list) and len(sent) == len(specs) and all(
        all(_same_dependency(one, spec) for one in (item if isinstance(item, list) else [item]))
        for item, spec in zip(sent, specs))


def _same_dependency(sent, spec: dict) -> bool:
    """A sent {id, property} fits a declared one; a pattern id's wildcards fit any scalar of the same keys."""
    if not isinstance(sent, dict) or sent.get("property") != spec["property"]:
        return False
    given = sent.get("id")
    if not spec["id"].startswith("{"):
        return given == spec["id"]
    pattern = json.loads(spec["id"])
    return isinstance(given, dict) and given.keys() == pattern.keys() and all(
        isinstance(value, str | int | float) if isinstance(pattern[key], list) else value == pattern[key]
        for key, value in given.items())


def _flat(items) -> list:
    items = items if isinstance(items, list) else []
    return [one for item in items for one in (item if isinstance(item, list) else [item]) if isinstance(one, dict)]
