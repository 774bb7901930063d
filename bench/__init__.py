"""National-scale timings, printed as JSON (run with `make bench` or `python -m bench`)."""
