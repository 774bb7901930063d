"""Media files of the manifest, generated per user: the localités and the registered children of the user's
jurisdiction, as the CSV files `select_one_from_file` reads. Their hash changes when the register changes."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable

from django.http import Http404

from sosteci.access.models import User
from sosteci.access.scoping import jurisdiction_of
from sosteci.registry.selectors import children_for
from sosteci.territory.models import AdminUnit, Level

LOCALITES = "localites.csv"
CHILDREN = "enfants.csv"
LOCALITY_COLUMNS = ("name", "label", "sous_prefecture")
CHILD_COLUMNS = ("name", "label", "locality")


def md5(content: str) -> str:
    return "md5:" + hashlib.md5(content.encode("utf-8"), usedforsecurity=False).hexdigest()


def _csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def localites(user: User) -> str:
    unit = jurisdiction_of(user)
    if unit is None:
        return _csv(LOCALITY_COLUMNS, [])
    rows = (
        AdminUnit.objects.filter(unit.subtree_q(), level=Level.LOCALITE)
        .order_by("name", "pcode")
        .values_list("pcode", "name", "parent__name")
    )
    return _csv(LOCALITY_COLUMNS, ((pcode, f"{name} ({sp})", sp) for pcode, name, sp in rows))


def children(user: User) -> str:
    rows = (
        children_for(user)
        .order_by("family_name", "given_names", "id")
        .values_list("code", "family_name", "given_names", "locality__name", "locality__pcode")
    )
    return _csv(
        CHILD_COLUMNS,
        (
            (code, f"{family} {given} — {place}", pcode)
            for code, family, given, place, pcode in rows.iterator(chunk_size=2000)
        ),
    )


RENDERERS: dict[str, Callable[[User], str]] = {LOCALITES: localites, CHILDREN: children}


def render(name: str, user: User) -> str:
    renderer = RENDERERS.get(name)
    if renderer is None:
        raise Http404
    return renderer(user)
