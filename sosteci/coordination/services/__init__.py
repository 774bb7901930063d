"""All writes of coordination: checked against the author's rights, validated whole, audited in the same transaction."""
