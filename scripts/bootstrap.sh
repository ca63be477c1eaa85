#!/usr/bin/env bash
# Makes .venv/ hold everything Journey Wall needs, installing Debian's Qt libraries when run as root.
# Sourced by run-app.sh and test.sh; a second run only compares a stamp, so it is fast.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"

# Qt's offscreen platform needs these; a real window (xcb) needs the second list too (see PLATFORM.md).
qt_offscreen="libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 libx11-6"
qt_window="libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
 libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
 libxcb-xfixes0 libxcb-xkb1"

missing_debs() {
    local missing=""
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
    done
    echo "$missing"
}

ensure_debs() {   # ensure_debs PKG... : install what is missing, or say exactly how
    command -v dpkg-query >/dev/null || return 0
    local missing; missing=$(missing_debs "$@")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ]; then
        echo "Installing Debian packages:$missing" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        echo "Journey Wall needs these Debian packages; please run:" >&2
        echo "  sudo apt-get install -y$missing" >&2
        exit 1
    fi
}

ensure_venv() {
    if [ ! -x "$venv/bin/python" ]; then
        if ! python3 -c "import ensurepip, venv" 2>/dev/null; then ensure_debs python3-venv; fi
        python3 -m venv "$venv"
    fi
    local stamp="$venv/.journeywall-installed" want
    want=$(cat "$root/pyproject.toml" | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        "$venv/bin/python" -m pip install -q --disable-pip-version-check -e "$root[test]"
        echo "$want" > "$stamp"
    fi
}
