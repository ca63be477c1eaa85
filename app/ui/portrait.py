"""Pictures in Qt: stored picture bytes as QImages for painters (cached), pictures taken from
the clipboard or a drop, and the persona's portrait in a circle.

Pictures are decoded by app.model.images (Pillow), the very decoder the PDF uses, so a
picture is oriented and sized the same on screen, in the PNG and in the PDF, and the pixel
limit is the same everywhere. A picture is decoded at the size it is drawn at (JPEGs at
1/2, 1/4 or 1/8 of their size right in the decoder), so a zoomed-out board with many
pictures decodes little.
"""
from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPixmap, QTransform

from app.model.document import BoardError
from app.model.images import MAX_PIXELS, NOTE_MAX_SIDE, decode_image, load_image_file, prepare_image

CACHE_BYTES = 96 * 1024 * 1024  # decoded pictures kept for painting
_LEVELS = (64, 128, 256, 512, 1024, 2048)  # sizes (longer side, px) a picture is decoded at


class _PictureCache:
    """(picture bytes, level) -> QImage, least recently used dropped beyond CACHE_BYTES."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.images: OrderedDict[tuple[bytes, int], Optional[QImage]] = OrderedDict()

    def get(self, data: bytes, level: int) -> Optional[QImage]:
        key = (data, level)
        if key in self.images:
            self.images.move_to_end(key)
            return self.images[key]
        image = _decode(data, level)
        self.images[key] = image
        self.used += _cost(image)
        while self.used > self.budget and len(self.images) > 1:
            _, dropped = self.images.popitem(last=False)
            self.used -= _cost(dropped)
        return image

    def clear(self) -> None:
        self.images.clear()
        self.used = 0


def _cost(image: Optional[QImage]) -> int:
    return 64 if image is None else image.sizeInBytes() + 64


_CACHE = _PictureCache(CACHE_BYTES)


def picture_image(data: bytes, pixels: float = 1e9) -> Optional[QImage]:
    """The picture decoded for drawing about `pixels` device pixels on its longer side (never
    smaller; at most its stored size), or None when it cannot be shown. Cached."""
    level = next((lv for lv in _LEVELS if lv >= pixels), None)
    return _CACHE.get(data, level if level is not None else 0)


def _decode(data: bytes, level: int) -> Optional[QImage]:
    try:
        image = decode_image(data, max_side=level or None)
    except BoardError:
        return None
    return qimage_of(image)


def qimage_of(image) -> QImage:
    """A Pillow image (RGB or RGBA) as a QImage that owns its pixels."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    alpha = image.mode == "RGBA"
    fmt = QImage.Format_RGBA8888 if alpha else QImage.Format_RGB888
    raw = image.tobytes()
    bytes_per_line = image.width * (4 if alpha else 3)
    # In the formats Qt's raster painter draws fastest; the conversion also copies the pixels
    # out of `raw`.
    return QImage(raw, image.width, image.height, bytes_per_line, fmt).convertToFormat(
        QImage.Format_ARGB32_Premultiplied if alpha else QImage.Format_RGB32)


def qimage_to_png(image: QImage) -> bytes:
    """A QImage (a pasted screenshot) encoded as PNG bytes, ready for images.prepare_image()."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(array.data())


# ---------------------------------------------------------------- the clipboard and drops

PICTURE_MIME_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff")
PICTURE_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".jpe", ".gif", ".webp", ".bmp", ".tif", ".tiff"))


def picture_files(mime: QMimeData) -> list[Path]:
    """The local files with a picture's name in a drop or paste (web addresses are not fetched)."""
    if not mime.hasUrls():
        return []
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in files if path.suffix.lower() in PICTURE_SUFFIXES]


def mime_has_pictures(mime: Optional[QMimeData]) -> bool:
    """Whether a drop or the clipboard offers pictures (for dragEnterEvent and menus)."""
    if mime is None:
        return False
    return (bool(picture_files(mime)) or mime.hasImage()
            or any(mime.hasFormat(kind) for kind in PICTURE_MIME_TYPES))


