"""The API's route table: each operation declared once, with pydantic models that both check
its requests and document it in the OpenAPI 3.1 document.

A view receives the checked body or query as a model and answers a model (or a model and a
status); a refusal is raised as `ApiError`. Every refusal has the same shape,
{"error", "message", "field"}, and is documented on every operation that can give it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, request
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema

from dashboard import auth
from dashboard.api import hostile
from dashboard.api.errors import TEXT, ApiError, ErrorOut
from data.domain import Role

REF = "#/components/schemas/{model}"


@dataclass
class Operation:
    method: str
    path: str
    view: Callable[..., Any]
    summary: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    answers: dict[int, type[BaseModel]] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    tag: str = "incidents"


class RouteTable:
    """The operations of one API version, registered on its blueprint and documented."""

    def __init__(self, blueprint: Blueprint, prefix: str, title: str, version: str) -> None:
        self.blueprint, self.prefix, self.title, self.version = blueprint, prefix, title, version
        self.operations: list[Operation] = []

    def add(self, method: str, path: str, view: Callable[..., Any], *, summary: str,
            body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
            answers: dict[int, type[BaseModel]], errors: tuple[int, ...] = (),
            tag: str = "incidents") -> None:
        """Serve `view` at `path` (with {name} path parameters) and document it."""
        operation = Operation(method, path, view, summary, body, query, answers, errors, tag)
        endpoint = re.sub(r"\W", "_", f"{method}_{path}")
        self.blueprint.add_url_rule(re.sub(r"{(\w+)}", r"<\1>", path), endpoint,
                                    _serve(operation), methods=[method],
                                    provide_automatic_options=False)
        self.operations.append(operation)

    def document(self) -> dict[str, Any]:
        """The OpenAPI 3.1 document of every operation."""
        pairs = {(ErrorOut, "serialization")}
        for op in self.operations:
            if op.body:
                pairs.add((op.body, "validation"))
            pairs |= {(model, "serialization") for model in op.answers.values()}
        keys, defs = models_json_schema(sorted(pairs, key=lambda p: (p[0].__name__, p[1])),
                                        ref_template=REF)
        paths: dict[str, dict[str, Any]] = {}
        for op in self.operations:
            paths.setdefault(self.prefix + op.path, {})[op.method.lower()] = _operation(op, keys)
        return {"openapi": "3.1.0",
                "info": {"title": self.title, "version": self.version},
                "paths": paths,
                "components": {"schemas": defs.get("$defs", {}),
                               "securitySchemes": {"bearer": {"type": "http",
                                                              "scheme": "bearer"}}},
                "security": [{"bearer": []}]}


def _operation(op: Operation, keys: dict) -> dict[str, Any]:
    error = {"content": {"application/json": {"schema": keys[(ErrorOut, "serialization")]}}}
    out: dict[str, Any] = {"operationId": op.view.__name__ + "_" + re.sub(r"\W", "_", op.path),
                           "summary": op.summary, "tags": [op.tag], "responses": {}}
    params = [{"name": name, "in": "path", "required": True,
               "schema": {"type": "string", "maxLength": 20}}
              for name in re.findall(r"{(\w+)}", op.path)]
    if op.query:
        schema = op.query.model_json_schema(ref_template=REF)
        params += [{"name": name, "in": "query", "required": name in schema.get("required", []),
                    "schema": prop, **({"description": prop["description"]}
                                       if "description" in prop else {})}
                   for name, prop in schema["properties"].items()]
    if params:
        out["parameters"] = params
    if op.body:
        out["requestBody"] = {"required": _required(op.body), "content": {"application/json": {
            "schema": keys[(op.body, "validation")]}}}
    for status, model in op.answers.items():
        out["responses"][str(status)] = {"description": model.__doc__.split("\n")[0],
                                         "content": {"application/json": {
                                             "schema": keys[(model, "serialization")]}}}
    needs = {401, 403, *op.errors} | ({400, 413, 422} if op.body else set()) | (
        {400, 422} if op.query else set())
    for status in sorted(needs):
        out["responses"][str(status)] = {"description": TEXT[status], **error}
    return out


def _serve(op: Operation) -> Callable[..., Any]:
    @auth.requires(Role.DISPLAY)  # who may do what is the view's to judge: roles and kinds
    @functools.wraps(op.view)
    def view(**path: str) -> Any:
        try:
            arguments: dict[str, Any] = dict(path)
            if op.query is not None:
                arguments["query"] = _checked_query(op.query)
            if op.body is not None:
                arguments["body"] = checked_body(op.body, request.get_data(cache=True))
            answer = op.view(**arguments)
        except ApiError as refusal:
            return refusal.response()
        status = next(iter(op.answers))
        if isinstance(answer, tuple):
            answer, status = answer
        return Response(answer.model_dump_json(), status, mimetype="application/json")
    return view


def checked_body(model: type[BaseModel], raw: bytes) -> BaseModel:
    """The body as `model`, or a refusal naming what is wrong with it."""
    if not raw.strip():
        if not _required(model):
            return model()  # a move with nothing to say: no body at all is fine
        raise ApiError(400, "malformed", "the body is empty; send a JSON object", "body")
    try:
        parsed = json.loads(raw)
    except RecursionError:
        raise ApiError(400, "malformed", "the body is nested too deeply", "body") from None
    except ValueError as error:
        raise ApiError(400, "malformed", f"the body is not JSON: {error}", "body") from None
    if not isinstance(parsed, dict):
        raise ApiError(400, "malformed", "the body must be a JSON object", "body")
    hostile.check(parsed)
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as error:
        raise _refusal(error) from None


def _checked_query(model: type[BaseModel]) -> BaseModel:
    args = {}
    for name, values in request.args.lists():
        if len(values) > 1:
            raise ApiError(400, "malformed", "give this parameter once", name)
        args[name] = values[0]
    hostile.check(args)
    try:
        return model.model_validate(args)
    except ValidationError as error:
        raise _refusal(error) from None


def _refusal(error: ValidationError) -> ApiError:
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    status = 400 if first["type"] in {"json_invalid", "json_type", "model_type"} else 422
    return ApiError(status, "invalid" if status == 422 else "malformed",
                    f"{where}: {first['msg']}", where)


def _required(model: type[BaseModel]) -> bool:
    return any(field.is_required() for field in model.model_fields.values())
