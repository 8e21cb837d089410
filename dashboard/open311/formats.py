"""Open311 answers as JSON or XML: a list of flat records under the spec's element names."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree

from flask import Response

FORMATS = ("json", "xml")
# Characters XML 1.0 cannot carry, and halves of surrogate pairs: dropped from answers.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Refusal(Exception):
    """An Open311 error: its HTTP status and a description naming what is wrong."""

    def __init__(self, status: int, description: str, allow: tuple[str, ...] = ()) -> None:
        super().__init__(description)
        self.status, self.description = status, UNWRITABLE.sub("?", description)
        self.allow = allow  # the methods a 405's path takes


def answer(records: list[dict[str, Any]], fmt: str, root: str, element: str,
           status: int = 200) -> Response:
    """`records` as a JSON array, or as XML: `<root><element>…</element>…</root>`."""
    if fmt == "xml":
        tree = ElementTree.Element(root)
        for record in records:
            _fill(ElementTree.SubElement(tree, element), record)
        body = ElementTree.tostring(tree, encoding="utf-8", xml_declaration=True)
        return Response(body, status, content_type="text/xml; charset=utf-8")
    return Response(json.dumps(records, ensure_ascii=False), status,
                    content_type="application/json; charset=utf-8")


def answer_one(record: dict[str, Any], fmt: str, root: str) -> Response:
    """One record as a JSON object, or as XML under `root`."""
    if fmt == "xml":
        tree = ElementTree.Element(root)
        _fill(tree, record)
        body = ElementTree.tostring(tree, encoding="utf-8", xml_declaration=True)
        return Response(body, 200, content_type="text/xml; charset=utf-8")
    return Response(json.dumps(record, ensure_ascii=False), 200,
                    content_type="application/json; charset=utf-8")


def refused(refusal: Refusal, fmt: str) -> Response:
    """The spec's errors: `[{"code", "description"}]`, or `<errors><error>…`."""
    response = answer([{"code": refusal.status, "description": refusal.description}],
                      fmt if fmt in FORMATS else "json", "errors", "error", refusal.status)
    if refusal.allow:
        response.headers["Allow"] = ", ".join(refusal.allow)
    return response


def _fill(node: ElementTree.Element, record: dict[str, Any]) -> None:
    for key, value in record.items():
        child = ElementTree.SubElement(node, key)
        if isinstance(value, list):  # attributes, endpoints, formats: one element each
            for each in value:
                item = ElementTree.SubElement(child, key.removesuffix("s"))
                if isinstance(each, dict):
                    _fill(item, each)
                else:
                    item.text = UNWRITABLE.sub("", str(each))
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = UNWRITABLE.sub("", str(value))
