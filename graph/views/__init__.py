"""Offline partner-network views: a pure view model, rendered with pyvis into single-file HTML pages.

>>> from graph.views import write_views      # write_views(g, Path("exports/views"))
"""
from graph.views.viewmodel import (
           all_models,
           bridges_model,
           ecosystem_model,
           ego_model,
           family_model,
           index_model,
           status_model,
)
from graph.views.write import render_views, write_views

__all__ = ["all_models", "bridges_model", "ecosystem_model", "ego_model", "family_model", "index_model", "render_views",
           "status_model", "write_views"]
