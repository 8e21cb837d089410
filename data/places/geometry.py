"""The map's geometry: grid and street polygons as GeoJSON, sent to screens once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import Community, Grid, Street


def map_geometry(session: Session) -> dict[str, Any]:
    """Active grid and street polygons as FeatureCollections, and the district's centre."""
    grids = session.execute(select(Grid.code, Grid.name, Grid.boundary, Grid.lon, Grid.lat,
                                   Street.code.label("street"))
                            .join(Community, Grid.community_id == Community.id)
                            .join(Street, Community.street_id == Street.id)
                            .where(Grid.active).order_by(Grid.code)).all()
    streets = session.execute(select(Street.code, Street.name, Street.boundary)
                              .where(Street.boundary.is_not(None)).order_by(Street.code)).all()
    center = ([sum(g.lon for g in grids) / len(grids), sum(g.lat for g in grids) / len(grids)]
              if grids else None)
    return {
        "grids": _collection((g.code, g.name, g.boundary, g.street) for g in grids),
        "streets": _collection((s.code, s.name, s.boundary, s.code) for s in streets),
        "center": center,
    }


def of_street(geometry: dict[str, Any], street: str) -> dict[str, Any]:
    """The map's geometry of one street alone: its grids and its own border."""
    def kept(collection: dict[str, Any]) -> dict[str, Any]:
        return {**collection, "features": [feature for feature in collection["features"]
                                           if feature["properties"]["street"] == street]}

    return {**geometry, "grids": kept(geometry["grids"]), "streets": kept(geometry["streets"])}


def _collection(rows: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"code": code, "name": name,
                                                       "street": street},
         "geometry": boundary}
        for code, name, boundary, street in rows
    ]}
