"""The map's geometry: grid and street polygons as GeoJSON, sent to screens once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import Grid, Street


def map_geometry(session: Session) -> dict[str, Any]:
    """Active grid and street polygons as FeatureCollections, and the district's centre."""
    grids = session.execute(select(Grid.code, Grid.name, Grid.boundary, Grid.lon, Grid.lat)
                            .where(Grid.active).order_by(Grid.code)).all()
    streets = session.execute(select(Street.code, Street.name, Street.boundary)
                              .where(Street.boundary.is_not(None)).order_by(Street.code)).all()
    center = ([sum(g.lon for g in grids) / len(grids), sum(g.lat for g in grids) / len(grids)]
              if grids else None)
    return {
        "grids": _collection((g.code, g.name, g.boundary) for g in grids),
        "streets": _collection(streets),
        "center": center,
    }


def _collection(rows: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"code": code, "name": name},
         "geometry": boundary}
        for code, name, boundary in rows
    ]}
