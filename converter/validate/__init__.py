"""Validation of juesuan RDF: structural SHACL shapes and integrity rules, per report graph.

from converter.validate import validate_graph
outcome = validate_graph(graph, "http://127.0.0.1:5000/")
outcome.conforms, outcome.findings, outcome.report_graph
"""

from converter.validate.findings import Finding, ValidationOutcome
from converter.validate.runner import LoadError, load_file, validate_graph

__all__ = ["Finding", "LoadError", "ValidationOutcome", "load_file", "validate_graph"]
