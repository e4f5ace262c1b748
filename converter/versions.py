"""What produced a conversion: the software's version and the version of the rules it applied.

The rules are the code and data the converter consults to read a document (the parser's template
knowledge, the resolvers, the national code lists): their version is a digest of those files, so two
conversions with the same ``rules_version`` applied the same rules, whatever the release number says.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
#: the converter's own rule code (read -> parse -> resolve -> consolidate -> emit)
RULE_CODE = ("parse", "resolve", "read")
RULE_MODULES = ("consolidate.py", "emit.py", "uris.py", "model.py")


@cache
def software_version() -> str:
    try:
        return metadata.version("juesuan")
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


def _rule_files() -> list[Path]:
    files = [p for folder in RULE_CODE for p in sorted((_PACKAGE / folder).rglob("*.py"))]
    files += [_PACKAGE / name for name in RULE_MODULES if (_PACKAGE / name).is_file()]
    try:
        from converter.resources import resource_dir

        sources = resource_dir("ontology") / "vocab" / "sources"
        files += sorted(p for p in sources.glob("*.csv"))
    except FileNotFoundError:
        pass
    return files


@cache
def rules_version() -> str:
    """``sha256:`` and the first 16 hex digits of a digest over the rule files (names and contents)."""
    digest = hashlib.sha256()
    for path in _rule_files():
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()[:16]
