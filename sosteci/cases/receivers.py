"""Case management listens to the register: a classified visit opens, proposes or follows a case."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from sosteci.registry.events import visit_recorded
from sosteci.registry.models import Visit


@receiver(visit_recorded, dispatch_uid="cases_from_visit")
def open_or_follow(sender: Any, visit: Visit, **kwargs: Any) -> None:
    from sosteci.cases.services import visit_recorded as handle

    handle(visit)
