#!/usr/bin/env bash
# Runs the whole test suite; sets up .venv/ and Debian's libraries first when needed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/bootstrap.sh"
ensure_debs $qt_offscreen poppler-utils chromium chromium-driver  # a real browser for tests/room
ensure_venv
cd "$root"
exec "$venv/bin/python" -m pytest "$@"
