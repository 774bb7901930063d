"""Due diligence for companies and cooperatives: a declared sourcing, and suppressed aggregates over it."""
