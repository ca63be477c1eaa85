"""Regression guard for the PySide6 pin (../shared/PLATFORM.md).

PySide6-Essentials 6.12.0 takes one reference from Python's None on every call of a method that
returns nothing (setPos, setBrush, ...). On Python 3.10/3.11 the process dies with
"Fatal Python error: none_dealloc" after a few thousand calls, and a short test makes too few
calls to notice. On Python 3.12+ None is immortal, so the refcount check passes trivially there;
the version check below still holds the pin.
"""
import importlib.metadata
import sys

import pytest

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QGraphicsRectItem

BROKEN_VERSIONS = {"6.12.0"}
CALLS = 20_000
CHUNK = 250  # check after every chunk, so a leak fails the test long before None is freed
SLACK = 16  # other code may hold a few references to None for a moment


def test_installed_pyside6_is_not_a_known_broken_release():
    try:
        essentials = importlib.metadata.version("PySide6-Essentials")
    except importlib.metadata.PackageNotFoundError:  # e.g. the full pyside6 wheel set
        essentials = None
    assert essentials not in BROKEN_VERSIONS, (
        f"PySide6-Essentials {essentials} leaks references to None and crashes on Python 3.10/3.11; "
        "pin PySide6-Essentials==6.11.3 (see PLATFORM.md)")
    assert pyside_version not in BROKEN_VERSIONS, f"PySide6 {pyside_version} is a known broken release"


def test_void_method_calls_do_not_steal_references_to_none(qapp):
    item = QGraphicsRectItem(0, 0, 10, 10)
    item.setPos(0.0, 0.0)  # first call: lazy set-up inside the binding is not a leak
    before = sys.getrefcount(None)
    lowest = before
    for start in range(0, CALLS, CHUNK):
        for i in range(start, start + CHUNK):
            item.setPos(float(i % 97), float(i % 89))
        now = sys.getrefcount(None)
        lowest = min(lowest, now)
        if before - now > SLACK:
            pytest.fail(
                f"The refcount of None fell from {before} to {now} after {start + CHUNK} calls of "
                f"QGraphicsRectItem.setPos (PySide6 {pyside_version}): every void call takes a "
                "reference from None, and Python 3.10/3.11 abort once it reaches zero. "
                "Pin a PySide6-Essentials release without this bug (see PLATFORM.md).")
    assert item.pos().x() == float((CALLS - 1) % 97)
    assert before - lowest <= SLACK
