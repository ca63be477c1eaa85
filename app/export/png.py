"""PNG export: the board scene itself rendered into an image (so the PNG is the screen, minus
selection and editing chrome), written with its DPI, optionally with the board's JSON.

The picture is painted in strips of rows and written as it is painted: strips are deflated
(zlib, in two worker threads, which the GIL does not hold up) while the next one is painted, so
a large board never exists whole in memory and all cores share the work. Qt paints in the
calling (GUI) thread only."""
from __future__ import annotations

import math
import os
import struct
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from PIL import Image, PngImagePlugin

from app.model import store
from app.model.document import BoardError, Document
from app.model.interchange import InterchangeError, board_json_text
from app.model.surface import Surface, compute_surface

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

BOARD_CHUNK = "journeywall-board"  # the PNG text chunk holding the board's JSON
# More is refused before anything is drawn: a bigger picture opens in few programs (ImageMagick's
# default policy refuses a side over 16,000 pixels; Pillow warns of a decompression bomb beyond
# 89,478,485 pixels and refuses twice that).
MAX_SIDE = 16_000
MAX_PIXELS = 89_000_000
STRIP_ROWS = 1024
DEFAULT_DPI = 150
# zlib level 1 on unfiltered rows (PNG filter type 0): a board picture is mostly flat colour,
# so deflate alone finds its repeats; measured on a 1,000-note board at 150 DPI it gave a smaller
# file (16.5 MB) than Pillow's adaptive per-row filters at the same level (18.9 MB), in under
# half the time. The filters only pay on photographs, which a board holds few of.
ZLIB_LEVEL = 1
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KB window, "fastest" level; (0x7801 % 31 == 0)
DEFLATE_THREADS = 2  # the machines have 2 cores or more; painting also takes one


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


def picture_area(surface: Surface, grid_only: bool = False) -> tuple[float, float]:
    """The points a PNG shows: the surface (grid, parking lot, empathy map and persona, as the
    window shows them), or the grid and parking lot alone."""
    if grid_only:
        return surface.grid.width, surface.grid.height
    return surface.width, surface.height


def fitting_dpi(width: float, height: float) -> int:
    """The highest resolution at which a picture of width x height points opens anywhere."""
    side = MAX_SIDE * 72.0 / max(width, height)
    pixels = 72.0 * math.sqrt(MAX_PIXELS / (width * height))
    return max(1, math.floor(min(side, pixels)))


def check_size(width: float, height: float, dpi: int) -> PngSize:
    """The size of the picture at dpi; ExportError if it is too big to open in most programs."""
    size = png_size(width, height, dpi)
    if max(size.width, size.height) > MAX_SIDE or size.width * size.height > MAX_PIXELS:
        raise ExportError(
            f"At {dpi} DPI the board would be {size.width:,} × {size.height:,} pixels, more than most "
            f"programs open ({MAX_SIDE:,} pixels a side, {MAX_PIXELS // 1_000_000} million in all). "
            f"Choose {fitting_dpi(width, height)} DPI or less.")
    return size


class BoardImage:
    """The board's picture (app.ui.board_picture) at dpi, without the laptop's marks, painted
    strip by strip. Building it checks the resolution and the pixel count (ExportError) before
    anything is drawn. Qt paints in the thread that built it (the GUI thread: note pictures
    are QPixmaps)."""

    def __init__(self, doc: Document, dpi: int = DEFAULT_DPI, grid_only: bool = False):
        if not 10 <= dpi <= 1200:
            raise ExportError("Choose a resolution between 10 and 1200 DPI.")
        ensure_qt()
        from app.ui.board_picture import BoardPicture

        self.dpi = dpi
        surface = compute_surface(doc)  # the size is known, and checked, before any item is made
        self._area = picture_area(surface, grid_only)
        self.size = check_size(*self._area, dpi)
        self.picture = BoardPicture(doc, live=False, laptop=False, surface=surface)
        self._scale = self.size.width / self._area[0]

    def strips(self) -> Iterator[tuple[int, QImage]]:
        """(top, strip) from the top down: strip is an RGB32 QImage of the next rows (at most
        STRIP_ROWS), valid until the next one is asked for (the same image is painted again)."""
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QImage, QPainter

        width, height = self.size.width, self.size.height
        strip: QImage | None = None
        for top in range(0, height, STRIP_ROWS):
            rows = min(STRIP_ROWS, height - top)
            if strip is None or strip.height() != rows:
                strip = QImage(width, rows, QImage.Format_RGB32)
            strip.fill(0xFFFFFFFF)
            painter = QPainter(strip)
            painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
            self.picture.render(painter, QRectF(0, 0, width, rows),
                                QRectF(0, top / self._scale, self._area[0], rows / self._scale))
            painter.end()
            yield top, strip


def render_board(doc: Document, dpi: int = DEFAULT_DPI, grid_only: bool = False) -> Image.Image:
    """The whole board as a Pillow image at dpi, as the screen draws it, without chrome (the
    export dialog's thumbnail; export_png never holds the whole picture)."""
    board = BoardImage(doc, dpi, grid_only)
    width, height = board.size.width, board.size.height
    picture = Image.new("RGB", (width, height), "white")
    for top, strip in board.strips():
        picture.paste(Image.frombuffer("RGB", (width, strip.height()), strip.constBits(), "raw", "BGRX",
                                       strip.bytesPerLine(), 1), (0, top))
    return picture


