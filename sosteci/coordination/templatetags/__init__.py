"""Template tags of the coordination pages."""
