"""The district's places: grid layers, their checks and polygons, the map's geometry, scopes."""
