"""graph/views."""
