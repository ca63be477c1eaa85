"""Pictures on a board: pasted screenshots, photos of the paper wall, the persona's photo.

Everything that comes in is decoded here, with Pillow, before it is stored:

- only real picture formats are read (PNG, JPEG, GIF, BMP, TIFF, WebP); never formats whose
  decoder runs another program (EPS) or that are rarely what a user means;
- the size in the header is checked before a single pixel is decoded, so a decompression
  bomb (a tiny file claiming 100,000 x 100,000 pixels) is refused without allocating it;
- the EXIF orientation is applied, the picture is scaled down (1024 px on its longer side for
  notes, 512 for the persona) and encoded again, as PNG when it has transparency or when PNG
  is not larger (screenshots, drawings), else as JPEG; EXIF (GPS position, camera) is dropped.

Painters decode stored pictures with decode_image() (the PDF directly, the screen through a
QImage), so every picture is oriented and sized the same everywhere; image_size() reads only
the header and is cached, for the layout.

No Qt here: the model, the command line and the exporters use it headless.
"""
from __future__ import annotations

import functools
import io
import math
import os
import re
import stat
import warnings
from pathlib import Path
from typing import Optional

from PIL import Image, UnidentifiedImageError

from .checks import BoardError

NOTE_MAX_SIDE = 1024  # a picture note, in pixels on its longer side
PHOTO_MAX_SIDE = 512  # the persona's photo
MAX_PIXELS = 64_000_000  # the largest picture decoded (a 48-megapixel phone photo fits)
MAX_FILE_BYTES = 50 * 1024 * 1024  # the largest file read
JPEG_QUALITY = 85
SMALL_PNG = 24 * 1024  # a picture that packs into this as PNG stays lossless
# Formats Pillow may open (a camera's MPO, a JPEG with a second view, opens as JPEG).
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")
FORMAT_NAMES = "PNG, JPEG, GIF, BMP, TIFF or WebP"
FILE_DIALOG_FILTER = "Pictures (*.png *.jpg *.jpeg *.gif *.bmp *.tif *.tiff *.webp);;All files (*)"

