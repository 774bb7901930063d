"""Reading submitted XForm instances safely (defusedxml), by local names, whatever the namespaces."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException


class InstanceError(ValueError):
    """The instance cannot be read; the message is French."""


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse(xml: bytes) -> Any:
    try:
        return ElementTree.fromstring(xml)
    except DefusedXmlException as exc:
        raise InstanceError("XML refusé : entités ou DTD interdites.") from exc
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise InstanceError(f"XML mal formé (ligne {line}, colonne {column}).") from exc


def children(element: Any, name: str) -> list[Any]:
    return [c for c in element if local(c.tag) == name]


def child(element: Any, name: str) -> Any | None:
    found = children(element, name)
    return found[0] if found else None


def walk(element: Any, name: str) -> Iterator[Any]:
    for node in element.iter():
        if local(node.tag) == name:
            yield node


def text(element: Any, *path: str) -> str:
    """The stripped text at a path of child names below `element` ("" when absent); groups are searched too."""
    node = element
    for name in path:
        found = child(node, name)
        if found is None:
            found = next((n for n in node.iter() if local(n.tag) == name), None)
        if found is None:
            return ""
        node = found
    return (node.text or "").strip()


def meta(root: Any, name: str) -> str:
    node = next(walk(root, "meta"), None)
    return text(node, name) if node is not None else ""


def leaves(element: Any, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Leaf answers below `element` by question name (groups flattened), not entering the repeats in `skip`."""
    found: dict[str, str] = {}

    def visit(node: Any) -> None:
        for item in node:
            name = local(item.tag)
            if name in skip:
                continue
            if len(item):
                visit(item)
            else:
                found.setdefault(name, (item.text or "").strip())

    visit(element)
    return found


def repeats(element: Any, name: str, skip: frozenset[str] = frozenset()) -> list[Any]:
    """The instances of repeat `name` below `element` (in groups too), not entering the repeats in `skip`."""
    found: list[Any] = []

    def visit(node: Any) -> None:
        for item in node:
            tag = local(item.tag)
            if tag == name:
                found.append(item)
            elif tag not in skip and len(item):
                visit(item)

    visit(element)
    return found
