"""Coordination: committees, meetings, trainings, awareness sessions, programmes and partners' efforts (outil 4)."""
