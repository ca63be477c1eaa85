"""The bundled fonts in Qt: the very files the layout measured text with."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from app.model.text import FONT_FILES

# Qt rounds a font's size to whole pixels, which would draw text wider or narrower than the
# layout measured it. Text is set at this large pixel size and scaled down by the painter
# instead, so advances match the layout's to a few thousandths of a point.
DESIGN_PX = 1000

_families: dict[str, str] = {}
_fonts: dict[bool, QFont] = {}


def load_fonts() -> None:
    """Registers the bundled fonts once; a QGuiApplication must exist."""
    if _families:
        return
    for key, spec in FONT_FILES.items():
        font_id = QFontDatabase.addApplicationFont(str(spec.path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _families[key] = families[0] if families else "Sans Serif"


def design_font(bold: bool = False) -> QFont:
    """The bundled font at DESIGN_PX pixels; draw with the painter scaled by size / DESIGN_PX."""
    if bold not in _fonts:
        load_fonts()
        font = QFont()
        font.setFamilies([_families["bold" if bold else "regular"], _families["regular"], _families["cjk"]])
        font.setPixelSize(DESIGN_PX)
        font.setBold(bold)
        font.setKerning(False)  # the layout measures without kerning or ligatures
        font.setFeature(QFont.Tag("kern"), 0)
        font.setFeature(QFont.Tag("liga"), 0)
        font.setHintingPreference(QFont.PreferNoHinting)
        _fonts[bold] = font
    return _fonts[bold]


def sized_font(size: float, bold: bool = False) -> QFont:
    """The bundled font with an em of `size` pixels (rounded), for widgets such as the editor."""
    font = QFont(design_font(bold))
    font.setPixelSize(max(1, round(size)))
    return font
