"""Reject malformed input before a handler runs, as Google's front end does.

A request's query parameters and JSON body are checked against the called method's entry in the
discovery document: an integer parameter that is not a number, a value outside an enum, an
object where the schema has a list (``requests``, ``items``, ``values``) or a scalar where it
has an object (an event's ``start``) are a 400 naming the place, in the surface's error shape.
Handlers may then trust the shapes they read; a failure inside one is an emulator bug and the
server answers it with a 500.

Only shapes are checked (and, for the gRPC-style Sheets and Docs, enum values): unknown fields
are ignored and a string field takes any scalar, so a client that sends a little more than the
schema is served as before. A list of messages nested
in a list (``"requests": [[{...}]]``, as pygsheets sends from a tuple) is read flat, as Google's
JSON parser reads it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from workspace_emulator.core import discovery
from workspace_emulator.core.fields import parse as parse_fields
from workspace_emulator.core.framework import ApiError, ErrorStyle, Request

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|NaN|-?Infinity")
_SCALARS = (str, int, float, bool)
_PROTO = {"sheets": "google.apps.sheets.v4", "docs": "google.apps.docs.v1"}  # gRPC-style APIs
_BODY_FIELD = {"sheets.spreadsheets.values.update": "data",
               "sheets.spreadsheets.values.append": "data"}  # fmt: skip
_SCALAR_TYPE = {"int32": "TYPE_INT32", "int64": "TYPE_INT64", "uint32": "TYPE_UINT32",
                "double": "TYPE_DOUBLE", "float": "TYPE_FLOAT"}  # fmt: skip


class FieldViolation(ApiError):
    """A 400 that names the request field at fault, with Google's BadRequest detail."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(400, message, status="INVALID_ARGUMENT")
        self.field = field

    def body(self, style: ErrorStyle) -> dict[str, Any]:
        """Google's body plus ``details[].fieldViolations``."""
        out = super().body(style)
        violation = {"field": self.field, "description": self.message}
        out["error"]["details"] = [
            {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [violation]}
        ]
        return out


def check(request: Request) -> None:
    """Raise the 400 Google gives when ``request`` does not fit its method's description."""
    fields = request.arg("fields")
    if fields:
        parse_fields(fields)  # unbalanced parentheses: 400 before anything is written
    method = discovery.find(request.method_override(), request.path)
    if method is None:
        return
    # GAPIC REST clients (google-cloud-tasks) ask for enums as numbers, and send them so
    numeric_enums = "enum-encoding=int" in (request.arg("$alt") or "")
    _check_parameters(request, method.description.get("parameters", {}), numeric_enums)
    schema = method.description.get("request")
    if schema and _is_json(request):
        body = request.json()
        if not isinstance(body, dict):
            raise bad_request_body("Invalid JSON payload received. Expected an object.")
        shape = _Shape(method.schemas, _PROTO.get(method.api))
        shape.check(body, schema, _BODY_FIELD.get(method.ident, ""))
        if shape.flattened:  # the handler reads the body as Google's parser left it
            request.body = json.dumps(body).encode()


def bad_request_body(message: str) -> ApiError:
    """A 400 about the body as a whole."""
    return ApiError(400, message, reason="parseError", status="INVALID_ARGUMENT")


def _is_json(request: Request) -> bool:
    """True when the body is the method's JSON resource (not an upload's media)."""
    if request.path.startswith("/upload/") and (
        request.arg("uploadType") != "resumable" or request.arg("upload_id")
    ):
        return False
    content_type = request.headers.get("content-type", "application/json").lower()
    return "json" in content_type and bool(request.body.strip())


def _check_parameters(request: Request, parameters: dict[str, Any], numeric_enums: bool) -> None:
    for name, spec in parameters.items():
        if spec.get("location") != "query":
            continue
        for raw in request.args(name):
            allowed = _allowed_pattern(spec)
            if allowed and numeric_enums and "enum" in spec:
                allowed += r"|\d+"
            if allowed and not re.fullmatch(allowed, raw):
                raise ApiError(
                    400,
                    f"Invalid value '{raw}'. Values must match the following regular "
                    f"expression: '{allowed}'",
                    reason="invalidParameter",
                    location=name,
                )


