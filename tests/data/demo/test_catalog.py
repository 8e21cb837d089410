"""The demo whistle list has real-looking departments, items and deadlines."""

from __future__ import annotations

import re
from collections import Counter

from data.demo import catalog
from data.domain import ClassKind, LimitUnit

# Rough lengths in hours, only to compare limits counted in different units.
ROUGH_HOURS = {LimitUnit.HOURS: 1.0, LimitUnit.WORK_HOURS: 1.0, LimitUnit.WORK_DAYS: 8.0}


def item(name: str) -> catalog.ItemPlan:
    """Return the item called name."""
    return next(i for i in catalog.ITEMS if i.name == name)


def test_there_are_28_departments_with_unique_codes_names_and_short_names() -> None:
    departments = catalog.DEPARTMENTS
    assert len(departments) == 28
    assert [d.code for d in departments] == [f"D{n:02d}" for n in range(1, 29)]
    assert len({d.name for d in departments}) == 28
    assert len({d.short_name for d in departments}) == 28
    assert all(len(d.short_name) <= 4 for d in departments)


def test_whistle_list_has_36_items_in_the_three_classes() -> None:
    classes = catalog.ITEM_CLASSES
    assert [c.code for c in classes] == ["ZF", "GL", "YJ"]
    assert {c.kind for c in classes} == set(ClassKind)
    assert [c.name for c in classes] == ["综合执法", "管理服务", "应急处置"]
    assert len(catalog.ITEMS) == 36
    per_class = Counter(i.class_code for i in catalog.ITEMS)
    assert set(per_class) == {"ZF", "GL", "YJ"}


def test_item_codes_follow_their_class_and_names_are_unique() -> None:
    for plan in catalog.ITEMS:
        assert re.fullmatch(plan.class_code + r"\d{2}", plan.code)
    assert len({i.code for i in catalog.ITEMS}) == 36
    assert len({i.name for i in catalog.ITEMS}) == 36


def test_every_item_is_led_by_an_existing_department() -> None:
    codes = {d.code for d in catalog.DEPARTMENTS}
    assert all(i.lead_department in codes for i in catalog.ITEMS)


def test_all_three_limit_units_are_used() -> None:
    units = {i.response_unit for i in catalog.ITEMS} | {i.resolution_unit for i in catalog.ITEMS}
    assert units == set(LimitUnit)


def test_every_limit_is_positive() -> None:
    for plan in catalog.ITEMS:
        assert plan.response_amount > 0 and plan.resolution_amount > 0, plan.name
        assert plan.weight > 0, plan.name


def test_resolution_takes_longer_than_response() -> None:
    for plan in catalog.ITEMS:
        if plan.response_unit == plan.resolution_unit:
            assert plan.resolution_amount > plan.response_amount, plan.name
        response = plan.response_amount * ROUGH_HOURS[plan.response_unit]
        assert plan.resolution_amount * ROUGH_HOURS[plan.resolution_unit] > response, plan.name


def test_emergency_items_count_in_natural_hours() -> None:
    for plan in catalog.ITEMS:
        if plan.class_code == "YJ":
            assert plan.response_unit == plan.resolution_unit == LimitUnit.HOURS, plan.name
            assert plan.response_amount <= 1


def test_deadlines_match_the_product_examples() -> None:
    assert (item("违法建设").resolution_amount, item("违法建设").resolution_unit) == (
        15,
        LimitUnit.WORK_DAYS,
    )
    assert item("道路不洁").resolution_unit == LimitUnit.WORK_HOURS
    assert (item("火情").response_amount, item("火情").resolution_amount) == (0.5, 24)


def test_everyday_matters_are_reported_far_more_often_than_rare_ones() -> None:
    for common in ("垃圾清运不及时", "道路不洁", "占道经营", "噪音扰民"):
        for rare in ("火情", "燃气泄漏"):
            assert item(common).weight >= 10 * item(rare).weight
