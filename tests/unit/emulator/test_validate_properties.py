"""Property tests of the input check every call passes before its handler: whatever JSON a
client sends to whatever method, the check lets it through or answers Google's 400 — it never
fails itself (which the server would answer as a 500)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from workspace_emulator.core import discovery
from workspace_emulator.core.framework import ApiError, Request
from workspace_emulator.core.validate import check

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=20,
)  # fmt: skip
WITH_BODY = sorted(
    {m.ident: m for m in discovery.methods() if "request" in m.description}.values(),
    key=lambda m: m.ident,
)


def _path(method: discovery.Method) -> str:
    """A request path the method's pattern matches."""
    template = method.pattern.pattern.replace("\\", "")
    return template.replace("[^/]+", "x1").replace(".+", "x1")


def _field_names(method: discovery.Method) -> st.SearchStrategy[str]:
    schema = method.schemas.get(method.description["request"]["$ref"], {})
    return st.sampled_from(sorted(schema.get("properties", {})) or ["x"])


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_body_is_let_through_or_refused_with_a_400(data: st.DataObject) -> None:
    method = data.draw(st.sampled_from(WITH_BODY))
    keys = data.draw(st.lists(_field_names(method), max_size=4))
    body: Any = {key: data.draw(JSON) for key in keys}
    if data.draw(st.booleans()):
        body = data.draw(JSON)  # sometimes not even an object
    request = Request.from_target(
        method.http_method, _path(method), {"Content-Type": "application/json"},
        json.dumps(body).encode(),
    )  # fmt: skip
    assert discovery.find(method.http_method, request.path) is not None  # the check runs
    try:
        check(request)
    except ApiError as exc:
        assert exc.code == 400


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_query_parameter_is_let_through_or_refused_with_a_400(data: st.DataObject) -> None:
    method = data.draw(st.sampled_from(sorted(discovery.methods(), key=lambda m: m.ident)))
    names = sorted(method.description.get("parameters", {})) or ["fields"]
    query = "&".join(
        f"{name}={data.draw(st.text(alphabet='abc1-()0,', max_size=6))}"
        for name in data.draw(st.lists(st.sampled_from([*names, "fields"]), max_size=3))
    )
    request = Request.from_target(method.http_method, f"{_path(method)}?{query}", {}, b"")
    try:
        check(request)
    except ApiError as exc:
        assert exc.code == 400
