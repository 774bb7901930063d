"""Pages of coordination: committees and their calendar, programmes and their validation, outil 4 (thin views)."""
