"""Drawing pieces shared by the PDF pages: colours, notes with chips, faces, curves, photos.

Everything draws in layout coordinates (points, y downwards): Painter.page() flips the page
once, so the layout's rectangles are used as they are and text is set upright by pdf_text.
"""
from __future__ import annotations

from contextlib import contextmanager

import functools
import io
import math
from typing import Optional, Sequence

from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader

from app.model.document import BoardError
from app.model.entities import Note
from app.model.images import decode_image, image_size, is_passthrough_jpeg
from app.model.layout import (
    CHIP_ROW_H, CLUSTER_PAD, CLUSTER_TOGGLE_W, NOTE_PAD, ClusterBox, NoteBox, Rect, cluster_label_top, stack_cards,
    toggle_points,
)
from app.model.text import text_width

from .pdf_text import draw_fitted, draw_lines, line_width

# The light theme of the exports.
INK = "#212B36"  # body text
MUTED = "#637381"  # secondary text
HAIRLINE = "#DFE3E8"  # cell borders
CELL_BG = "#FBFCFD"
HEADER_BG = "#F4F6F8"
STAGE_BG = ("#37474F", "#455A64")  # stage chevrons alternate
ACCENT = "#1E88E5"
DOT = "#D32F2F"  # vote dots
CLUSTER_FILL = "#EEF0F9"  # as on screen: a pale indigo frame with a dark indigo label
CLUSTER_BORDER = "#5C6BC0"
CLUSTER_INK = "#283593"
FACE_COLORS = {-2: "#E53935", -1: "#FB8C00", 0: "#FDD835", 1: "#7CB342", 2: "#43A047"}

CHIP_TEXT = 8.0
CHIP_H = 13.0
NOTE_RADIUS = 4.0


@functools.lru_cache(maxsize=4096)
def color(hex_color: str, alpha: float = 1.0) -> Color:
    value = hex_color.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return Color(r, g, b, alpha)


@functools.lru_cache(maxsize=4096)
def mix(hex_color: str, other: str, amount: float) -> str:
    """hex_color moved `amount` (0..1) of the way to `other`."""
    a, b = hex_color.lstrip("#"), other.lstrip("#")
    channels = (round(int(a[i:i + 2], 16) * (1 - amount) + int(b[i:i + 2], 16) * amount) for i in (0, 2, 4))
    return "#" + "".join(f"{c:02X}" for c in channels)


def tint(hex_color: str, amount: float) -> str:
    return mix(hex_color, "#FFFFFF", amount)


def shade(hex_color: str, amount: float) -> str:
    return mix(hex_color, "#000000", amount)


def luminance(hex_color: str) -> float:
    value = hex_color.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(hex_color: str) -> str:
    """Dark text on light colours, white on dark ones."""
    return INK if luminance(hex_color) > 0.5 else "#FFFFFF"


