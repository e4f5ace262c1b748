#!/usr/bin/env bash
# SPARQL engines the store tests run against (tests/_services.py starts them on 127.0.0.1, free ports):
# Virtuoso Open-Source from the Debian archive, the Oxigraph server from PyPI into .venv.
# Installs only what is missing; never starts a service.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
test -x "$PY" || make install

if ! command -v virtuoso-t >/dev/null 2>&1 || ! { command -v isql-vt >/dev/null 2>&1 || command -v isql >/dev/null 2>&1; }; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq virtuoso-opensource >/dev/null
    # the package's own service is not used (and does not start in containers)
    $SUDO service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
fi

if [ ! -x .venv/bin/oxigraph ] && ! command -v oxigraph >/dev/null 2>&1; then
    "$PY" -m pip install --quiet oxigraph
fi

echo "services: $(command -v virtuoso-t) $(ls .venv/bin/oxigraph 2>/dev/null || command -v oxigraph)"
