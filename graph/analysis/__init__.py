"""Gap analysis: pure functions over the graph (a Dataset or its networkx graph) returning pandas DataFrames.

>>> from graph.analysis import field_coverage, metric_progress
>>> from graph.analysis.examples import example_dataset
>>> float(metric_progress(example_dataset())["percent"].iloc[0])
18.65
"""
from graph.analysis.bridges import bridge_cities, bridge_table, city_pairs
from graph.analysis.centrality import brokers, centrality, communities
from graph.analysis.cities import (
                                   city_links,
                                   city_table,
                                   document_cities,
                                   field_anchors_by_city,
                                   fields_without_anchor,
                                   linking_organisations,
                                   partners_by_city,
                                   progress_by_city,
                                   status_by_city,
)
from graph.analysis.compare import (
                                    by_city,
                                    document_table,
                                    entity_types_by_document,
                                    predicates_by_document,
                                    shared_entities,
)
from graph.analysis.fields import co_mentions, field_coverage
from graph.analysis.gaps import gap_summary, shacl_gaps, weak_ties
from graph.analysis.metrics import metric_progress, metric_table
from graph.analysis.status import fact_table, open_plans, planned_vs_achieved

__all__ = ["bridge_cities", "bridge_table", "brokers", "by_city", "centrality", "city_links", "city_pairs", "city_table", "co_mentions",
           "communities", "document_cities", "document_table", "entity_types_by_document", "fact_table",
           "field_anchors_by_city", "field_coverage", "fields_without_anchor", "gap_summary", "linking_organisations",
           "metric_progress", "metric_table", "open_plans", "partners_by_city", "planned_vs_achieved",
           "predicates_by_document", "progress_by_city", "shacl_gaps", "shared_entities", "status_by_city", "weak_ties"]
