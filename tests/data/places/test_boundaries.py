"""Importing and exporting the grid layer as GeoJSON, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from shapely.geometry import Point, shape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import Community, District, Grid, Street
from data.places import boundaries
from tests.factories import square, town


def feature(code: Any, geometry: dict | None, name: str | None = "网格", **extra: Any) -> dict:
    """A GeoJSON Feature with a code, a name and any other properties."""
    properties = {"code": code, "name": name, **extra}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def layer(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def district_only(session: Session) -> District:
    district = District(code="330100", name="测试区")
    session.add(district)
    session.flush()
    return district


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def grid(session: Session, code: str) -> Grid:
    return session.scalars(select(Grid).where(Grid.code == code)).one()


def test_import_creates_grids_and_the_communities_and_streets_it_names(session: Session) -> None:
    district_only(session)
    names = {"community_name": "翠苑社区", "street_name": "望江街道"}
    collection = layer(
        feature(
            "330100001001001",
            square(120.0, 30.0),
            "翠苑第1网格",
            households=420,
            residents=1100,
            head="李强",
            workers=["张伟"],
            **names,
        ),
        feature("330100001001002", square(120.01, 30.0), "翠苑第2网格", **names),
        feature(
            "330100101201001",
            square(120.0, 30.01),
            "东村第1网格",
            community_name="东村",
            street_name="临平镇",
        ),
    )

    summary = boundaries.import_grids(session, collection)

    assert summary == boundaries.ImportSummary(
        created=3, updated=0, communities_created=2, streets_created=2
    )
    streets = {s.code: s.kind for s in session.scalars(select(Street))}
    assert streets == {"330100001": "street", "330100101": "town"}
    communities = {c.code: c.kind for c in session.scalars(select(Community))}
    assert communities == {"330100001001": "community", "330100101201": "village"}
    first = grid(session, "330100001001001")
    assert (first.name, first.households, first.residents) == ("翠苑第1网格", 420, 1100)
    assert (first.head, first.workers) == ("李强", ["张伟"])
    assert shape(first.boundary).contains(Point(first.lon, first.lat))
    assert round(first.lon, 6) == first.lon and round(first.lat, 6) == first.lat
    second = grid(session, "330100001001002")
    assert (second.households, second.residents, second.head, second.workers) == (0, 0, None, [])


def test_community_and_street_boundaries_become_the_union_of_their_grids(
    session: Session,
) -> None:
    place = town(session)
    collection = layer(feature("330100001001001", square(120.0, 30.0, 0.01)),
                       feature("330100001001002", square(120.01, 30.0, 0.02), "放大的网格"),
                       feature("330100001002003", square(120.02, 30.0, 0.01)))

    boundaries.import_grids(session, collection)

    grids = shape(square(120.0, 30.0, 0.01)).union(shape(square(120.01, 30.0, 0.02)))
    assert shape(place.communities[0].boundary).equals(grids)
    # The street takes in its other community's grid too.
    assert shape(place.street.boundary).covers(shape(place.grids[2].boundary))
    assert shape(place.communities[1].boundary).equals(shape(square(120.02, 30.0, 0.01)))


def test_reimport_updates_grids_instead_of_duplicating(session: Session) -> None:
    town(session)
    collection = layer(
        feature("330100001001001", square(120.0, 30.0), "新名字", households=10),
        feature("330100001001002", square(120.01, 30.0), "第2网格"),
        feature("330100001002003", square(120.02, 30.0), "第3网格"),
        feature("330100001002004", square(120.03, 30.0), "第4网格"),
    )

    first = boundaries.import_grids(session, collection)
    again = boundaries.import_grids(session, collection)

    assert (first.created, first.updated) == (1, 3)
    assert again == boundaries.ImportSummary(0, 4, 0, 0)
    assert count(session, Grid) == 4
    renamed = grid(session, "330100001001001")
    assert (renamed.name, renamed.households, renamed.residents) == ("新名字", 10, 1300)


def test_export_then_import_into_a_fresh_store_reproduces_the_grids(
    session: Session, tmp_path: Path
) -> None:
    town(session)
    path = tmp_path / "grids.geojson"
    boundaries.write_collection(boundaries.export_grids(session), path)
    # The town was only flushed: rolling back leaves the fresh, empty store of the fixture.
    session.rollback()
    district_only(session)

    summary = boundaries.import_grids(session, boundaries.read_collection(path))

    assert summary == boundaries.ImportSummary(3, 0, 2, 1)
    before, after = boundaries.read_collection(path), boundaries.export_grids(session)
    assert [f["properties"] for f in after["features"]] == [
        f["properties"] for f in before["features"]
    ]
    for old, new in zip(before["features"], after["features"], strict=True):
        assert new["geometry"]["type"] == old["geometry"]["type"]
        old_xy, new_xy = old["geometry"]["coordinates"], new["geometry"]["coordinates"]
        assert np.allclose(np.array(new_xy), np.array(old_xy), rtol=0, atol=1e-6)
    assert "翠苑社区" in path.read_text(encoding="utf-8")


def test_bad_file_is_refused_whole_with_one_line_per_bad_feature(session: Session) -> None:
    town(session)
    bow_tie = {
        "type": "Polygon",
        "coordinates": [
            [[120.0, 30.0], [120.01, 30.01], [120.01, 30.0], [120.0, 30.01], [120.0, 30.0]]
        ],
    }
    line = {"type": "LineString", "coordinates": [[120.0, 30.0], [120.01, 30.01]]}
    collection = layer(
        feature("330100001001004", square(120.03, 30.0)),
        feature("330100001001005", bow_tie),
        feature("33010000100100", square(120.04, 30.0)),
        feature("330200001001001", square(120.05, 30.0)),
        feature("330100001001004", square(120.06, 30.0)),
        feature("330100001002006", line),
        feature("330100001002007", square(120.07, 30.0), name=None),
        feature("330100001003001", square(120.08, 30.0), community_name="新社区"),
    )
    grids, communities = count(session, Grid), count(session, Community)

    with pytest.raises(boundaries.BoundaryError) as refused:
        boundaries.import_grids(session, collection)

    problems = refused.value.problems
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert len(problems) == 7
    for index, problem in enumerate(problems):
        assert problem.startswith(f"feature {index} (code {codes[index]}): ")
    assert "also used by feature 4" in problems[0]
    assert "geometry is not valid: Self-intersection[120.005 30.005]" in problems[1]
    assert "not 15 digits" in problems[2]
    assert "district 330200" in problems[3]
    assert "also used by feature 0" in problems[4]
    assert "LineString" in problems[5]
    assert "missing name" in problems[6]
    assert str(refused.value) == "\n".join(problems)
    assert (count(session, Grid), count(session, Community)) == (grids, communities)
    assert not session.new and not session.dirty


def test_multipolygon_grid_is_accepted(session: Session) -> None:
    town(session)
    islands = {
        "type": "MultiPolygon",
        "coordinates": [
            square(120.0, 30.0, 0.004)["coordinates"],
            square(120.006, 30.006, 0.004)["coordinates"],
        ],
    }

    boundaries.import_grids(session, layer(feature("330100001001009", islands, "两岛网格")))

    stored = grid(session, "330100001001009")
    assert stored.boundary["type"] == "MultiPolygon"
    assert shape(stored.boundary).area == pytest.approx(2 * 0.004**2)
    assert shape(stored.boundary).contains(Point(stored.lon, stored.lat))


def test_projected_metres_are_refused_as_not_lon_lat(session: Session) -> None:
    town(session)
    metres = square(40_512_345.0, 3_345_678.0, 500.0)

    with pytest.raises(boundaries.BoundaryError, match="not WGS-84 lon/lat"):
        boundaries.import_grids(session, layer(feature("330100001001009", metres)))


def test_grid_in_an_unknown_community_without_its_name_is_refused_with_a_hint(
    session: Session,
) -> None:
    town(session)

    with pytest.raises(boundaries.BoundaryError, match="give community_name to create it"):
        boundaries.import_grids(session, layer(feature("330100001009001", square(120.0, 30.0))))


def test_import_into_a_store_without_a_district_is_refused(session: Session) -> None:
    with pytest.raises(boundaries.BoundaryError, match="no district"):
        boundaries.import_grids(session, layer(feature("330100001001001", square(120.0, 30.0))))


def test_document_that_is_not_a_feature_collection_is_refused(session: Session) -> None:
    district_only(session)

    with pytest.raises(boundaries.BoundaryError, match="not a GeoJSON FeatureCollection"):
        boundaries.import_grids(session, {"type": "Polygon", "coordinates": []})


def test_file_that_is_not_json_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "网格.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [,]}', encoding="utf-8")

    with pytest.raises(boundaries.BoundaryError) as refused:
        boundaries.read_collection(path)

    assert str(path) in str(refused.value)
    assert "line 1 column 44" in str(refused.value)
