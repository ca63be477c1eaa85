"""Pixmaps kept by what they show, within a memory budget: the least recently used go first."""
from __future__ import annotations

from collections import OrderedDict
from typing import Optional

from PySide6.QtGui import QPixmap


class PixmapCache:
    def __init__(self, limit_bytes: int) -> None:
        self.limit_bytes = limit_bytes
        self.pixmaps: OrderedDict = OrderedDict()
        self._bytes = 0

    def get(self, key) -> Optional[QPixmap]:
        return self.pixmaps.get(key)

    def used(self, key) -> None:
        self.pixmaps.move_to_end(key)

    def drop(self, key) -> None:
        pixmap = self.pixmaps.pop(key, None)
        if pixmap is not None:
            self._bytes -= pixmap.width() * pixmap.height() * 4

    def clear(self) -> None:
        self.pixmaps.clear()
        self._bytes = 0

    def keep(self, key, pixmap: QPixmap) -> None:
        self.drop(key)
        self.pixmaps[key] = pixmap
        self._bytes += pixmap.width() * pixmap.height() * 4
        while self._bytes > self.limit_bytes and len(self.pixmaps) > 1:
            _, old = self.pixmaps.popitem(last=False)
            self._bytes -= old.width() * old.height() * 4
