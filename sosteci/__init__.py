"""SOSTECI numérique: observation and follow-up of child labour and trafficking in Côte d'Ivoire."""
