"""The reporting round: accounts and roles, rounds and their items, review, publishing and the
append-only audit trail (docs/rounds.md)."""
