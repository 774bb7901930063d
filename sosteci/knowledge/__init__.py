"""The knowledge base: studies, surveys, evaluations and reports, and reference figures from national surveys."""
