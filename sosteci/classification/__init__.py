"""The legal classification of a child's situation: pure Python over plain data, rules as versioned data.

`classify(profile, ruleset)` returns the category and every rule that fired, with its legal source.
No ORM here: the register turns its records into `Profile`s and stores the `Result`s.
"""

from sosteci.classification.engine import classify
from sosteci.classification.rules import (
    CATEGORY_ORDER,
    Activity,
    Category,
    Profile,
    ProfileError,
    Reason,
    Result,
    RuleSet,
)
from sosteci.classification.rulesets import available_versions, default_ruleset, load_ruleset

__all__ = [
    "CATEGORY_ORDER",
    "Activity",
    "Category",
    "Profile",
    "ProfileError",
    "Reason",
    "Result",
    "RuleSet",
    "available_versions",
    "classify",
    "default_ruleset",
    "load_ruleset",
]
