"""graph/queries."""
