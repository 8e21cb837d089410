"""Import and export a district's grid layer as GeoJSON (PRODUCT §2, §9)."""

from __future__ import annotations

import copy
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import Community, District, Grid, Incident, Street
from data.places import checks, locate, polygons
from data.places.checks import GridFeature, Known


class BoundaryError(ValueError):
    """A grid layer refused whole; `problems` holds one line per bad feature."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote."""

    created: int
    updated: int
    communities_created: int
    streets_created: int
    # Grids the layer no longer holds: kept inactive where incidents refer to them, else gone.
    deactivated: int = 0
    removed: int = 0


def import_grids(
    session: Session,
    collection: dict[str, Any],
    *,
    code_property: str = "code",
    name_property: str = "name",
) -> ImportSummary:
    """Make the FeatureCollection the grid layer, or refuse it whole before writing.

    Grids are upserted by code; a grid the layer no longer holds is removed, or, when
    incidents refer to it, kept inactive: not drawn, not found for new reports.
    """
    district = _the_district(session)
    known = Known(
        district_code=district.code,
        street_codes=frozenset(session.scalars(select(Street.code))),
        community_codes=frozenset(session.scalars(select(Community.code))),
    )
    features, problems = checks.check_layer(
        collection, known, code_property, name_property
    )
    if problems:
        raise BoundaryError(problems)
    streets = {street.code: street for street in session.scalars(select(Street))}
    communities = {c.code: c for c in session.scalars(select(Community))}
    streets_created = _add_streets(session, district, streets, features)
    communities_created = _add_communities(session, streets, communities, features)
    grids = {grid.code: grid for grid in session.scalars(select(Grid))}
    created = 0
    for feature in features:
        grid = grids.get(feature.code)
        if grid is None:
            grid = grids[feature.code] = Grid(code=feature.code)
            session.add(grid)
            created += 1
        _fill(grid, feature, communities[feature.code[:12]])
        grid.active = True
    deactivated, removed = _drop(session, grids, {feature.code for feature in features})
    _recompute([grid for grid in grids.values() if grid.active], communities, streets,
               features, dropped=[code for code in grids if code not in
                                  {feature.code for feature in features}])
    locate.layer_changed(session)
    session.flush()
    return ImportSummary(created, len(features) - created, communities_created, streets_created,
                         deactivated, removed)


def _drop(session: Session, grids: dict[str, Grid], kept: set[str]) -> tuple[int, int]:
    """Deactivate the grids not in `kept` that incidents refer to, remove the others."""
    gone = [grid for code, grid in grids.items() if code not in kept and grid.id is not None]
    referred = set(session.scalars(select(Incident.grid_id).where(
        Incident.grid_id.in_([grid.id for grid in gone])).distinct())) if gone else set()
    deactivated = removed = 0
    for grid in gone:
        if grid.id in referred:
            deactivated += grid.active
            grid.active = False
        else:
            session.delete(grid)
            del grids[grid.code]
            removed += 1
    return deactivated, removed


def _the_district(session: Session) -> District:
    """Return the store's one district, refusing a store with none or several."""
    districts = session.scalars(select(District).limit(2)).all()
    if not districts:
        raise BoundaryError(["the store has no district yet: create the district first"])
    if len(districts) > 1:
        raise BoundaryError(["the store holds more than one district; grids need exactly one"])
    return districts[0]


def _add_streets(
    session: Session, district: District, streets: dict[str, Street], features: list[GridFeature]
) -> int:
    """Create the streets the layer names that the store lacks; return how many."""
    before = len(streets)
    for feature in features:
        code = feature.code[:9]
        if code not in streets and feature.street_name is not None:
            kind = checks.street_kind(code)
            streets[code] = Street(
                district=district, code=code, name=feature.street_name, kind=kind
            )
            session.add(streets[code])
    return len(streets) - before


def _add_communities(
    session: Session,
    streets: dict[str, Street],
    communities: dict[str, Community],
    features: list[GridFeature],
) -> int:
    """Create the communities the layer names that the store lacks; return how many."""
    before = len(communities)
    for feature in features:
        code = feature.code[:12]
        if code not in communities and feature.community_name is not None:
            kind = checks.community_kind(code)
            communities[code] = Community(
                street=streets[code[:9]], code=code, name=feature.community_name, kind=kind
            )
            session.add(communities[code])
    return len(communities) - before


