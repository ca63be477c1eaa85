"""Registers Journey Wall with the Linux desktop for this user, so that double-clicking a .cjm
board in a file manager opens it (in the running instance, when there is one)."""
from __future__ import annotations

import importlib.resources
import shutil
import subprocess
import sys
from pathlib import Path

from platformdirs import user_data_path


def install_desktop_entry(data_home: Path | None = None) -> list[Path]:
    """Writes the application entry and the board file type; returns the files written."""
    data_home = data_home or user_data_path(appname=None, appauthor=False)
    source = importlib.resources.files("resources") / "desktop"
    entry = (source / "journeywall.desktop").read_text(encoding="utf-8")
    # The entry starts this very installation, wherever its virtual environment is.
    entry = entry.replace("Exec=journeywall %f", f"Exec={sys.executable} -m app %f")
    targets = {
        data_home / "applications" / "journeywall.desktop": entry,
        data_home / "mime" / "packages" / "journeywall.xml": (source / "journeywall-mime.xml").read_text(encoding="utf-8"),
    }
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _refresh_caches(data_home)
    return list(targets)


def _refresh_caches(data_home: Path) -> None:
    # Present on desktops; without them the files are read the next time the caches are built.
    for tool, folder in (("update-mime-database", "mime"), ("update-desktop-database", "applications")):
        if shutil.which(tool):
            subprocess.run([tool, str(data_home / folder)], check=False, capture_output=True)
