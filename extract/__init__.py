"""aikg extraction: documents → typed facts with a spaCy pipeline."""
