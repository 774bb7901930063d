"""Indicators: definitions as data, one computation over the register and the cases, suppression, DHIS2 export."""
