#!/usr/bin/env bash
# Runs the whole test suite; sets up .venv/ and Debian's libraries first when needed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/bootstrap.sh"
ensure_debs $qt_offscreen poppler-utils
ensure_venv
cd "$root"
exec "$venv/bin/python" -m pytest "$@"
