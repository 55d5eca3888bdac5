"""Gap analysis: pure functions over the graph (a Dataset or its networkx graph) returning pandas DataFrames.

>>> from graph.analysis import field_coverage, metric_progress
>>> from graph.analysis.examples import example_dataset
>>> float(metric_progress(example_dataset())["percent"].iloc[0])
18.65
"""
from graph.analysis.bridges import bridge_table, city_pairs, city_table
from graph.analysis.centrality import brokers, centrality, communities
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

__all__ = ["bridge_table", "brokers", "by_city", "centrality", "city_pairs", "city_table", "co_mentions",
           "communities", "document_table", "entity_types_by_document", "fact_table", "field_coverage",
           "gap_summary", "metric_progress", "metric_table", "open_plans", "planned_vs_achieved",
           "predicates_by_document", "shacl_gaps", "shared_entities", "weak_ties"]
