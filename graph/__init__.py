"""The graph layer: facts → quads (rdf) → store → questions (queries, serve), checks, views, exports; build, CLI."""
