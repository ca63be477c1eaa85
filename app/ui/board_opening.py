"""Opening a big board without freezing the app: its layout (fitting every note's text, most of
the time an open takes) is computed on a worker thread while the event loop runs, so every
window keeps answering, and a progress dialog says what is happening and can cancel.

The worker only reads the document's rows, which nothing writes meanwhile: the board has no
window yet. Python gives the event loop the interpreter every few milliseconds."""
from __future__ import annotations

import threading
from typing import Optional

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.model.document import Document
from app.model.surface import Surface, compute_surface

IN_BACKGROUND_FROM = 3_000  # notes; a smaller board is laid out in a fraction of a second
SHOW_AFTER_MS = 300  # the dialog shows only for an open that lasts longer


class _Finished(QObject):
    done = Signal()  # emitted on the worker thread, received on the GUI thread (queued)


def lay_out_answering(doc: Document, name: str, parent: Optional[QWidget] = None) -> Optional[Surface]:
    """The board's layout, the event loop running meanwhile; None if the facilitator cancelled."""
    count = len(doc.notes())
    if count < IN_BACKGROUND_FROM:
        return compute_surface(doc)
    result: dict = {}
    finished = _Finished()
    loop = QEventLoop()
    finished.done.connect(loop.quit, Qt.QueuedConnection)

    def work() -> None:
        try:
            result["surface"] = compute_surface(doc)
        except BaseException as error:  # handed to the GUI thread, raised there
            result["error"] = error
        finished.done.emit()

    dialog = QProgressDialog(f"Opening “{name}”: laying out {count:,} notes…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Journey Wall")
    dialog.setWindowModality(Qt.WindowModal if parent is not None else Qt.NonModal)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(2**31 - 1)  # shown by the timer below, not at its first value
    dialog.reset()  # (a progress dialog made shows itself after its minimum duration)
    dialog.canceled.connect(loop.quit)
    QTimer.singleShot(SHOW_AFTER_MS, dialog, dialog.show)
    threading.Thread(target=work, name="board-layout", daemon=True).start()
    loop.exec()
    cancelled = dialog.wasCanceled()
    dialog.close()
    dialog.deleteLater()
    if cancelled:
        return None  # the worker ends on its own, unread
    if "error" in result:
        raise result["error"]
    return result["surface"]
