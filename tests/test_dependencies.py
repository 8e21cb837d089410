"""The code's dependencies point one way, as STYLE.md draws them, read from every import.

dashboard → callbacks → layouts and data; layouts never imports data; data knows nothing of
Dash, Flask or sockets; and inside data each part imports only itself and the parts below it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
PRODUCT = ("dashboard", "callbacks", "layouts", "data")

# data's parts, from the bottom up: each may import itself and those before it, never those
# after. "core" is data's own modules (domain, store, schema, queries), models/ and
# migrations/. The incidents' trail settles their alerts by the rules in incidents/, so
# incidents/ stands below alerts/, which reads the incidents and writes their trail.
DATA_ORDER = ("core", "people", "places", "incidents", "alerts", "figures", "live", "demo")
CORE_PACKAGES = ("models", "migrations")

# What data must never import: the screen and the web, and the packages built on it.
NOT_IN_DATA = ("dash", "dash_socketio", "flask", "flask_login", "flask_socketio", "flask_wtf",
               "socketio", "engineio", "werkzeug", "plotly", "dashboard", "callbacks", "layouts")
# The wiring the callbacks reach into: who is asking (auth) and the store and settings (wiring).
CALLBACKS_MAY_USE = ("dashboard.auth", "dashboard.wiring")


def modules(package: str) -> list[Path]:
    """Every Python file of `package`, its migrations' versions included."""
    return sorted((PROJECT / package).rglob("*.py"))


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports, anywhere in it, as (line, dotted name).

    `from a.b import c` counts as importing `a.b.c`: c may be a module or a name in a.b, and
    either way the import reaches into a.b.
    """
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def under(name: str, roots: tuple[str, ...]) -> bool:
    """Whether the dotted `name` is one of `roots` or inside one of them."""
    return any(name == root or name.startswith(f"{root}.") for root in roots)


def data_part(name: str) -> str:
    """The part of data a dotted name inside data belongs to."""
    parts = name.split(".")
    if len(parts) > 1 and parts[1] in DATA_ORDER[1:]:
        return parts[1]
    return "core"


def where(path: Path, line: int, name: str) -> str:
    return f"{path.relative_to(PROJECT)}:{line} imports {name}"


def test_imports_are_absolute() -> None:
    relative = [where(path, line, name) for package in PRODUCT for path in modules(package)
                for line, name in imports(path) if name.startswith(".")]
    assert not relative


def test_layouts_import_neither_data_nor_the_wiring_nor_the_callbacks() -> None:
    wrong = [where(path, line, name) for path in modules("layouts")
             for line, name in imports(path) if under(name, ("data", "dashboard", "callbacks"))]
    assert not wrong


def test_data_knows_nothing_of_dash_flask_sockets_nor_the_screens() -> None:
    wrong = [where(path, line, name) for path in modules("data")
             for line, name in imports(path) if under(name, NOT_IN_DATA)]
    assert not wrong


def test_callbacks_reach_into_the_wiring_only_for_auth_and_the_wiring() -> None:
    wrong = [where(path, line, name) for path in modules("callbacks")
             for line, name in imports(path)
             if under(name, ("dashboard",)) and not under(name, CALLBACKS_MAY_USE)]
    assert not wrong


def test_the_product_never_imports_the_tests_nor_the_benchmarks() -> None:
    wrong = [where(path, line, name) for package in PRODUCT for path in modules(package)
             for line, name in imports(path) if under(name, ("tests", "bench"))]
    assert not wrong


def test_every_part_of_data_has_its_place_in_the_order() -> None:
    folders = {path.name for path in (PROJECT / "data").iterdir()
               if (path / "__init__.py").exists() or path.name in CORE_PACKAGES}
    assert folders - set(CORE_PACKAGES) == set(DATA_ORDER) - {"core"}


@pytest.mark.parametrize("part", DATA_ORDER[1:])
def test_each_part_of_data_opens_saying_what_it_owns(part: str) -> None:
    docstring = ast.get_docstring(ast.parse((PROJECT / "data" / part / "__init__.py")
                                            .read_text(encoding="utf-8")))
    assert docstring and docstring.splitlines()[0].strip()


@pytest.mark.parametrize("part", DATA_ORDER)
def test_each_part_of_data_imports_only_itself_and_the_parts_below(part: str) -> None:
    below = DATA_ORDER[:DATA_ORDER.index(part) + 1]
    files = [path for path in modules("data")
             if data_part(".".join(path.relative_to(PROJECT).with_suffix("").parts)) == part]
    assert files
    wrong = [where(path, line, name) for path in files for line, name in imports(path)
             if under(name, ("data",)) and data_part(name) not in below]
    assert not wrong
