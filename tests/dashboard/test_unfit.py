"""One walk finds what no field may hold, for the pages' guard and the API's alike."""

from __future__ import annotations

import pytest

from dashboard import unfit


def refusal(value, **how) -> unfit.Unfit:
    with pytest.raises(unfit.Unfit) as raised:
        unfit.check(value, **{"deepest": 8, "status": 422, **how})
    return raised.value


def test_a_place_is_named_as_each_caller_names_it():
    body = {"co": ["D01", "a\x00"]}
    assert refusal(body).field == "body.co[1]"
    assert refusal(body, root="", brackets=False).field == "co.1"


def test_runaway_nesting_is_named_by_its_member_and_answered_with_the_callers_status():
    deep = {"title": "ok", "address": [[[[[[[[[["x"]]]]]]]]]]}
    bad = refusal(deep, root="", brackets=False, status=422)
    assert (bad.field, bad.status) == ("address", 422) and "nested" in bad.message
    assert refusal([[[[[[[[[[]]]]]]]]]], status=400).field == "body"
    unfit.check(deep, deepest=64, status=400)  # deep enough for the pages' guard


def test_the_first_flaw_in_document_order_is_named():
    body = {"a": 2**64, "b": float("nan"), "c": "\ud800"}
    assert refusal(body, root="", brackets=False).field == "a"
    assert refusal({"b": float("inf")}, root="", brackets=False).field == "b"
    assert refusal({"x\x00": 1}).message.startswith("a key")