class Painter:
    """A ReportLab canvas seen in layout coordinates (points from the top left, y down)."""

    def __init__(self, canvas, page_w: float, page_h: float):
        self.c = canvas
        self.page_w = page_w
        self.page_h = page_h

    # ------------------------------------------------------------ transforms

    def begin_page(self) -> None:
        """Flips the page so y grows downwards from its top left corner."""
        self.c.saveState()
        self.c.translate(0, self.page_h)
        self.c.scale(1, -1)

    def end_page(self) -> None:
        self.c.restoreState()

    # ------------------------------------------------------------ shapes

    def fill_rect(self, r: Rect, fill: str, stroke: Optional[str] = None, width: float = 0.6,
                  radius: float = 0.0) -> None:
        c = self.c
        c.setFillColor(color(fill))
        if stroke:
            c.setStrokeColor(color(stroke))
            c.setLineWidth(width)
        if radius:
            c.roundRect(r.x, r.y, r.w, r.h, radius, stroke=1 if stroke else 0, fill=1)
        else:
            c.rect(r.x, r.y, r.w, r.h, stroke=1 if stroke else 0, fill=1)

    def stroke_rect(self, r: Rect, stroke: str, width: float = 0.6, radius: float = 0.0,
                    dash: Optional[Sequence[float]] = None) -> None:
        with self._pen(stroke, width, dash) as c:
            if radius:
                c.roundRect(r.x, r.y, r.w, r.h, radius, stroke=1, fill=0)
            else:
                c.rect(r.x, r.y, r.w, r.h, stroke=1, fill=0)

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 0.6,
             dash: Optional[Sequence[float]] = None) -> None:
        with self._pen(stroke, width, dash) as c:
            c.line(x1, y1, x2, y2)

    @contextmanager
    def _pen(self, stroke: str, width: float, dash: Optional[Sequence[float]]):
        """The canvas with a pen set, restored afterwards."""
        c = self.c
        c.saveState()
        c.setStrokeColor(color(stroke))
        c.setLineWidth(width)
        if dash:
            c.setDash(list(dash))
        try:
            yield c
        finally:
            c.restoreState()

    def chevron(self, r: Rect, fill: str, point: float, first: bool) -> None:
        """A stage header: an arrow-shaped band pointing right."""
        c = self.c
        p = c.beginPath()
        notch = 0 if first else point
        p.moveTo(r.x, r.y)
        p.lineTo(r.right - point, r.y)
        p.lineTo(r.right, r.y + r.h / 2)
        p.lineTo(r.right - point, r.bottom)
        p.lineTo(r.x, r.bottom)
        p.lineTo(r.x + notch, r.y + r.h / 2)
        p.close()
        c.setFillColor(color(fill))
        c.drawPath(p, stroke=0, fill=1)

    def polygon(self, points: Sequence[tuple[float, float]], fill: str) -> None:
        """A filled polygon without an outline (triangles: arrows, a cluster's toggle)."""
        path = self.c.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        self.c.setFillColor(color(fill))
        self.c.drawPath(path, stroke=0, fill=1)

    def clip(self, r: Rect) -> None:
        p = self.c.beginPath()
        p.rect(r.x, r.y, r.w, r.h)
        self.c.clipPath(p, stroke=0, fill=0)

    # ------------------------------------------------------------ text

    def text(self, fitted, x: float, top: float, width: float, ink: str = INK, **options) -> None:
        draw_fitted(self.c, fitted, x, top, width, color=color(ink), **options)

    def label(self, text: str, x: float, top: float, width: float, size: float, ink: str = INK,
              bold: bool = False, align: str = "start") -> None:
        """One line of text that is not part of the layout (page headers, chips)."""
        draw_lines(self.c, [text], x, top, width, size, size * 1.25, bold=bold, color=color(ink),
                   align=align)

    # ------------------------------------------------------------ notes

    def cluster(self, box: ClusterBox, top: Optional[NoteBox]) -> None:
        """A cluster's frame and label (drawn before its notes); a collapsed one's stack of cards."""
        r = box.rect
        self.fill_rect(r, CLUSTER_FILL, stroke=CLUSTER_BORDER, width=1.0, radius=8)
        self.polygon(toggle_points(r, box.collapsed), CLUSTER_BORDER)
        self.text(box.label, r.x + CLUSTER_PAD + CLUSTER_TOGGLE_W, cluster_label_top(box),
                  r.w - CLUSTER_TOGGLE_W - 2 * CLUSTER_PAD, CLUSTER_INK, bold=True)
        if box.collapsed and top is not None:
            for card in stack_cards(top.rect, box.folded):
                self.fill_rect(card, shade(top.color, 0.08), stroke=shade(top.color, 0.3), width=0.5,
                               radius=NOTE_RADIUS)

    def note(self, box: NoteBox, note: Note, votes: int) -> None:
        """A sticky note: rounded, with a slight shadow, its text as the layout set it, and a
        row of chips (dots, idea flag, owner, tags) under the text when the layout made room."""
        r = box.rect
        c = self.c
        fill = box.color
        c.setFillColor(color("#000000", 0.10))  # the shadow
        c.roundRect(r.x + 0.8, r.y + 1.6, r.w, r.h, NOTE_RADIUS, stroke=0, fill=1)
        self.fill_rect(r, fill, stroke=shade(fill, 0.18), width=0.5, radius=NOTE_RADIUS)
        ink = ink_on(fill)
        picture = box.picture
        if picture is not None:  # where the layout put it, as on screen
            area = Rect(r.x + picture.x, r.y + picture.y, picture.w, picture.h)
            if not self.picture(box.image, area):
                self.placeholder(area)
        self.text(box.text, r.x + NOTE_PAD, r.y + box.text_top, r.w - 2 * NOTE_PAD, ink)
        if box.has_chips:
            self.chips(note, votes, r, fill)

    def chips(self, note: Note, votes: int, r: Rect, fill: str) -> None:
        """Small pills along the bottom of a note; what does not fit becomes "+N"."""
        c = self.c
        y = r.bottom - NOTE_PAD - (CHIP_ROW_H + CHIP_H) / 2
        x = r.x + NOTE_PAD
        right = r.right - NOTE_PAD
        items: list[tuple[str, str]] = []  # (kind, text)
        if votes:
            items.append(("dots", str(votes)))
        if note.idea:
            items.append(("idea", "Idea"))
        if note.owner:
            items.append(("owner", note.owner))
        items += [("tag", tag) for tag in note.tags]
        pad = 4.0
        pill_bg = tint(fill, 0.55)
        pill_line = shade(fill, 0.25)
        text_top = y + (CHIP_H - CHIP_TEXT * 1.25) / 2

        def more(count: int) -> float:
            return line_width(f"+{count}", CHIP_TEXT) + 2 * pad

        for index, (kind, label) in enumerate(items):
            icon = CHIP_H - 5 if kind in ("dots", "idea", "owner") else 0
            lead = icon + 2 if icon else 0
            w = line_width(label, CHIP_TEXT) + 2 * pad + lead
            remaining = len(items) - index - 1
            room = right - x - (more(remaining) + 3 if remaining else 0)
            if w > room:
                if index > 0:
                    self._pill(x, y, more(remaining + 1), pill_bg, pill_line)
                    self.label(f"+{remaining + 1}", x + pad, text_top, right - x, CHIP_TEXT, MUTED, align="left")
                    break
                w = max(room, 2 * pad + lead + CHIP_TEXT)  # the first chip always shows, shortened
            self._pill(x, y, w, "#FFFFFF" if kind == "dots" else pill_bg, pill_line)
            cy = y + CHIP_H / 2
            if kind == "dots":
                c.setFillColor(color(DOT))
                c.circle(x + pad + icon / 2, cy, icon / 2, stroke=0, fill=1)
            elif kind == "idea":
                self._star(x + pad + icon / 2, cy, icon / 2, "#F9A825")
            elif kind == "owner":
                self._person(x + pad + icon / 2, cy, icon / 2, INK)
            text = _clip_text(label, w - 2 * pad - lead)
            self.label(text, x + pad + lead, text_top, w, CHIP_TEXT, INK, align="left")
            x += w + 3

    def _pill(self, x: float, y: float, w: float, fill: str, stroke: str) -> None:
        c = self.c
        c.setFillColor(color(fill))
        c.setStrokeColor(color(stroke))
        c.setLineWidth(0.4)
        c.roundRect(x, y, w, CHIP_H, CHIP_H / 2, stroke=1, fill=1)

    def _star(self, cx: float, cy: float, r: float, fill: str) -> None:
        p = self.c.beginPath()
        for i in range(10):
            radius = r if i % 2 == 0 else r * 0.45
            a = -math.pi / 2 + i * math.pi / 5
            (p.moveTo if i == 0 else p.lineTo)(cx + radius * math.cos(a), cy + radius * math.sin(a))
        p.close()
        self.c.setFillColor(color(fill))
        self.c.drawPath(p, stroke=0, fill=1)

    def _person(self, cx: float, cy: float, r: float, fill: str) -> None:
        c = self.c
        c.setFillColor(color(fill))
        c.circle(cx, cy - r * 0.38, r * 0.42, stroke=0, fill=1)
        p = c.beginPath()
        p.moveTo(cx - r * 0.85, cy + r)
        p.curveTo(cx - r * 0.85, cy + r * 0.05, cx + r * 0.85, cy + r * 0.05, cx + r * 0.85, cy + r)
        p.close()
        c.drawPath(p, stroke=0, fill=1)

    # ------------------------------------------------------------ emotions

    def curve(self, points: Sequence[tuple[float, float]], stroke: str, width: float) -> None:
        """A smooth curve through the points (Catmull-Rom, as cubic Bezier segments)."""
        if len(points) < 2:
            return
        c = self.c
        p = c.beginPath()
        p.moveTo(*points[0])
        for i in range(len(points) - 1):
            p0 = points[i - 1] if i > 0 else points[i]
            p1, p2 = points[i], points[i + 1]
            p3 = points[i + 2] if i + 2 < len(points) else p2
            c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
            c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
            p.curveTo(c1[0], c1[1], c2[0], c2[1], p2[0], p2[1])
        c.saveState()
        c.setStrokeColor(color(stroke))
        c.setLineWidth(width)
        c.setLineCap(1)
        c.setLineJoin(1)
        c.drawPath(p, stroke=1, fill=0)
        c.restoreState()

    def face(self, cx: float, cy: float, r: float, score: int) -> None:
        """A simple face: a smile, a straight mouth or a frown, by score (-2..+2)."""
        c = self.c
        fill = FACE_COLORS.get(score, FACE_COLORS[0])
        c.setFillColor(color(fill))
        c.setStrokeColor(color(shade(fill, 0.35)))
        c.setLineWidth(1.0)
        c.circle(cx, cy, r, stroke=1, fill=1)
        c.setFillColor(color(INK))
        for dx in (-0.35, 0.35):
            c.circle(cx + dx * r, cy - 0.22 * r, 0.11 * r, stroke=0, fill=1)
        mouth_y = cy + 0.32 * r
        bend = 0.22 * r * score / 2  # y grows downwards: a positive score curves the mouth down in the middle
        p = c.beginPath()
        p.moveTo(cx - 0.45 * r, mouth_y - bend * 0.3)
        p.curveTo(cx - 0.2 * r, mouth_y + bend, cx + 0.2 * r, mouth_y + bend, cx + 0.45 * r, mouth_y - bend * 0.3)
        c.saveState()
        c.setStrokeColor(color(INK))
        c.setLineWidth(max(0.8, r * 0.1))
        c.setLineCap(1)
        c.drawPath(p, stroke=1, fill=0)
        c.restoreState()

    # ------------------------------------------------------------ pictures

    def picture(self, data: bytes, r: Rect, circle: bool = False) -> bool:
        """Draws image bytes fitted into r (covering r, cropped to a circle, when asked); False
        if the bytes are not a picture that can be shown."""
        image = _image_reader(data)
        if image is None or r.w <= 0 or r.h <= 0:
            return False
        iw, ih = image.getSize()
        c = self.c
        c.saveState()
        if circle:
            scale = max(r.w / iw, r.h / ih)  # cover the circle
            p = c.beginPath()
            p.circle(r.x + r.w / 2, r.y + r.h / 2, min(r.w, r.h) / 2)
            c.clipPath(p, stroke=0, fill=0)
        else:
            scale = min(r.w / iw, r.h / ih)
        w, h = iw * scale, ih * scale
        x, y = r.x + (r.w - w) / 2, r.y + (r.h - h) / 2
        c.translate(x, y + h)
        c.scale(1, -1)
        c.drawImage(image, 0, 0, w, h, mask="auto")
        c.restoreState()
        return True

    def placeholder(self, r: Rect) -> None:
        """What stands for a picture that cannot be shown: a grey box crossed out."""
        self.fill_rect(r, "#EEEEEE", stroke="#9E9E9E", width=0.6)
        self.line(r.x, r.y, r.right, r.bottom, "#9E9E9E")
        self.line(r.right, r.y, r.x, r.bottom, "#9E9E9E")


def _clip_text(text: str, width: float) -> str:
    """text shortened with an ellipsis to fit width at chip size."""
    if text_width(text, CHIP_TEXT) <= width:
        return text
    while text and text_width(text + "…", CHIP_TEXT) > width:
        text = text[:-1]
    return text + "…"


# Pictures are decoded by app.model.images (Pillow, its pixel limit, the EXIF orientation: as on
# screen). A stored JPEG that is upright goes into the PDF as it is (no second compression, a
# small file); other pictures are scaled down to _MAX_SIDE and embedded losslessly.
_MAX_SIDE = 1200


@functools.lru_cache(maxsize=24)  # a reader keeps its decoded pixels: up to 3 MB each
def _image_reader(data: bytes) -> Optional[ImageReader]:
    if not data:
        return None
    try:
        if is_passthrough_jpeg(data) and max(image_size(data)) <= _MAX_SIDE:
            return ImageReader(io.BytesIO(data))
        return ImageReader(decode_image(data, max_side=_MAX_SIDE))
    except BoardError:
        return None
    except Exception:  # noqa: BLE001 - any broken picture is drawn as a placeholder instead
        return None
