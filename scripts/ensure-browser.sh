#!/usr/bin/env bash
# The browser tests and PDF printing drive Debian's Chromium through playwright-core (no browser is
# downloaded), and the printing tests read PDFs back with poppler's pdftotext. This installs them from
# Debian's packages when they are missing, so `pnpm test` works on a fresh machine; elsewhere it says
# exactly what to install.
set -euo pipefail

if [ -x /usr/bin/chromium ] && command -v pdftotext >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    SUDO="none"
  fi
fi

if [ "$SUDO" = "none" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium (/usr/bin/chromium) or pdftotext is missing, and they cannot be installed here." >&2
  echo "On Debian: apt-get install chromium fonts-dejavu-core poppler-utils (as root), then run the tests again." >&2
  exit 1
fi

echo "Installing Debian's chromium, fonts-dejavu-core and poppler-utils for the browser and PDF tests…"
$SUDO apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core poppler-utils
