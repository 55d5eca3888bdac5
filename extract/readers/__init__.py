"""One reader per file format: raw bytes → text (``extract.ingest`` picks the reader by suffix)."""
