"""A batch manifest: what a publisher knows about each file, given alongside the files.

A CSV file with a header row; columns (any order, only ``path`` required)::

    path,source_url,organisation,region,year,phase,kind,group
    2021/shenjiju.html,http://www.xczw.gov.cn/…/content_26911,西畴县审计局,532623,2020,final,department,
    2018/part1.pdf,,,,,,,jiangsu-2018
    2018/part2.pdf,,,,,,,jiangsu-2018

* ``path``: the document, relative to the manifest's folder (or absolute);
* ``source_url``: where it was published (``dcterms:source`` of its source document);
* ``organisation``, ``region`` (a GB/T 2260 code), ``year``, ``phase`` (final / budget, 决算 / 预算),
  ``kind`` (department, unit, consolidated, government, three-public, three-public-summary,
  performance, procurement, or 部门 / 单位 / 汇总 …): supply or override what the document states;
* ``group``: rows with the same group are ONE publication in several files (a text PDF and a tables
  PDF, numbered web pages), merged into one report in row order; their identity values must agree.

Every value a manifest gives is recorded as coming from the manifest; command-line options override it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from converter.model import IdentitySource
from converter.parse.identity import HintError, IdentityHints

FIELDS = ("organisation", "region", "year", "phase", "kind")
_ALIASES = {
    "file": "path",
    "url": "source_url",
    "source": "source_url",
    "region_code": "region",
    "organization": "organisation",
    "fiscal_year": "year",
    "department": "organisation",
}


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file and line."""


@dataclass
class Job:
    """One report to convert: its file(s), in order, with the identity given for it and each file's URL."""

    paths: list[Path]
    hints: IdentityHints | None = None
    urls: list[str | None] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " + ".join(str(p) for p in self.paths)


def read_manifest(path: Path | str) -> list[Job]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot be read as a UTF-8 CSV file ({exc})") from exc
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None:
        raise ManifestError(f"{path}: the manifest is empty")
    columns = {name: _ALIASES.get(name.strip().lower(), name.strip().lower()) for name in reader.fieldnames}
    if "path" not in columns.values():
        raise ManifestError(f"{path}: the manifest has no 'path' column (columns: {', '.join(columns)})")
    jobs: list[Job] = []
    groups: dict[str, tuple[Job, dict[str, str]]] = {}
    for line, raw in enumerate(reader, start=2):
        row = {columns[k]: (v or "").strip() for k, v in raw.items() if k in columns}
        if not any(row.values()):
            continue
        if not row.get("path"):
            raise ManifestError(f"{path}, line {line}: no path")
        document = Path(row["path"])
        document = document if document.is_absolute() else path.parent / document
        values = {name: row.get(name, "") for name in FIELDS}
        try:
            hints = IdentityHints.of(IdentitySource.MANIFEST, row.get("source_url") or None, **values)
        except HintError as exc:
            raise ManifestError(f"{path}, line {line}: {exc}") from exc
        group = row.get("group", "")
        if group and group in groups:
            job, first = groups[group]
            for name, value in values.items():
                if value and first.get(name) and value != first[name]:
                    raise ManifestError(
                        f"{path}, line {line}: group {group!r} gives {name} {first[name]!r} and {value!r}"
                    )
                if value and not first.get(name):
                    first[name] = value
            job.paths.append(document)
            job.urls.append(hints.source_url)
            job.hints = IdentityHints.of(IdentitySource.MANIFEST, job.urls[0], **first)
            continue
        job = Job([document], hints, [hints.source_url])
        jobs.append(job)
        if group:
            groups[group] = (job, dict(values))
    return jobs
