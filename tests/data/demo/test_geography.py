"""The demo district is a plausible, exactly nested, deterministic hierarchy of grids."""

from __future__ import annotations

import random
import re

import pytest
import shapely
from shapely.geometry import Point, shape

from data.demo import geography
from data.demo.geography import CommunityPlan, DistrictPlan, GridPlan, StreetPlan

SEED = 2026


@pytest.fixture(scope="module")
def district() -> DistrictPlan:
    """Plan the district once for the whole module; planning is pure."""
    return geography.plan_district(SEED)


def communities_of(district: DistrictPlan) -> list[CommunityPlan]:
    """Return every community of the district."""
    return [c for street in district.streets for c in street.communities]


def grids_of(district: DistrictPlan) -> list[GridPlan]:
    """Return every grid of the district."""
    return [g for c in communities_of(district) for g in c.grids]


def assert_tiles(parent: dict, children: list[dict]) -> None:
    """Assert that the children cover parent with no gap and no overlap."""
    whole = shape(parent)
    parts = [shape(child) for child in children]
    union = shapely.union_all(parts)
    tolerance = 1e-9 * whole.area
    assert abs(union.area - whole.area) <= tolerance
    assert abs(sum(part.area for part in parts) - whole.area) <= tolerance
    assert whole.symmetric_difference(union).area <= tolerance
    left, right = shapely.STRtree(parts).query(parts, predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i < j:
            assert parts[i].intersection(parts[j]).area == 0


def test_district_has_about_seven_streets_fifty_communities_and_five_hundred_grids(
    district: DistrictPlan,
) -> None:
    assert 6 <= len(district.streets) <= 8
    assert 40 <= len(communities_of(district)) <= 60
    assert 450 <= len(grids_of(district)) <= 600


def test_streets_are_mostly_streets_with_one_or_two_towns_holding_villages(
    district: DistrictPlan,
) -> None:
    kinds = [street.kind for street in district.streets]
    assert set(kinds) <= {"street", "town"}
    assert kinds.count("town") in (1, 2)
    for street in district.streets:
        allowed = {"community", "village"} if street.kind == "town" else {"community"}
        assert {c.kind for c in street.communities} <= allowed
    assert any(c.kind == "village" for c in communities_of(district))


def test_every_boundary_is_a_valid_polygon(district: DistrictPlan) -> None:
    units = [district, *district.streets, *communities_of(district), *grids_of(district)]
    for unit in units:
        assert unit.geometry["type"] in {"Polygon", "MultiPolygon"}
        geometry = shape(unit.geometry)
        assert geometry.is_valid, unit.code
        assert geometry.area > 0, unit.code


def test_coordinates_are_written_with_six_decimals(district: DistrictPlan) -> None:
    for grid in grids_of(district):
        for x, y in shapely.get_coordinates(shape(grid.geometry)):
            assert (x, y) == (round(x, 6), round(y, 6))


def test_grids_tile_their_community_exactly(district: DistrictPlan) -> None:
    for community in communities_of(district):
        assert_tiles(community.geometry, [g.geometry for g in community.grids])


def test_communities_tile_their_street_exactly(district: DistrictPlan) -> None:
    for street in district.streets:
        assert_tiles(street.geometry, [c.geometry for c in street.communities])


def test_streets_tile_the_district_exactly(district: DistrictPlan) -> None:
    assert_tiles(district.geometry, [s.geometry for s in district.streets])


def test_all_grids_form_one_clean_coverage(district: DistrictPlan) -> None:
    assert shapely.coverage_is_valid([shape(g.geometry) for g in grids_of(district)])


def test_district_is_about_twelve_by_ten_km_near_hangzhou_and_not_a_rectangle(
    district: DistrictPlan,
) -> None:
    outline = shape(district.geometry)
    minx, miny, maxx, maxy = outline.bounds
    assert 11 <= (maxx - minx) * 96.2 <= 13
    assert 9 <= (maxy - miny) * 110.9 <= 11
    assert abs(outline.centroid.x - 120.2) < 0.05 and abs(outline.centroid.y - 30.2) < 0.05
    assert outline.area < 0.95 * outline.envelope.area


def test_codes_nest_from_district_to_grid(district: DistrictPlan) -> None:
    assert re.fullmatch(r"\d{6}", district.code)
    for street in district.streets:
        assert re.fullmatch(r"\d{9}", street.code) and street.code.startswith(district.code)
        for community in street.communities:
            assert re.fullmatch(r"\d{12}", community.code)
            assert community.code.startswith(street.code)
            for grid in community.grids:
                assert re.fullmatch(r"\d{15}", grid.code) and grid.code.startswith(community.code)


def test_street_codes_are_001_to_099_for_streets_and_100_to_199_for_towns(
    district: DistrictPlan,
) -> None:
    for street in district.streets:
        number = int(street.code[6:])
        low, high = (1, 99) if street.kind == "street" else (100, 199)
        assert low <= number <= high


def test_grids_are_numbered_from_001_in_each_community(district: DistrictPlan) -> None:
    for community in communities_of(district):
        numbers = [int(grid.code[12:]) for grid in community.grids]
        assert numbers == list(range(1, len(community.grids) + 1))


def test_codes_are_unique(district: DistrictPlan) -> None:
    units = [*district.streets, *communities_of(district), *grids_of(district)]
    assert len({unit.code for unit in units}) == len(units)


def test_names_look_real_and_are_unique_within_their_parent(district: DistrictPlan) -> None:
    suffixes = {"street": "街道", "town": "镇", "community": "社区", "village": "村"}
    assert district.name.endswith("区")
    assert len({s.name for s in district.streets}) == len(district.streets)
    for street in district.streets:
        assert street.name.endswith(suffixes[street.kind])
        assert len({c.name for c in street.communities}) == len(street.communities)
        for community in street.communities:
            assert community.name.endswith(suffixes[community.kind])
            expected = [f"{community.name}第{n}网格" for n in range(1, len(community.grids) + 1)]
            assert [grid.name for grid in community.grids] == expected


def test_grids_have_a_head_two_to_four_workers_and_plausible_counts(
    district: DistrictPlan,
) -> None:
    for grid in grids_of(district):
        people = [grid.head, *grid.workers]
        assert 2 <= len(grid.workers) <= 4
        assert len(set(people)) == len(people)
        assert all(2 <= len(name) <= 4 for name in people)
        assert 300 <= grid.households <= 1500
        assert 2.3 <= grid.residents / grid.households <= 3.0


def test_grid_centroid_lies_inside_its_grid(district: DistrictPlan) -> None:
    for grid in grids_of(district):
        assert shape(grid.geometry).contains(Point(grid.centroid))


def test_same_seed_gives_the_same_plan(district: DistrictPlan) -> None:
    assert geography.plan_district(SEED) == district


def test_another_seed_gives_another_layout(district: DistrictPlan) -> None:
    other = geography.plan_district(SEED + 1)
    assert other.geometry != district.geometry
    assert grids_of(other)[0].geometry != grids_of(district)[0].geometry


def test_random_point_lies_inside_its_grid_and_follows_the_rng(district: DistrictPlan) -> None:
    grids = grids_of(district)
    rng = random.Random(7)
    for grid in rng.sample(grids, 50):
        polygon = shape(grid.geometry)
        for _ in range(20):
            assert polygon.contains(Point(geography.random_point(grid, rng)))
    assert geography.random_point(grids[0], random.Random(1)) == geography.random_point(
        grids[0], random.Random(1)
    )


def test_street_plans_are_frozen(district: DistrictPlan) -> None:
    street: StreetPlan = district.streets[0]
    with pytest.raises(AttributeError):
        street.name = "改名街道"  # type: ignore[misc]