_ORIENTATION = 0x0112
_TRANSPOSED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def prepare_image(data: bytes, max_side: int = NOTE_MAX_SIDE, *, what: str = "The picture") -> bytes:
    """The picture in data made ready to store: checked, upright, at most max_side pixels on its
    longer side, encoded again (PNG or JPEG). Raises BoardError with a message for the user
    (`what` names the picture in it, e.g. "“photo.png”")."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise BoardError(f"{what} must be image bytes.")
    data = bytes(data)
    if not data:
        raise BoardError(f"{what} is empty: it is not a picture Journey Wall can read.")
    if len(data) > MAX_FILE_BYTES:
        raise BoardError(f"{what} is too large ({_megabytes(len(data))}); Journey Wall takes pictures "
                         f"of up to {_megabytes(MAX_FILE_BYTES)}.")
    if max_side < 1:
        raise ValueError(f"max_side must be positive, got {max_side}")
    source = _open(data, what)
    try:
        orientation = _orientation(source)
        if source.format in ("JPEG", "MPO"):
            # The decoder scales by 1/2, 1/4 or 1/8 while decoding: a 48-megapixel photo is
            # read at a fraction of the memory and time.
            source.draft(None, (max_side, max_side))
        _load(source, what)
        image = _color_managed(_upright(source, orientation))
        transparent = _has_transparency(image)
        if image.mode.startswith("I") or image.mode == "F":  # 16-bit grey (PNG), 32-bit (TIFF)
            image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
        image = image.convert("RGBA" if transparent else _opaque_mode(image))
        if max(image.size) > max_side:
            image.thumbnail((max_side, max_side), Image.LANCZOS, reducing_gap=3.0)
        return _encode(image, transparent)
    except BoardError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, Image.DecompressionBombError) as error:
        raise BoardError(f"{what} is not a picture Journey Wall can read ({_reason(error)}).") from None
    finally:
        source.close()


def read_image_file(path: os.PathLike | str) -> bytes:
    """The bytes of a picture file, read with a size cap; BoardError with a message for the user
    when it is missing, a folder, unreadable or too large."""
    path = Path(path)
    name = f"“{path.name or path}”"
    try:
        if not path.exists():
            raise BoardError(f"{name} does not exist (was it moved or deleted?).")
        if path.is_dir():
            raise BoardError(f"{name} is a folder, not a picture.")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would never end
            raise BoardError(f"{name} is not a file but a pipe or a device: choose a picture file.")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise BoardError(f"{name} is too large ({_megabytes(size)}); Journey Wall takes pictures of up "
                             f"to {_megabytes(MAX_FILE_BYTES)}.")
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # a special file may claim 0 bytes and never end
    except PermissionError:
        raise BoardError(f"Journey Wall may not read {name} (permission denied).") from None
    except OSError as error:
        raise BoardError(f"{name} could not be read: {error.strerror or error}.") from None
    if len(data) > MAX_FILE_BYTES:
        raise BoardError(f"{name} is too large; Journey Wall takes pictures of up to {_megabytes(MAX_FILE_BYTES)}.")
    if not data:
        raise BoardError(f"{name} is empty: it is not a picture Journey Wall can read.")
    return data


def load_image_file(path: os.PathLike | str, max_side: int = NOTE_MAX_SIDE) -> bytes:
    """read_image_file() then prepare_image(): a picture file made ready to store."""
    path = Path(path)
    return prepare_image(read_image_file(path), max_side, what=f"“{path.name}”")


def check_image(data: bytes, what: str) -> bytes:
    """data as it is, when it is a whole picture Journey Wall can show: the document takes no
    other bytes as a picture (a truncated JPEG would fail every painter later). Decoded once,
    under the same pixel limit as everything else."""
    if not isinstance(data, bytes) or not data:
        raise BoardError(f"{what} must be image bytes.")
    if len(data) > MAX_FILE_BYTES:
        raise BoardError(f"{what} is too large ({_megabytes(len(data))}).")
    image = _open(data, what)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as error:
        raise BoardError(f"{what} is not a picture Journey Wall can read ({_reason(error)}).") from None
    finally:
        image.close()
    return data


@functools.lru_cache(maxsize=1024)
def image_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels of a picture as it is shown (EXIF orientation applied), from
    its header only; cached. BoardError when data is not a picture (or too large) to show."""
    image = _open(data, "The picture")
    try:
        w, h = image.size
        return (h, w) if _orientation(image) in _TRANSPOSED else (w, h)
    finally:
        image.close()


def decode_image(data: bytes, max_side: Optional[int] = None) -> Image.Image:
    """A stored picture decoded for painting: upright, RGB or RGBA, and when max_side is given
    at most that many pixels on its longer side (JPEGs are decoded at the reduced size). Raises
    BoardError when it cannot be shown."""
    source = _open(data, "The picture")
    try:
        orientation = _orientation(source)
        if max_side is not None and source.format in ("JPEG", "MPO"):
            source.draft(None, (max_side, max_side))
        _load(source, "The picture")
        image = _upright(source, orientation)
        if image.mode.startswith("I") or image.mode == "F":
            image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
        result = image.convert("RGBA" if _has_transparency(image) else "RGB")
        if max_side is not None and max(result.size) > max_side:
            result.thumbnail((max_side, max_side), Image.LANCZOS, reducing_gap=3.0)
        return result
    except BoardError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, Image.DecompressionBombError) as error:
        raise BoardError(f"The picture cannot be shown ({_reason(error)}).") from None
    finally:
        source.close()


def is_passthrough_jpeg(data: bytes) -> bool:
    """Whether a stored picture is a plain upright RGB or grey JPEG that a PDF can embed as it is."""
    try:
        image = _open(data, "The picture")
    except BoardError:
        return False
    try:
        return image.format == "JPEG" and image.mode in ("RGB", "L") and _orientation(image) in (0, 1)
    finally:
        image.close()


