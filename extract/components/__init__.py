"""spaCy components of the aikg pipeline, one per module; data files (heads, gazetteer) beside them."""
