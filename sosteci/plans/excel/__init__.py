"""Spreadsheets of the plans: the execution sheet (written as a template, read back), the matrices (exported)."""
