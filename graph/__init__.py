"""aikg graph layer: RDF with provenance, store, queries, networkx, analysis, views, exports, CLI."""
