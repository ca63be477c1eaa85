"""The bundled TrueType fonts, registered with ReportLab under our own names.

The very files app.model.text measures with (text.FONT_FILES), so the PDF sets every line
exactly as the layout broke it. Each is registered on first use: the CJK collection is 5 MB and
most boards never need it.
"""
from __future__ import annotations

import functools
import unicodedata

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.model.text import FONT_FILES

_PREFIX = "JourneyWall-"


@functools.cache
def font_name(key: str) -> str:
    """The ReportLab font name of a bundled font (a key of text.FONT_FILES), registered on first use."""
    spec = FONT_FILES[key]
    name = _PREFIX + key
    try:
        pdfmetrics.getFont(name)
    except KeyError:
        pdfmetrics.registerFont(TTFont(name, str(spec.path), subfontIndex=spec.index))
    return name


@functools.cache
def _cmap(key: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font_name(key)).face.charToGlyph)


def has_glyph(key: str, ch: str) -> bool:
    """Whether the bundled font `key` draws the character `ch` (its cmap maps it)."""
    return ord(ch) in _cmap(key)


# Characters that draw nothing by definition (Unicode's Default_Ignorable_Code_Point): joiners,
# variation selectors, bidi controls, tag characters. A font without them is no reason for a box.
_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
    (0x1F3FB, 0x1F3FF),  # emoji skin tones: the monochrome fallback draws the base emoji only
)


def is_invisible(ch: str) -> bool:
    """Controls (a tab), default-ignorable characters and emoji modifiers: nothing to draw,
    no box either."""
    cp = ord(ch)
    if unicodedata.category(ch) == "Cc":
        return True
    return any(first <= cp <= last for first, last in _IGNORABLE)
