"""Filling an XForm's own instance as ODK Collect does: submissions built from the published forms themselves
(the demonstration data and the end-to-end tests use it).

The main instance of the downloaded XForm is copied; answers are written into its leaves by question name;
repeats are given as lists of answer dicts (their template copied once per item, unfilled repeats dropped, as
Collect sends no instance of a repeat with a count of 0); namespaces go, as in Collect's submissions.
"""

from __future__ import annotations

import copy
import uuid
import xml.etree.ElementTree as ET  # builds and serialises only; parsing goes through defusedxml
from collections.abc import Mapping, Sequence
from typing import Any

from defusedxml import ElementTree

from sosteci.collect.compiling import XFORMS, primary_instance

Answers = Mapping[str, "str | Sequence[Answers]"]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _strip(element: Any) -> Any:
    """A copy with local names only and no jr:template attribute."""
    copied = ET.Element(_local(element.tag), {_local(k): v for k, v in element.attrib.items() if "template" not in k})
    copied.text = element.text
    for child in element:
        copied.append(_strip(child))
    return copied


class XFormInstance:
    """The main instance of a compiled XForm, ready to be filled."""

    def __init__(self, xform_xml: str | bytes) -> None:
        html = ElementTree.fromstring(xform_xml)
        self.repeats = {r.get("nodeset", "").rsplit("/", 1)[-1] for r in html.iter(f"{XFORMS}repeat")}
        self.root = _strip(primary_instance(html))

    @property
    def form_id(self) -> str:
        return self.root.get("id", "")

    @property
    def version(self) -> str:
        return self.root.get("version", "")

    def fill(self, answers: Answers, *, instance_id: str | None = None, deprecated_id: str = "") -> bytes:
        root = copy.deepcopy(self.root)
        self._fill(root, answers)
        self._drop_unfilled_repeats(root)
        meta = self._find(root, "meta")
        self._find(meta, "instanceID").text = instance_id or f"uuid:{uuid.uuid4()}"
        if deprecated_id:
            ET.SubElement(meta, "deprecatedID").text = deprecated_id
        return ET.tostring(root, encoding="utf-8", xml_declaration=False)

    def _find(self, element: Any, name: str) -> Any:
        """The first element named `name` below `element`, not entering other repeats."""
        for child in element:
            if child.tag == name:
                return child
            if child.tag not in self.repeats and len(child):
                found = self._find_or_none(child, name)
                if found is not None:
                    return found
        raise KeyError(f"no question « {name} » under <{element.tag}>")

    def _find_or_none(self, element: Any, name: str) -> Any | None:
        try:
            return self._find(element, name)
        except KeyError:
            return None

    def _fill(self, element: Any, answers: Answers) -> None:
        for name, value in answers.items():
            if isinstance(value, str):
                node = self._find(element, name)
                if len(node):
                    raise KeyError(f"« {name} » is a group, not a question")
                node.text = value
                continue
            if name not in self.repeats:
                raise KeyError(f"« {name} » is not a repeat of the form")
            first = self._find(element, name)
            parent = next(p for p in element.iter() if first in list(p))
            position = list(parent).index(first)
            prototype = copy.deepcopy(first)
            for node in [c for c in parent if c.tag == name]:
                parent.remove(node)
            for offset, item in enumerate(value):
                instance = copy.deepcopy(prototype)
                instance.set("filled", "")
                self._fill(instance, item)
                parent.insert(position + offset, instance)

    def _drop_unfilled_repeats(self, element: Any) -> None:
        for child in list(element):
            if child.tag in self.repeats and "filled" not in child.attrib:
                element.remove(child)
                continue
            child.attrib.pop("filled", None)
            self._drop_unfilled_repeats(child)
