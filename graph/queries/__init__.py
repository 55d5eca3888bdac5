"""The questions: saved SPARQL (``*.rq``, one question a file, a bilingual header), bound and run, results shown.

``saved`` reads the question files and their headers, ``params`` turns ``NAME=VALUE`` into RDF terms and
runs a question on a store, ``output`` formats results for a person (table cells, CSV, JSON).
"""
from graph.queries.output import short, to_csv, to_json
from graph.queries.params import (
    Resolver,
    bind_params,
    canonical_resolver,
    name_variants,
    param_terms,
    parse_param_options,
    run_saved,
    store_resolver,
)
from graph.queries.saved import (
    KINDS,
    Param,
    ParamError,
    SavedQuery,
    list_queries,
    load_query,
    parse_query,
    read_query_file,
)

__all__ = ["KINDS", "Param", "ParamError", "Resolver", "SavedQuery", "bind_params", "canonical_resolver",
           "list_queries", "load_query", "name_variants", "param_terms", "parse_param_options", "parse_query",
           "read_query_file", "run_saved", "short", "store_resolver", "to_csv", "to_json"]
