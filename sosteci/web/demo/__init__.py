"""Deterministic demo content on the real territory: SOSTECI coverage, structures and one user per role."""