def pictures_from_mime(mime: Optional[QMimeData], max_side: int = NOTE_MAX_SIDE) -> list[bytes]:
    """The pictures a drop or the clipboard offers, checked, downscaled and encoded for storing
    (images.prepare_image): picture files (each one), else the picture's own bytes, else Qt's
    image (a screenshot). [] when it offers none. BoardError with a message for the user when
    one of them is broken, not a picture or too large: then none is taken."""
    if mime is None:
        return []
    files = picture_files(mime)
    if files:
        return [load_image_file(path, max_side) for path in files]
    for kind in PICTURE_MIME_TYPES:
        if mime.hasFormat(kind):
            data = bytes(mime.data(kind).data())
            if data:
                return [prepare_image(data, max_side, what="The pasted picture")]
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QPixmap):
            image = image.toImage()
        if isinstance(image, QImage) and not image.isNull():
            if image.width() * image.height() > MAX_PIXELS:
                raise BoardError(f"The pasted picture is too large ({image.width()} × {image.height()} "
                                 f"pixels); Journey Wall takes pictures of up to {MAX_PIXELS // 1_000_000} "
                                 "megapixels.")
            return [prepare_image(qimage_to_png(image), max_side, what="The pasted picture")]
    return []


def draw_picture(painter: QPainter, data: bytes, rect: QRectF, *, cover: bool = False) -> bool:
    """Draws a stored picture into rect (scene units) keeping its aspect ratio: fitted inside
    rect, or covering it (the caller clips). False when the picture cannot be shown."""
    scale = _device_scale(painter)
    image = picture_image(data, max(rect.width(), rect.height()) * scale)
    if image is None or image.isNull() or rect.isEmpty():
        return False
    iw, ih = image.width(), image.height()
    fit = (max if cover else min)(rect.width() / iw, rect.height() / ih)
    w, h = iw * fit, ih * fit
    target = QRectF(rect.x() + (rect.width() - w) / 2, rect.y() + (rect.height() - h) / 2, w, h)
    painter.save()
    painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
    painter.drawImage(target, image)
    painter.restore()
    return True


def draw_placeholder(painter: QPainter, rect: QRectF) -> None:
    """What stands for a picture that cannot be shown: a grey box crossed out."""
    painter.save()
    painter.setPen(QColor("#9E9E9E"))
    painter.setBrush(QColor("#EEEEEE"))
    painter.drawRect(rect)
    painter.drawLine(rect.topLeft(), rect.bottomRight())
    painter.drawLine(rect.topRight(), rect.bottomLeft())
    painter.restore()


def _device_scale(painter: QPainter) -> float:
    t: QTransform = painter.worldTransform()
    scale = max(abs(t.m11()) + abs(t.m21()), abs(t.m12()) + abs(t.m22()))
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    return scale * ratio


# ---------------------------------------------------------------- the persona's portrait


@lru_cache(maxsize=32)
def portrait_pixmap(photo: Optional[bytes], diameter: float, pixel_ratio: float = 3.0) -> Optional[QPixmap]:
    """The persona's photo cropped to a circle `diameter` units across (centred, covering the
    circle), or None when there is no photo or it cannot be shown. The pixmap has
    pixel_ratio device pixels per unit, so it stays sharp on a zoomed board or a projector;
    drawPixmap(QPointF(left, top), pixmap) draws it `diameter` units wide. Cached."""
    image = portrait_image(photo, diameter, pixel_ratio)
    if image is None:
        return None
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(pixel_ratio)
    return pixmap


@lru_cache(maxsize=32)
def portrait_image(photo: Optional[bytes], diameter: float, pixel_ratio: float = 3.0) -> Optional[QImage]:
    """portrait_pixmap() as a QImage (usable outside the GUI thread); the image's own device
    pixel ratio is pixel_ratio."""
    if not photo or diameter <= 0:
        return None
    side = max(1, round(diameter * pixel_ratio))
    source = picture_image(photo, side)
    if source is None or source.isNull():
        return None
    out = QImage(side, side, QImage.Format_ARGB32_Premultiplied)
    out.fill(Qt.transparent)
    painter = QPainter(out)
    painter.setRenderHints(QPainter.Antialiasing | QPainter.SmoothPixmapTransform)
    path = QPainterPath()
    path.addEllipse(QRectF(0, 0, side, side))
    painter.setClipPath(path)
    iw, ih = source.width(), source.height()
    scale = max(side / iw, side / ih)
    w, h = iw * scale, ih * scale
    painter.drawImage(QRectF((side - w) / 2, (side - h) / 2, w, h), source)
    painter.setClipping(False)
    painter.setBrush(QBrush(Qt.NoBrush))
    painter.end()
    out.setDevicePixelRatio(pixel_ratio)
    return out
