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


def convert_text(tmp_path: Path, name: str, text: str):
    """The report of ``text`` written as the file ``name`` (a page built by a test), converted."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = convert_files([path])
    assert not result.failures, result.failures
    return result.converted[0].report


def mutated_sample_graph(tmp_path: Path, *pairs: tuple[str, str]):
    """The sample's graph with each (old, new) of ``pairs`` replaced once in its text (each must occur)."""
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / SAMPLE.name
    path.write_text(text, encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    return result.converted[0].graph


@pytest.fixture(scope="session")
def sample_result() -> ConversionResult:
    return convert_files([SAMPLE])


@pytest.fixture(scope="session")
def sample_report(sample_result):
    return sample_result.converted[0].report


@pytest.fixture(scope="session")
def sample_graph(sample_result):
    return sample_result.converted[0].graph


# --- JUESUAN_RECORD_FINDINGS=FILE: every finding the tests make, by rule (the README's rule table takes
# its example findings from them: python -m converter.validate.rule_examples FILE) ---------------------
_RECORDED: dict[str, set[str]] = {}


def pytest_configure(config) -> None:
    import os

    if not os.environ.get("JUESUAN_RECORD_FINDINGS"):
        return
    import pyshacl

    from converter.validate import across
    from converter.validate.findings import Finding

    made, ran_across, ran_pyshacl = Finding.__init__, across.run_rules, pyshacl.validate

    def recording(self, *args, **kwargs) -> None:
        made(self, *args, **kwargs)
        _record(self.rule, self.message)

    def recording_across(*args, **kwargs):
        found = ran_across(*args, **kwargs)
        for finding in found:
            _record(finding.rule.rule, f"{finding.message('zh')} / {finding.message('en')}")
        return found

    def recording_pyshacl(*args, **kwargs):
        outcome = ran_pyshacl(*args, **kwargs)
        shapes = kwargs.get("shacl_graph")
        if shapes is not None and not isinstance(shapes, str):
            _record_pyshacl(outcome[1], shapes)
        return outcome

    Finding.__init__ = recording
    across.run_rules = recording_across
    pyshacl.validate = recording_pyshacl


def _record(rule: str, message: str) -> None:
    _RECORDED.setdefault(rule, set()).add(message)


def _record_pyshacl(results, shapes) -> None:
    from rdflib.namespace import RDFS, SH

    for result in results.subjects(SH.sourceShape, None):
        label = shapes.value(results.value(result, SH.sourceShape), RDFS.label)
        texts = [str(m) for m in results.objects(result, SH.resultMessage)]
        if label is not None and len(texts) == 2:  # pyshacl drops the languages: either order is tried
            _record(str(label), f"{texts[0]} / {texts[1]}")
            _record(str(label), f"{texts[1]} / {texts[0]}")


def pytest_unconfigure(config) -> None:
    import json
    import os

    target = os.environ.get("JUESUAN_RECORD_FINDINGS")
    if target and _RECORDED:
        previous = json.loads(Path(target).read_text(encoding="utf-8")) if Path(target).exists() else {}
        for rule, messages in previous.items():
            _RECORDED.setdefault(rule, set()).update(messages)
        shortest = {rule: sorted(found, key=len)[:20] for rule, found in sorted(_RECORDED.items())}
        Path(target).write_text(json.dumps(shortest, ensure_ascii=False, indent=1), encoding="utf-8")