# ---------------------------------------------------------------- helpers


def _open(data: bytes, what: str) -> Image.Image:
    """Opens data reading its header only, and refuses more than MAX_PIXELS before any decoding."""
    Image.init()  # registers every plugin: `formats` may name only registered ones
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        pixels = re.search(r"\((\d+) pixels\)", str(error))
        size = f" ({_megapixels(int(pixels.group(1)))})" if pixels else ""
        raise BoardError(f"{what} is too large{size}; Journey Wall takes pictures of up to "
                         f"{_megapixels(MAX_PIXELS)}.") from None
    except UnidentifiedImageError:
        raise BoardError(f"{what} is not a picture Journey Wall can read (it should be {FORMAT_NAMES}).") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise BoardError(f"{what} is not a picture Journey Wall can read ({_reason(error)}).") from None
    w, h = image.size
    if w < 1 or h < 1:
        image.close()
        raise BoardError(f"{what} is not a picture Journey Wall can read (it has no pixels).")
    if w * h > MAX_PIXELS:
        image.close()
        raise BoardError(f"{what} is too large ({_megapixels(w * h)}); Journey Wall takes pictures of up "
                         f"to {_megapixels(MAX_PIXELS)}.")
    return image  # an animation opens at its first frame, which is what is taken


def _load(image: Image.Image, what: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.load()
        except (OSError, SyntaxError, EOFError, ValueError) as error:
            raise BoardError(f"{what} is not a picture Journey Wall can read ({_reason(error)}).") from None


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 = upright), read without decoding pixels. A PNG's EXIF may come
    after its pixels; it is read only when it came with the header, the same way for every
    caller, so the layout and the painters agree."""
    if image.format not in ("JPEG", "MPO", "TIFF", "WEBP") and "exif" not in image.info:
        return 1
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - broken EXIF: the picture as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    method = _TRANSPOSE.get(orientation)
    return image if method is None else image.transpose(method)


def _color_managed(image: Image.Image) -> Image.Image:
    """Pixels in sRGB: a photo with another profile (Display P3, Adobe RGB) is converted, since
    neither Qt's painter nor the PDF keeps profiles of pictures."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        from PIL import ImageCms
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in (ImageCms.getProfileDescription(source) or "").lower():
            return image
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except Exception:  # noqa: BLE001 - no colour management available or a broken profile
        return image


def _has_transparency(image: Image.Image) -> bool:
    """Whether any pixel is less than opaque."""
    if image.mode in ("RGBA", "LA", "La", "RGBa", "PA"):
        alpha = image.getchannel("A")
    elif "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
    else:
        return False
    low, _ = alpha.getextrema()
    return low < 255


def _opaque_mode(image: Image.Image) -> str:
    return "L" if image.mode in ("1", "L", "LA", "La") else "RGB"


def _encode(image: Image.Image, transparent: bool) -> bytes:
    if transparent:
        return _png(image, 6)
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True)
    # Screenshots and drawings are sharper as PNG, and often smaller: a quick PNG tells (a
    # photo's is several times the JPEG), and one packed harder is kept when it is small, or
    # hardly larger than the JPEG.
    small = max(1.25 * jpeg.tell(), SMALL_PNG)
    if len(_png(image, 1)) > 2 * small:
        return jpeg.getvalue()
    packed = _png(image, 9)
    return packed if len(packed) <= small else jpeg.getvalue()


def _png(image: Image.Image, level: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=level)
    return out.getvalue()


def _megapixels(pixels: int) -> str:
    mp = pixels / 1_000_000
    return f"{mp:,.0f} megapixels" if mp >= 10 else f"{mp:.1f} megapixels"


def _megabytes(size: int) -> str:
    return f"{math.ceil(size / (1024 * 1024)):,} MB"


def _reason(error: BaseException) -> str:
    text = str(error).strip().rstrip(".")
    if not text or len(text) > 120:
        return "it is damaged or incomplete"
    return text[0].lower() + text[1:]
