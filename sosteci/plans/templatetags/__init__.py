"""Template tags of the action plans."""
