"""Shared fixtures: the bundled sample, converted once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter.pipeline import ConversionResult, convert_files

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "000_0e72b94d2a371e9d.txt"
SAMPLE_EXPECTED = ROOT / "examples" / "000_0e72b94d2a371e9d.expected.json"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file of ../shared, or skip the test where that folder is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {Path('..', 'shared', *parts)}, which is not present in this checkout")
    return path


@pytest.fixture(scope="session")
def sample_result() -> ConversionResult:
    return convert_files([SAMPLE])


@pytest.fixture(scope="session")
def sample_report(sample_result):
    return sample_result.converted[0].report


@pytest.fixture(scope="session")
def sample_graph(sample_result):
    return sample_result.converted[0].graph
