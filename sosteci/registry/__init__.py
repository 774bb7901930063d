"""The national register: households, children, observation visits, cooperatives and farms, duplicates."""
