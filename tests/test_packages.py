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
    assert resources.files("graph.queries").joinpath("partners.rq").is_file()
    assert resources.files("graph.serve").joinpath("page.html").is_file()
    assert resources.files("graph.views").joinpath("view.js").is_file()
    assert resources.files("graph").joinpath("report.html.j2").is_file()


def test_packages_every_package_is_listed_for_setuptools():
    """A package missing from ``[tool.setuptools] packages`` would be left out of the wheel."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {init.parent.relative_to(REPO).as_posix().replace("/", ".")
             for root in ("ontology", "extract", "graph") for init in (REPO / root).rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
