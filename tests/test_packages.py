"""The import packages come from this repository, not from something installed under the same name."""
from importlib import resources
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["ontology", "extract", "graph"])
def test_packages_import_from_this_repo(name):
    mod = __import__(name)
    assert mod.__file__ is not None, f"{name} resolved to a namespace package: {mod.__path__}"
    assert Path(mod.__file__).resolve().parent == REPO / name


def test_packages_data_files_are_found():
    assert resources.files("extract").joinpath("data/places.tsv").is_file()
    assert resources.files("extract.components").joinpath("gazetteer.tsv").is_file()
    assert resources.files("ontology").joinpath("aikg.ttl").is_file()
