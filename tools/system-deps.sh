#!/usr/bin/env bash
# The Debian packages the tests need: poppler-utils (pdftotext) and chromium (browser tests).
# As root (CI) they are installed; otherwise this prints the one command to run and stops.
set -euo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
echo "The tests need Debian packages that are missing: ${need[*]}" >&2
echo "Install them with:" >&2
echo "  sudo apt-get install -y ${need[*]}" >&2
exit 1