def _fill(grid: Grid, feature: GridFeature, community: Community) -> None:
    """Write a feature's name, boundary, inner point and given people onto its grid."""
    assert feature.geometry is not None  # checked: a feature without one is refused
    grid.community = community
    grid.name = feature.name
    grid.boundary = polygons.to_geojson(feature.geometry)
    grid.lon, grid.lat = polygons.point_inside(feature.geometry)
    for key, value in feature.people.items():
        setattr(grid, key, value)


def _recompute(
    grids: Iterable[Grid],
    communities: dict[str, Community],
    streets: dict[str, Street],
    features: list[GridFeature],
    dropped: Iterable[str] = (),
) -> None:
    """Set each touched community's and street's boundary to the union of its active grids."""
    by_prefix: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for grid in grids:
        by_prefix[grid.code[:12]].append(grid.boundary)
        by_prefix[grid.code[:9]].append(grid.boundary)
    touched = [feature.code for feature in features] + list(dropped)
    for code in {code[:12] for code in touched} & communities.keys():
        communities[code].boundary = polygons.union(by_prefix[code]) if by_prefix[code] else None
    for code in {code[:9] for code in touched} & streets.keys():
        streets[code].boundary = polygons.union(by_prefix[code]) if by_prefix[code] else None


def export_grids(session: Session) -> dict[str, Any]:
    """Return the active grid layer as a FeatureCollection in code order, fit to import again."""
    rows = session.execute(
        select(Grid, Community, Street)
        .join(Grid.community)
        .join(Community.street)
        .where(Grid.active)
        .order_by(Grid.code)
    )
    features = [
        {
            "type": "Feature",
            "geometry": copy.deepcopy(grid.boundary),
            "properties": {
                "code": grid.code,
                "name": grid.name,
                "community_code": community.code,
                "community_name": community.name,
                "street_code": street.code,
                "street_name": street.name,
                "households": grid.households,
                "residents": grid.residents,
                "head": grid.head,
                "workers": list(grid.workers),
            },
        }
        for grid, community, street in rows
    ]
    return {"type": "FeatureCollection", "features": features}


def read_collection(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a GeoJSON file, refusing one that is not a JSON object with its name and place."""
    path = Path(path)
    return parse_collection(path.read_bytes(), str(path))


def parse_collection(content: bytes, name: str) -> dict[str, Any]:
    """Parse a GeoJSON document (an uploaded file's bytes), refusing one that is not JSON."""
    try:
        # utf-8-sig: desktop GIS tools on Windows often start the file with a byte-order mark.
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise BoundaryError([f"{name}: not UTF-8 text (byte {error.start})"]) from error
    except json.JSONDecodeError as error:
        place = f"line {error.lineno} column {error.colno} (char {error.pos})"
        raise BoundaryError([f"{name}: not JSON: {error.msg} at {place}"]) from error
    except RecursionError as error:
        raise BoundaryError([f"{name}: nested too deeply"]) from error
    if not isinstance(document, dict):
        kind = checks.collection_type(document)
        raise BoundaryError([f"{name}: not a GeoJSON FeatureCollection (got {kind})"])
    return document


def outlines(session: Session, codes: Iterable[str]) -> list[dict[str, Any]]:
    """The named grids' exterior rings as the store holds them, for a preview map."""
    rows = session.scalars(select(Grid).where(Grid.code.in_(list(codes))).order_by(Grid.code))
    out = []
    for grid in rows:
        geometry = grid.boundary or {}
        polygons_ = ([geometry.get("coordinates", [])] if geometry.get("type") == "Polygon"
                     else geometry.get("coordinates", []))
        out.append({"code": grid.code, "name": grid.name,
                    "rings": [polygon[0] for polygon in polygons_ if polygon]})
    return out


def write_collection(collection: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write a FeatureCollection to a UTF-8 file, Chinese names kept readable."""
    text = json.dumps(collection, ensure_ascii=False)
    Path(path).write_text(text + "\n", encoding="utf-8")
