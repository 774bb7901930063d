"""Forms of the coordination pages: they parse what is typed; the services decide."""
