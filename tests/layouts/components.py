"""Reading built layouts in tests: every component under a node."""

from __future__ import annotations

from collections.abc import Iterator

from dash.development.base_component import Component


def walk(node: object) -> Iterator[object]:
    """Every component and string under `node`, depth first."""
    yield node
    children = getattr(node, "children", None) if isinstance(node, Component) else node
    if isinstance(children, list | tuple):
        for child in children:
            yield from walk(child)
    elif children is not None and children is not node:
        yield from walk(children)


def texts(node: object) -> list[str]:
    """Every string shown under `node`."""
    return [item for item in walk(node) if isinstance(item, str)]
