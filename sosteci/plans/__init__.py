"""Action plans: axis › objective › action › activity, yearly budgets, stated totals, performance framework."""
