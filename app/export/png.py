"""PNG export: the board scene itself rendered into an image (so the PNG is the screen, minus
selection and editing chrome), written by Pillow with its DPI, optionally with the board's JSON."""
from __future__ import annotations

import math
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from PIL import Image, PngImagePlugin

from app.model import store
from app.model.document import BoardError, Document
from app.model.interchange import board_json_text

BOARD_CHUNK = "journeywall-board"  # the PNG text chunk holding the board's JSON
MAX_PIXELS = 200_000_000  # 600 MB of RGB: more is refused before anything is allocated
STRIP_ROWS = 1024
DEFAULT_DPI = 150


class ExportError(BoardError):
    pass


@dataclass(frozen=True)
class PngSize:
    width: int
    height: int


def ensure_qt() -> None:
    """A QApplication on the offscreen platform when none runs (the command line has no display)."""
    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        QApplication([])
    from app.ui.fonts import load_fonts
    load_fonts()


def png_size(board_width: float, board_height: float, dpi: int) -> PngSize:
    scale = dpi / 72.0  # the layout is in points
    return PngSize(math.ceil(board_width * scale), math.ceil(board_height * scale))


def check_size(size: PngSize, dpi: int) -> None:
    pixels = size.width * size.height
    if pixels > MAX_PIXELS:
        most = int(dpi * math.sqrt(MAX_PIXELS / pixels))
        raise ExportError(
            f"At {dpi} DPI the board would be {size.width:,} × {size.height:,} pixels, more than "
            f"this export makes ({MAX_PIXELS // 1_000_000} million). Choose {most} DPI or less.")


def render_board(doc: Document, dpi: int = DEFAULT_DPI) -> Image.Image:
    """The whole board as a Pillow image at dpi, as the screen draws it, without chrome."""
    if not 10 <= dpi <= 1200:
        raise ExportError("Choose a resolution between 10 and 1200 DPI.")
    ensure_qt()
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter, QUndoStack

    from app.ui.board_scene import BoardScene

    scene = BoardScene(doc, QUndoStack())
    try:
        scene.hide_chrome()
        layout = scene.layout
        size = png_size(layout.width, layout.height, dpi)
        check_size(size, dpi)
        scale = size.width / layout.width
        picture = Image.new("RGB", (size.width, size.height), "white")
        # Painted in strips, so only one strip is ever held twice (as Qt's and Pillow's pixels).
        for top in range(0, size.height, STRIP_ROWS):
            rows = min(STRIP_ROWS, size.height - top)
            strip = QImage(size.width, rows, QImage.Format_RGB32)
            strip.fill(0xFFFFFFFF)
            painter = QPainter(strip)
            painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
            scene.render(painter, QRectF(0, 0, size.width, rows),
                         QRectF(0, top / scale, layout.width, rows / scale))
            painter.end()
            picture.paste(Image.frombuffer("RGB", (size.width, rows), strip.constBits(), "raw", "BGRX",
                                           strip.bytesPerLine(), 1), (0, top))
    finally:
        scene.signals.detach()
    return picture


def export_png(doc: Document, target: os.PathLike | str, *, dpi: int = DEFAULT_DPI,
               embed_board: bool = False) -> PngSize:
    """Writes the board as a PNG (atomically); embed_board adds the board's JSON, compressed."""
    picture = render_board(doc, dpi)
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "Journey Wall")
    info.add_text("Title", doc.board.title)
    if embed_board:
        info.add_text(BOARD_CHUNK, board_json_text(doc), zip=True)
    # zlib level 1: a board picture is mostly flat colour, so it is nearly as small and
    # encodes several times faster than the default level.
    store.write_atomically(Path(target), lambda tmp: picture.save(tmp, "PNG", dpi=(dpi, dpi), pnginfo=info,
                                                                  compress_level=1),
                           replace=True)
    return PngSize(*picture.size)


@contextmanager
def _big_text_chunks() -> Iterator[None]:
    # Pillow refuses text chunks over 1 MB (a guard against decompression bombs); a board with
    # photos is bigger, so the limit is raised for our own chunk only while reading it.
    saved = PngImagePlugin.MAX_TEXT_CHUNK
    PngImagePlugin.MAX_TEXT_CHUNK = 256 * 1024 * 1024
    try:
        yield
    finally:
        PngImagePlugin.MAX_TEXT_CHUNK = saved


def read_embedded_board(source: os.PathLike | str) -> Optional[str]:
    """The board JSON a PNG carries, or None when it carries none."""
    try:
        with _big_text_chunks(), Image.open(source) as image:
            if image.format != "PNG":
                return None
            image.load()
            return image.text.get(BOARD_CHUNK)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
