"""Locate the project's data files (ontology, shapes, vocabularies, examples).

In a source checkout or an editable install they sit at the repository root; in a
wheel they are packed under ``converter/_resources``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_resources" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"juesuan data folder {name!r} is missing from this installation")


def ontology_file() -> Path:
    return resource_dir("ontology") / "fiscal.ttl"


def vocab_source(file_name: str) -> Path:
    return resource_dir("ontology") / "vocab" / "sources" / file_name


def shapes_dir() -> Path:
    return resource_dir("shapes")


def examples_dir() -> Path:
    return resource_dir("examples")
