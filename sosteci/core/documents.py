"""Uploaded documents (reports, studies): only PDF, Word (DOCX) and Excel (XLSX), checked by name and content."""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Above this size a document is refused (reports with pictures stay well under it).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str
    label: str


PDF = DocumentType("pdf", "application/pdf", "PDF")
DOCX = DocumentType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)")
XLSX = DocumentType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)")
DOCUMENT_TYPES: dict[str, DocumentType] = {t.extension: t for t in (PDF, DOCX, XLSX)}
# The part every Office Open XML package of that kind holds.
OOXML_MAIN_PART = {"docx": "word/", "xlsx": "xl/"}


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _head(file: IO[bytes], size: int) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read(size)
    file.seek(position)
    return bytes(data)


def _holds_part(file: IO[bytes], prefix: str) -> bool:
    position = file.tell()
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return any(name.startswith(prefix) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(position)


def check_document(file: Any, label: str) -> DocumentType:
    """The type of an uploaded document, or a French error naming the field (`label`): the name must end in
    .pdf, .docx or .xlsx, the content must be of that type (a renamed file is refused), the size within the limit."""
    name = getattr(file, "name", "") or ""
    extension = _extension(name)
    kind = DOCUMENT_TYPES.get(extension)
    if kind is None:
        raise ValidationError(
            _(
                "« %(field)s » : le fichier « %(name)s » n'est pas accepté ; "
                "seuls les formats PDF, DOCX et XLSX le sont."
            )
            % {"field": label, "name": PurePath(name).name},
            code="document_type",
        )
    size = getattr(file, "size", None) or 0
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("« %(field)s » : le fichier pèse %(size)s Mo ; la limite est de %(max)s Mo.")
            % {
                "field": label,
                "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                "max": MAX_DOCUMENT_BYTES // 1024 // 1024,
            },
            code="document_size",
        )
    if size == 0:
        raise ValidationError(_("« %(field)s » : le fichier est vide.") % {"field": label}, code="document_empty")
    head = _head(file, 8)
    if extension == "pdf":
        ok = head.startswith(b"%PDF-")
    else:
        ok = head.startswith(b"PK\x03\x04") and _holds_part(file, OOXML_MAIN_PART[extension])
    if not ok:
        raise ValidationError(
            _("« %(field)s » : le contenu de « %(name)s » n'est pas un fichier %(kind)s valide.")
            % {"field": label, "name": PurePath(name).name, "kind": kind.label},
            code="document_content",
        )
    return kind


def stored_name(folder: str, original: str) -> str:
    """Where an upload is kept under MEDIA_ROOT: a folder per year, a random name (the original is kept apart)."""
    return f"{folder}/{timezone.now():%Y}/{uuid.uuid4().hex}.{_extension(original) or 'bin'}"


def download_name(original: str, fallback: str) -> str:
    """A safe file name for the download (the original's when it has one)."""
    name = PurePath(original or "").name.replace('"', "").strip()
    return name or fallback
