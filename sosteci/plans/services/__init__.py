"""Writes to action plans: importing documents (importing), execution and financing, indicator actuals, joint links."""

from sosteci.plans.services.importing import STEPS, Counts, ImportResult, plan_import

__all__ = ["STEPS", "Counts", "ImportResult", "plan_import"]
