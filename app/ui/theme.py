"""Colours of the light theme, shared by every painter of the board in Qt."""
from PySide6.QtGui import QColor

BACKGROUND = QColor("#F7F7F5")
TITLE_TEXT = QColor("#1F2933")
SUBTITLE_TEXT = QColor("#52606D")
HEADER_FILL = QColor("#FFFFFF")
HEADER_TEXT = QColor("#1F2933")
CELL_BORDER = QColor("#D9DDE1")
GRID_FILL = QColor("#FFFFFF")
NOTE_TEXT = QColor("#1B1B1B")
NOTE_SHADOW = QColor("#C8CBCE")
NOTE_BORDER = QColor(0, 0, 0, 28)
SELECTION = QColor("#1565C0")
HOVER = QColor(21, 101, 192, 90)
FOCUS = QColor("#1565C0")
DROP_INDICATOR = QColor("#E65100")
CHIP_FILL = QColor(0, 0, 0, 22)
CHIP_TEXT = QColor("#37474F")
DOT = QColor("#C62828")
CURVE = QColor("#AD1457")
PARKING_FILL = QColor("#EEF0F2")
MATCH = QColor("#FFB300")
DIMMED = QColor(247, 247, 245, 170)

# Sticky-note colours for the palette (keys 1-8), readable with dark text on a projector.
PALETTE = ("#FFE082", "#90CAF9", "#A5D6A7", "#F48FB1", "#FFCC80", "#CE93D8", "#80CBC4", "#E0E0E0")
PALETTE_NAMES = ("Yellow", "Blue", "Green", "Pink", "Orange", "Purple", "Teal", "Grey")


def lane_tint(color: str) -> QColor:
    """The pale wash of a lane's colour behind its row."""
    tint = QColor(color)
    tint.setAlpha(46)
    return tint

# Clusters (affinity groups): a pale frame with a label strip; a collapsed one is a stack.
CLUSTER_FILL = QColor(57, 73, 171, 20)
CLUSTER_BORDER = QColor("#5C6BC0")
CLUSTER_TEXT = QColor("#283593")
STACK_EDGE = QColor(0, 0, 0, 60)
HIDDEN_HATCH = QColor(69, 90, 100, 90)  # over the header of a lane hidden from the projector
