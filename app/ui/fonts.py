"""The bundled fonts in Qt: the very files the layout measured text with."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QFont, QFontDatabase

from app.model.text import FONT_FILES

_families: dict[str, str] = {}


def load_fonts() -> None:
    """Registers the bundled fonts once; a QGuiApplication must exist."""
    if _families:
        return
    for key, spec in FONT_FILES.items():
        font_id = QFontDatabase.addApplicationFont(str(spec.path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _families[key] = families[0] if families else "Sans Serif"


@lru_cache(maxsize=512)
def font(size: float, bold: bool = False, dpi: float = 72.0) -> QFont:
    """A font whose em is `size` device units on a device of the given dpi.

    Scene units are points, and the layout measured text at `size` points, so text is drawn
    with an em of exactly `size` scene units whatever the device; kerning is off because the
    layout measures without it."""
    load_fonts()
    qfont = QFont(_families["bold" if bold else "regular"])
    qfont.setFamilies([_families["bold" if bold else "regular"], _families["regular"], _families["cjk"]])
    qfont.setPointSizeF(size * 72.0 / dpi)
    qfont.setBold(bold)
    qfont.setKerning(False)
    qfont.setHintingPreference(QFont.PreferNoHinting)
    return qfont
