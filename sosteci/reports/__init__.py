"""Consolidated reports (annual, prevalence per locality, partners' activities, plan execution) as XLSX and PDF."""