def export_png(doc: Document, target: os.PathLike | str, *, dpi: int = DEFAULT_DPI,
               embed_board: bool = False, grid_only: bool = False) -> PngSize:
    """Writes the board as a PNG (atomically); embed_board adds the board's JSON, compressed;
    grid_only leaves out the empathy map and persona."""
    info = PngImagePlugin.PngInfo()  # Pillow picks tEXt, or iTXt for text beyond Latin-1
    info.add_text("Software", "Journey Wall")
    info.add_text("Title", doc.board.title)
    if embed_board:
        info.add_text(BOARD_CHUNK, board_json_text(doc), zip=True)
    board = BoardImage(doc, dpi, grid_only)  # refuses a too big picture before a file is made

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            write_png(out, board, info)
    store.write_atomically(Path(target), write, replace=True)
    return board.size


def write_png(out: BinaryIO, board: BoardImage, info: PngImagePlugin.PngInfo) -> None:
    """Writes board as an 8-bit RGB PNG to out, deflating strips in two threads while the next
    strip is painted.

    Pillow encodes only a whole image, in one thread, so the few fixed-layout parts of the PNG
    and zlib specifications around the pixels are written here: signature, IHDR, pHYs, IEND,
    and the zlib stream's 2-byte header and Adler-32 trailer. The text chunks come from Pillow's
    PngInfo; zlib deflates. Each strip is deflated on its own, ending on a byte boundary
    (Z_SYNC_FLUSH) and the last one with the final block (Z_FINISH), so the parts joined are
    one valid deflate stream, as pigz does it; only the strips' first rows cannot refer back to
    the strip before (+0.1 % of size measured)."""
    from PySide6.QtGui import QImage, QPainter

    width, height = board.size.width, board.size.height
    out.write(PNG_SIGNATURE)
    _chunk(out, b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))  # RGB, 8 bits
    for cid, data, *_ in info.chunks:
        _chunk(out, cid, data)
    per_metre = int(board.dpi / 0.0254 + 0.5)
    _chunk(out, b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))

    # A PNG row is a filter-type byte and the row's RGB bytes. Strips are converted from Qt's
    # RGB32 into buffers of such rows (the type bytes stay 0: no filter), one per deflating
    # thread and one to fill meanwhile; a buffer is free again once its strip is written.
    row_bytes = 1 + 3 * width
    free = [bytearray(row_bytes * min(STRIP_ROWS, height)) for _ in range(DEFLATE_THREADS + 1)]
    jobs: deque[tuple[Future[bytes], bytearray]] = deque()  # in the order of the strips
    adler = zlib.adler32(b"")
    unwritten = [ZLIB_HEADER]  # goes out with the first strip

    def write_oldest(trailer: bytes = b"") -> None:
        job, buffer = jobs.popleft()
        unwritten.extend((job.result(), trailer))
        _chunk(out, b"IDAT", b"".join(unwritten))
        unwritten.clear()
        free.append(buffer)

    with ThreadPoolExecutor(max_workers=DEFLATE_THREADS, thread_name_prefix="png-deflate") as pool:
        for top, strip in board.strips():
            if not free:
                write_oldest()
            buffer = free.pop()
            rows = strip.height()
            view = memoryview(buffer)[:row_bytes * rows]
            # an RGB888 image over the buffer, one byte in: each row's type byte is left alone
            target = QImage(view[1:], width, rows, row_bytes, QImage.Format_RGB888)
            painter = QPainter(target)
            painter.setCompositionMode(QPainter.CompositionMode_Source)
            painter.drawImage(0, 0, strip)
            painter.end()
            adler = zlib.adler32(view, adler)
            jobs.append((pool.submit(_deflate_strip, view, top + rows == height), buffer))
        while len(jobs) > 1:
            write_oldest()
        write_oldest(struct.pack(">I", adler))  # the checksum of all rows ends the zlib stream
    _chunk(out, b"IEND", b"")


def _deflate_strip(rows: memoryview, last: bool) -> bytes:
    deflate = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, -15)  # raw deflate: no header, no checksum
    return deflate.compress(rows) + deflate.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _chunk(out: BinaryIO, cid: bytes, data: bytes) -> None:
    """A PNG chunk: length, type, data, and the CRC-32 of type and data."""
    out.write(struct.pack(">I", len(data)) + cid)
    out.write(data)
    out.write(struct.pack(">I", zlib.crc32(data, zlib.crc32(cid))))


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


def read_embedded_board(source: os.PathLike | str) -> str | None:
    """The board JSON a PNG carries, or None when it carries none. Read whatever the picture's
    size: the chunk comes before the pixels, which are never decoded."""
    try:
        with _big_text_chunks(), _no_pixel_limit(), Image.open(source) as image:
            if image.format != "PNG":
                raise InterchangeError(f"“{Path(source).name}” is a {image.format} picture, not a PNG.")
            return image.info.get(BOARD_CHUNK)
    except (OSError, SyntaxError, ValueError) as error:
        raise InterchangeError(f"“{Path(source).name}” could not be read as a PNG picture ({error}).") from error


@contextmanager
def _no_pixel_limit() -> Iterator[None]:
    # Pillow refuses a picture of over ~179 million pixels before reading its chunks; reading
    # our own chunk decodes no pixel, so the guard is lifted while it is read.
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved
