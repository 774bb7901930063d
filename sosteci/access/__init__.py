"""Who may do what, where: users, roles, jurisdictions, permissions, and the audit trail."""
