"""Test setup: headless Qt, and settings and user data kept in a temporary folder."""
import os
import tempfile

# Before anything imports Qt or platformdirs.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_home = tempfile.mkdtemp(prefix="journeywall-test-home-")
for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[variable] = os.path.join(_home, variable.lower())

import pytest  # noqa: E402

from app.model.document import Document  # noqa: E402
from app.model.templates import template  # noqa: E402


@pytest.fixture
def board_path(tmp_path):
    return tmp_path / "board.cjm"


@pytest.fixture
def doc(board_path):
    """A current-state board, open for editing."""
    document = Document.create(board_path, lambda d: template("current-state").apply(d))
    yield document
    document.close()


@pytest.fixture(autouse=True, scope="session")
def _release_the_clipboard():
    """Mime data the tests put on the clipboard is let go before Qt shuts down: deleting it
    during interpreter shutdown crashes the process after every test has passed."""
    yield
    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is not None:
        QApplication.clipboard().clear()
        QApplication.processEvents()
