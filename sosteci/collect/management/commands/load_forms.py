"""Compile the XLSForms of the repository (or the files given), check them with ODK Validate, and publish them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sosteci.collect.compiling import (
    ValidatorUnavailable,
    XFormInvalid,
    XLSFormError,
    compile_xlsform,
    iter_xlsforms,
    validate_xform,
)
from sosteci.collect.services import VersionChanged, xforms_publish


class Command(BaseCommand):
    help = (
        "Compile les XLSForms (sosteci/collect/xlsforms/ par défaut), les vérifie avec ODK Validate et publie "
        "chaque nouvelle version pour ODK Collect. Une version déjà publiée et inchangée ne change rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="Fichiers XLSForm (.xlsx) ; tous par défaut.")
        parser.add_argument(
            "--no-validate",
            action="store_true",
            help="Ne pas lancer ODK Validate (sans Java, il est sauté avec un avertissement).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = options["files"] or list(iter_xlsforms())
        compiled = []
        validate = not options["no_validate"]
        for path in files:
            try:
                form = compile_xlsform(path)
                if validate:
                    validate_xform(form.xml)
            except ValidatorUnavailable as exc:
                # The forms of the repository are validated by the test suite; a server without Java still
                # publishes them, and says so.
                self.stderr.write(f"Avertissement : {exc} Formulaires publiés sans ODK Validate.")
                validate = False
            except (XLSFormError, XFormInvalid) as exc:
                raise CommandError(f"{Path(path).name} : {exc}") from exc
            compiled.append(form)
        try:
            report = xforms_publish(by=None, forms=compiled)
        except (VersionChanged, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for label in report.published:
            self.stdout.write(f"Publié : {label}")
        self.stdout.write(f"Formulaires : {len(report.published)} publié(s), {len(report.unchanged)} inchangé(s).")
