#!/usr/bin/env bash
# Starts Journey Wall (the last board, or the sample board on first run); sets up .venv/ first when needed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/bootstrap.sh"
ensure_debs $qt_offscreen $qt_window
ensure_venv
exec "$venv/bin/journeywall" "$@"
