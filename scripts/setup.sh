#!/usr/bin/env bash
# Sets up a fresh machine for Paper Archive and builds the site from content/ into site/.
#
# Installs: a virtual environment in .venv with the package and its test tools (versions pinned
# in constraints.txt), the npm test tools (package-lock.json), and, where missing, Debian's
# chromium and chromium-driver for the browser tests (unless PAPER_ARCHIVE_CHROMIUM names one)
# and a Java runtime for the Nu HTML Checker.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"

npm ci --no-audit --no-fund --loglevel=error

browser="${PAPER_ARCHIVE_CHROMIUM:-/usr/bin/chromium}"
driver="${PAPER_ARCHIVE_CHROMEDRIVER:-/usr/bin/chromedriver}"
packages=()
if [ ! -x "$browser" ] || [ ! -x "$driver" ]; then packages+=(chromium chromium-driver); fi
if ! command -v java >/dev/null; then packages+=(default-jre-headless); fi
if [ "${#packages[@]}" -gt 0 ]; then
  echo "Installing ${packages[*]} for the browser and HTML tests"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# The build's clock is the last commit's, so that the same inputs always build the same bytes.
if [ -z "${SOURCE_DATE_EPOCH:-}" ] && git rev-parse HEAD >/dev/null 2>&1; then
  SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"
  export SOURCE_DATE_EPOCH
fi
export NO_MKDOCS_2_WARNING=1
TIMEFORMAT="mkdocs build --strict took %R s"
time .venv/bin/mkdocs build --strict --quiet
echo "Built site/: $(find site/papers -name index.html | wc -l) pages under papers/ (papers and redirects from old URLs), $(du -sh site | cut -f1)"
