"""``python -m graph``: the ``aikg`` command."""
from graph.cli import main

main()
