#!/usr/bin/env bash
# A real browser for tests/test_browser.py: Debian's Chromium and chromedriver (no browser download by
# a test tool), and CJK fonts so screenshots show the Chinese text. Installs only what is missing.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
echo "browser: $(command -v chromium) $(command -v chromedriver)"
