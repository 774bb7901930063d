"""The repertoire of structures (state services, shelters, NGOs, companies, donors) and their services."""
