"""The territory of Côte d'Ivoire: one tree of administrative units, from the nation down to the village."""
