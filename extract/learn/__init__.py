"""Training and honest measurement of the learned parts: examples from gold annotations, models fitted on
some batches of the dev corpus and judged on the others (``python -m extract.learn``)."""