def _allowed_pattern(spec: dict[str, Any]) -> str | None:
    if "enum" in spec:
        return "|".join(re.escape(value) for value in spec["enum"])
    kind = spec.get("type")
    if kind == "integer":
        return _INTEGER.pattern
    if kind == "boolean":
        return "true|false|True|False|1|0"
    return None


class _Shape:
    """Checks a JSON value against a discovery schema and words the 400 as the API does."""

    def __init__(self, schemas: dict[str, Any], proto: str | None) -> None:
        self.schemas = schemas
        self.proto = proto  # the proto package of a gRPC-style API, None for Drive/Calendar
        self.flattened = False

    def check(self, value: Any, schema: dict[str, Any], at: str) -> None:
        """Raise a 400 when ``value`` does not have the shape of ``schema`` (``at``: its place)."""
        name = schema.get("$ref")
        if name:
            schema = self.schemas.get(name, {})
        kind = schema.get("type", "any")
        if value is None or kind == "any":
            return
        if kind == "object":
            if not isinstance(value, dict):
                raise self.invalid(at, schema, name, value)
            properties = schema.get("properties", {})
            extra = schema.get("additionalProperties")
            for key, item in value.items():
                sub = properties.get(key, extra)
                if sub is not None:
                    self.check(item, sub, self._join(at, key, sub is extra))
        elif kind == "array":
            if not isinstance(value, list):
                raise self.invalid(at, schema, name, value)
            if "$ref" in schema.get("items", {}) and any(isinstance(v, list) for v in value):
                value[:] = _flat(value)  # Google reads [[a, b], c] as [a, b, c] for messages
                self.flattened = True
            for index, item in enumerate(value):
                self.check(item, schema.get("items", {}), f"{at}[{index}]")
        elif not _scalar_fits(value, kind):
            raise self.invalid(at, schema, name, value)
        elif self.proto and "enum" in schema and str(value) not in schema["enum"]:
            raise self.invalid(at, schema, name, value)  # proto enums are closed sets

    def _join(self, at: str, key: str, is_map_key: bool) -> str:
        if is_map_key:
            return f"{at}[{key}]"
        if self.proto:  # gRPC messages name the proto field: requests[0].add_sheet
            key = re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()
        return f"{at}.{key}" if at else key

    def invalid(self, at: str, schema: dict[str, Any], name: str | None, value: Any) -> ApiError:
        """The 400 for ``value`` at ``at``, in Google's words for the API."""
        shown = json.dumps(value)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        if self.proto is None:
            message = f"Invalid value at '{at}' ({schema.get('type', 'object')}), {shown}"
            return ApiError(400, message, reason="invalid")
        message = f"Invalid value at '{at}' ({self._type_name(schema, name)}), {shown}"
        return FieldViolation(message, at)

    def _type_name(self, schema: dict[str, Any], name: str | None) -> str:
        kind = schema.get("type")
        if kind == "array":
            items = schema.get("items", {})
            nested = items.get("items", {})
            if "$ref" not in items and (items.get("type", "any") == "any" or nested.get("type")
                                        == "any"):  # fmt: skip
                return "type.googleapis.com/google.protobuf.ListValue"
            return self._type_name(items, items.get("$ref"))
        if name or kind == "object":
            return f"type.googleapis.com/{self.proto}.{name or 'Struct'}"
        if "enum" in schema:
            return "TYPE_ENUM"
        if kind == "boolean":
            return "TYPE_BOOL"
        return _SCALAR_TYPE.get(schema.get("format", ""), "TYPE_STRING")


def _flat(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        out.extend(_flat(value) if isinstance(value, list) else [value])
    return out


def _scalar_fits(value: Any, kind: str) -> bool:
    if not isinstance(value, _SCALARS):
        return False
    if kind == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, float):
            return value.is_integer()
        return isinstance(value, int) or bool(_INTEGER.fullmatch(value))
    if kind == "number":
        return not isinstance(value, bool) and (
            isinstance(value, int | float) or bool(_NUMBER.fullmatch(value))
        )
    if kind == "boolean":
        return isinstance(value, bool) or value in ("true", "false")
    return True  # a string field takes any scalar
