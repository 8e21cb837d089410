"""Check every feature of a grid layer against the code rules and the store."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

from data.places import polygons

GRID_CODE = re.compile(r"[0-9]{15}")
PEOPLE_COUNTS = ("households", "residents")


@dataclass(frozen=True)
class Known:
    """What the store already holds that a grid's code must fit."""

    district_code: str
    street_codes: frozenset[str]
    community_codes: frozenset[str]


@dataclass
class GridFeature:
    """One feature of the layer as read; fit to write once `problems` is empty."""

    index: int
    code: str = ""
    name: str = ""
    geometry: BaseGeometry | None = None
    community_name: str | None = None
    street_name: str | None = None
    # Only the optional properties the feature gives: households, residents, head, workers.
    people: dict[str, Any] = field(default_factory=dict)
    raw_code: Any = None
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        """Return the feature's problems as one line naming its index and code."""
        label = "no code" if self.raw_code is None else f"code {self.raw_code}"
        return f"feature {self.index} ({label}): " + "; ".join(self.problems)


def check_layer(
    collection: Any, known: Known, code_property: str, name_property: str
) -> tuple[list[GridFeature], list[str]]:
    """Return the layer's features and one line per bad feature (none when all are fit)."""
    features = collection.get("features") if isinstance(collection, dict) else None
    if collection_type(collection) != "FeatureCollection" or not isinstance(features, list):
        return [], [f"not a GeoJSON FeatureCollection (got {collection_type(collection)})"]
    read = [_read(i, f, code_property, name_property) for i, f in enumerate(features)]
    _check_duplicates(read)
    ours = [f for f in read if f.code and _in_district(f, known)]
    _check_parents(ours, known)
    return read, [feature.line() for feature in read if feature.problems]


def collection_type(collection: Any) -> str:
    """Return the GeoJSON type of a parsed document, or what Python type it is instead."""
    if isinstance(collection, dict):
        return str(collection.get("type"))
    return type(collection).__name__


def street_kind(code: str) -> str | None:
    """Return street, town or township from the 9-digit street code, or None if out of range."""
    number = int(code[6:9])
    if 1 <= number <= 99:
        return "street"
    if 100 <= number <= 199:
        return "town"
    return "township" if 200 <= number <= 399 else None


def community_kind(code: str) -> str | None:
    """Return community (居委会, 001–199) or village (村委会, 200–399) from its 12-digit code."""
    number = int(code[9:12])
    if 1 <= number <= 199:
        return "community"
    return "village" if 200 <= number <= 399 else None


def _read(index: int, feature: Any, code_property: str, name_property: str) -> GridFeature:
    """Read one feature on its own, noting every problem it has."""
    read = GridFeature(index)
    if not isinstance(feature, dict):
        read.problems.append("not a GeoJSON Feature")
        return read
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        read.problems.append("properties are not an object")
        properties = {}
    read.geometry, problem = polygons.read_geometry(feature.get("geometry"))
    read.problems.extend([problem] if problem else [])
    read.raw_code = properties.get(code_property)
    code = _code(read.raw_code)
    if code:
        read.code = code
    else:
        missing = read.raw_code is None
        read.problems.append("missing code" if missing else "code is not 15 digits")
    read.name = _text(read, properties, name_property, "name", required=True) or ""
    read.community_name = _text(read, properties, "community_name", "community_name")
    read.street_name = _text(read, properties, "street_name", "street_name")
    _read_people(read, properties)
    return read


def _code(raw: Any) -> str | None:
    """Return a 15-digit grid code; GIS tools often type codes as numbers, so ints pass."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    return raw if isinstance(raw, str) and GRID_CODE.fullmatch(raw) else None


def _text(
    read: GridFeature, properties: dict[str, Any], key: str, label: str, *, required: bool = False
) -> str | None:
    """Return a stripped text property of at most 100 characters, noting a bad one."""
    value = properties.get(key)
    if value is None:
        if required:
            read.problems.append(f"missing {label}")
        return None
    if not isinstance(value, str) or not value.strip():
        read.problems.append(f"{label} is not a non-empty string")
        return None
    if len(value.strip()) > 100:
        read.problems.append(f"{label} is longer than 100 characters")
        return None
    return value.strip()


def _read_people(read: GridFeature, properties: dict[str, Any]) -> None:
    """Keep the optional people properties the feature gives; null counts as not given."""
    for key in PEOPLE_COUNTS:
        value = properties.get(key)
        if value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            read.people[key] = value
        else:
            read.problems.append(f"{key} is not a whole number of 0 or more: {value!r}")
    head = properties.get("head")
    if head is not None:
        if isinstance(head, str) and len(head) <= 50:
            read.people["head"] = head
        else:
            read.problems.append("head is not a string of at most 50 characters")
    workers = properties.get("workers")
    if workers is not None:
        if isinstance(workers, list) and all(isinstance(w, str) for w in workers):
            read.people["workers"] = list(workers)
        else:
            read.problems.append("workers is not a list of strings")


def _check_duplicates(features: list[GridFeature]) -> None:
    """Mark every feature whose code another feature of the file also uses."""
    counts = Counter(f.code for f in features if f.code)
    users: dict[str, list[int]] = defaultdict(list)
    for feature in features:
        if counts[feature.code] > 1:
            users[feature.code].append(feature.index)
    for feature in features:
        others = [str(i) for i in users.get(feature.code, []) if i != feature.index]
        if others:
            feature.problems.append(f"code is also used by feature {', '.join(others)}")


def _in_district(feature: GridFeature, known: Known) -> bool:
    """Say whether the code lies in the store's district, noting it when not."""
    if feature.code[:6] == known.district_code:
        return True
    feature.problems.append(
        f"code is under district {feature.code[:6]}, not this store's {known.district_code}"
    )
    return False


def _check_parents(features: list[GridFeature], known: Known) -> None:
    """Require each grid's community and street to exist or be named so they can be made."""
    community_names = _names(features, "community", known.community_codes, 12, community_kind)
    street_names = _names(features, "street", known.street_codes, 9, street_kind)
    for feature in features:
        community = feature.code[:12]
        if community in known.community_codes:
            continue
        if community not in community_names and feature.community_name is None:
            feature.problems.append(
                f"community {community} is not in the store; give community_name to create it"
            )
        street = feature.code[:9]
        named = street in street_names or feature.street_name is not None
        if street not in known.street_codes and not named:
            feature.problems.append(
                f"street {street} is not in the store; give street_name to create it"
            )


def _names(
    features: list[GridFeature],
    unit: str,
    stored: frozenset[str],
    length: int,
    kind: Callable[[str], str | None],
) -> dict[str, str]:
    """Return the name each new community or street is given, noting clashes and bad numbers."""
    names: dict[str, tuple[str, int]] = {}
    for feature in features:
        code = feature.code[:length]
        name = getattr(feature, f"{unit}_name")
        if code in stored or name is None:
            continue
        if kind(code) is None:
            feature.problems.append(f"{unit} number {code[-3:]} is outside 001–399")
        elif code in names and names[code][0] != name:
            first, index = names[code]
            feature.problems.append(
                f"{unit} {code} is named {first} by feature {index}, not {name}"
            )
        else:
            names.setdefault(code, (name, feature.index))
    return {code: name for code, (name, _) in names.items()}
