"""Management commands of the indicators."""
