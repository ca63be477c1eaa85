"""Text metrics and line breaking with the bundled fonts, without Qt.

This is the one place that decides how wide a text is and where its lines break. The layout
calls it; the Qt scene, the PNG and the PDF exporters only draw the lines they are given, with
the very same font files (FONT_FILES), so all three wrap identically.

Widths come from the fonts' advance widths (hmtx) as ReportLab measures them: no kerning, no
shaping. Painters should draw the same way (Qt: QFont.setKerning(False)).

Line breaking follows the parts of Unicode UAX #14 that matter on sticky notes: hard newlines,
breaks at spaces and after hyphens and slashes, breaks between CJK characters (closing
punctuation stays with the character before it, opening with the one after), grapheme
clusters kept whole, and a break between clusters when one word is wider than the line.
Right-to-left text is broken in logical order; painters handle bidi and shaping.
"""
from __future__ import annotations

import bisect
import functools
import importlib.resources
import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont


@dataclass(frozen=True)
class FontFile:
    """A bundled font file; index is the sub-font of a TrueType collection (0 otherwise)."""

    path: Path
    index: int = 0


def _bundled(name: str) -> Path:
    # A plain path, because Qt and ReportLab both want a file name; the app is installed as
    # files on disk (pip or a PyInstaller folder), never run from a zip.
    return Path(str(importlib.resources.files("resources") / "fonts" / name))


FONT_FILES: dict[str, FontFile] = {
    "regular": FontFile(_bundled("DejaVuSans.ttf")),
    "bold": FontFile(_bundled("DejaVuSans-Bold.ttf")),
    "cjk": FontFile(_bundled("wqy-microhei.ttc"), index=0),
}

# Fonts tried in turn for a character. A character no font has is drawn (as a missing-glyph
# box) by the first one, so a run of bold text is not interrupted by it.
_FALLBACK = {False: ("regular", "cjk"), True: ("bold", "regular", "cjk")}

# Advances are kept as integers in 1/_EM em: sums are then exact and independent of order, so
# a line measured piece by piece while breaking has exactly the width text_width gives it.
_EM = 1 << 16


@dataclass(frozen=True)
class _Metrics:
    advances: dict[str, int]  # character -> advance in 1/_EM em
    missing: int  # advance of the missing-glyph box (.notdef), as ReportLab measures it


@functools.cache
def _metrics(key: str) -> _Metrics:
    # Loaded on first use only: the CJK collection is 5 MB and most boards never need it.
    spec = FONT_FILES[key]
    font = TTFont(spec.path, fontNumber=spec.index, lazy=True)
    try:
        hmtx = font["hmtx"].metrics
        scale = _EM / font["head"].unitsPerEm
        cmap = font.getBestCmap()
        advances = {chr(cp): round(hmtx[glyph][0] * scale) for cp, glyph in cmap.items()}
        missing = round(hmtx[font.getGlyphOrder()[0]][0] * scale)
    finally:
        font.close()
    return _Metrics(advances, missing)


def _is_control(ch: str) -> bool:
    # No bundled font has a glyph for a control character (say, a pasted tab): it measures
    # as nothing, and painters leave it out (ReportLab would draw a box, Qt a tab stop).
    return unicodedata.category(ch) == "Cc"


class _FontKeys(dict):
    """Character -> key of the bundled font that draws it, filled on first lookup."""

    def __init__(self, bold: bool) -> None:
        super().__init__()
        self._order = _FALLBACK[bold]

    def __missing__(self, ch: str) -> str:
        if _is_control(ch):
            key = self._order[0]  # no font has a tab: spare loading the CJK font to learn it
        else:
            key = next((k for k in self._order if ch in _metrics(k).advances), self._order[0])
        self[ch] = key
        return key


class _Advances(dict):
    """Character -> advance in 1/_EM em in the font that draws it, filled on first lookup."""

    def __init__(self, keys: _FontKeys) -> None:
        super().__init__()
        self._keys = keys

    def __missing__(self, ch: str) -> int:
        metrics = _metrics(self._keys[ch])
        advance = self[ch] = 0 if _is_control(ch) else metrics.advances.get(ch, metrics.missing)
        return advance


_KEYS = {bold: _FontKeys(bold) for bold in (False, True)}
_ADVANCES = {bold: _Advances(_KEYS[bold]) for bold in (False, True)}


def font_key_for_char(ch: str, bold: bool = False) -> str:
    """Key into FONT_FILES of the bundled font that draws the character `ch`."""
    return _KEYS[bold][ch]


def split_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Consecutive (font key, text) runs, for painters that have no font fallback."""
    keys = _KEYS[bold]
    return [(key, "".join(run)) for key, run in itertools.groupby(text, keys.__getitem__)]


def _units(text: str, advances: dict[str, int]) -> int:
    return sum(map(advances.__getitem__, text))


def _points(units: int, size: float) -> float:
    # Every width in this module goes through here, so a comparison made while breaking and a
    # later text_width() of the same line agree to the last bit.
    return units * size / _EM


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` set at `size` points."""
    return _points(_units(text, _ADVANCES[bold]), size)


# ---- character classes for breaking ------------------------------------------------------


def _range_class(ranges) -> str:
    """A regex character-class body for inclusive (first, last) code point ranges."""
    return "".join(
        re.escape(chr(first)) + ("" if first == last else "-" + re.escape(chr(last)))
        for first, last in ranges
    )


def _char_class(codepoints) -> str:
    """A regex character-class body for the given code points, as compact ranges."""
    runs = itertools.groupby(enumerate(sorted(set(codepoints))), lambda p: p[1] - p[0])
    return _range_class((group[0][1], group[-1][1]) for group in (list(g) for _, g in runs))


# Breakable spaces, dropped where a line breaks. No-break spaces (U+00A0, U+202F, U+2007)
# are absent on purpose: they glue words. Zero width space is a break opportunity only.
_SPACES = " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u200b\u205f\u3000"
_SP = re.escape(_SPACES)

# Characters that extend the cluster before them: combining marks (Unicode's own list, so it
# is complete for every script), joiners, variation selectors, emoji skin tones, tag letters.
_EXT = _char_class(
    cp for cp in range(0x20000) if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me")
) + _range_class((
    (0x200C, 0x200D), (0xFE00, 0xFE0F), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F), (0xE0100, 0xE01EF),
))
_RI = r"\U0001F1E6-\U0001F1FF"  # regional indicators: two make one flag

# Characters between which a line may break on its own (UAX #14 class ID and kin): CJK
# ideographs, kana, Hangul syllables, fullwidth forms, emoji. Some punctuation in these blocks
# must not start or end a line; _PIECE takes it first, as an opener or a closer.
_ID = _range_class((
    (0x2E80, 0x2FFF), (0x3001, 0x303F), (0x3040, 0x30FF), (0x3100, 0x31FF), (0x3200, 0x33FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6), (0x1B000, 0x1B16F),
    (0x1F000, 0x1F1E5), (0x1F200, 0x1F3FA), (0x1F400, 0x1FAFF), (0x20000, 0x3FFFD),
))
_CJK_OPEN = "〈《「『【〔〖〘〚〝（［｛｟｢"
_CJK_CLOSE = (
    "、。，．：；！？〉》」』】〕〗〙〛〞〟）］｝｠｣｡､・･ー〜々〻ゝゞヽヾ゠‼⁇⁈⁉…‥"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"  # small kana
)
_OPEN = re.escape(_CJK_OPEN) + r"(\[{"
# After a CJK character ASCII punctuation must stay with it too (no line starting with ",").
_CLOSE = re.escape(_CJK_CLOSE) + r",.:;!?%)\]}"
_NOT_WORD = f"{_SP}{_ID}{_RI}{re.escape(_CJK_OPEN + _CJK_CLOSE)}"

_IDEOGRAPH = f"(?:[{_RI}]{{2}}|[{_ID}{_RI}])(?:\u200d.|[{_EXT}])*"
# A word may break after hyphens, dashes or a slash that are followed by a letter
# ("well-|known", "and/|or", "example.org/|path") but not before a digit ("-5", "1-2").
# The possessive ++ matters for speed: this runs over every character of every note, and
# backtracking into a run of letters is never needed.
_HYPHEN = re.escape("-/\u2010\u2013\u2014")
_WORD_UNIT = f"(?:[^{_NOT_WORD}{_HYPHEN}\u200d]++|\u200d.)"
_WORD = f"[{_HYPHEN}]*(?:{_WORD_UNIT}|[{_HYPHEN}]+(?![^\\W\\d_]))+[{_HYPHEN}]*"

# One unbreakable piece of a paragraph and the breakable spaces after it. The last resort
# [^SP] makes sure no character is ever skipped: the pieces always add up to the paragraph.
_PIECE = re.compile(f"([{_OPEN}]*(?:{_WORD}|{_IDEOGRAPH}|[^{_SP}])?[{_CLOSE}]*)([{_SP}]*)", re.S)
# A grapheme cluster, near enough: a flag, or a character with its marks and joined ones.
_GRAPHEME = re.compile(f"(?:[{_RI}]{{2}}|.)(?:\u200d.|[{_EXT}])*", re.S)
_HARD_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


# ---- breaking ---------------------------------------------------------------------------


def break_lines(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width` points at `size` points.

    Hard newlines end a line; blank lines stay as "". Breakable spaces at line ends are
    dropped; every other character is kept, in order. A line is wider than `width` only when
    it holds a single grapheme cluster that is wider on its own.
    """
    limit = _unit_limit(width, size)
    return [line for p in _paragraphs(text, _ADVANCES[bold]) for line in p.lines(limit)]


def _unit_limit(width: float, size: float) -> int:
    """The most units a line may have: a line fits `width` exactly when its units do not
    exceed this, so breaking compares integers and agrees with text_width()."""
    if not size > 0:
        raise ValueError(f"font size must be positive, got {size}")
    units = max(-1, math.floor(width * _EM / size))
    # The division may round either way; settle on the exact threshold of _points().
    while _points(units + 1, size) <= width:
        units += 1
    while units >= 0 and _points(units, size) > width:
        units -= 1
    return units


def _paragraphs(text: str, advances: dict[str, int]) -> list[_Paragraph]:
    return [_Paragraph(p, advances) for p in _HARD_BREAK.split(text)]


class _Paragraph:
    """Text between hard newlines, cut into pieces and measured once for any line width."""

    def __init__(self, text: str, advances: dict[str, int]) -> None:
        self.advances = advances
        self.stripped = text.rstrip(_SPACES)
        self.stripped_units = _units(self.stripped, advances)
        self.text = text

    @functools.cached_property
    def pieces(self) -> list[tuple[str, int, str, int]]:
        """(piece, its units, spaces after it, their units) for every unbreakable piece."""
        advance = self.advances.__getitem__  # inlined _units(): this is the hot loop
        return [
            (body, sum(map(advance, body)), spaces, sum(map(advance, spaces)))
            for body, spaces in _PIECE.findall(self.text)
            if body or spaces  # findall's empty match at the end
        ]

    def lines(self, limit: int) -> list[str]:
        """The paragraph broken greedily into lines of at most `limit` units."""
        if self.stripped_units <= limit:
            return [self.stripped]  # the common case: a short paragraph fits as it is
        lines: list[str] = []
        line, line_units = "", 0
        spaces, space_units = "", 0  # spaces after the line, kept only if a piece follows
        for body, body_units, trailing, trailing_units in self.pieces:
            if line_units + space_units + body_units <= limit:
                line += spaces + body
                line_units += space_units + body_units
            else:
                if line:
                    lines.append(line)
                # Leading spaces that would push the first piece over the edge go too.
                if body_units <= limit:
                    line, line_units = body, body_units
                else:
                    full, line, line_units = self._break_word(body, limit)
                    lines.extend(full)
            spaces, space_units = trailing, trailing_units
        lines.append(line)
        return lines

    def _break_word(self, word: str, limit: int) -> tuple[list[str], str, int]:
        """Emergency break of a word wider than the line, between grapheme clusters.

        Returns the full lines and the last, open line with its units.
        """
        full: list[str] = []
        line, line_units = "", 0
        for cluster in _GRAPHEME.findall(word):
            cluster_units = _units(cluster, self.advances)
            if line and line_units + cluster_units > limit:
                full.append(line)
                line, line_units = "", 0
            line += cluster
            line_units += cluster_units
        return full, line, line_units

    @functools.cached_property
    def _ink(self) -> tuple[int, int]:
        """Units of all pieces (the paragraph less the spaces a break may drop); of the widest."""
        widths = [piece[1] for piece in self.pieces]
        return sum(widths), max(widths, default=0)

    @functools.cached_property
    def _widest_cluster(self) -> int:
        return max(
            (_units(c, self.advances) for p in self.pieces for c in _GRAPHEME.findall(p[0])),
            default=0,
        )

    def min_lines(self, limit: int) -> int:
        """A cheap lower bound on len(self.lines(limit)).

        Every piece must find room, and a line is at most `limit` units wide, or one cluster
        of a wider piece.
        """
        if self.stripped_units <= limit:
            return 1
        ink, widest = self._ink
        if widest > limit:  # rare: pieces get cut, so only a cluster can overhang a line
            widest = self._widest_cluster
        return max(1, -(-ink // max(limit, widest, 1)))


# ---- fitting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Fitted:
    """Text set to fit a box: its font size, lines, line pitch and total height (points)."""

    size: float
    lines: tuple[str, ...]
    line_height: float
    height: float


def fit_text(
    text: str,
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    bold: bool = False,
    line_spacing: float = 1.25,
) -> Fitted:
    """The largest size from max_size down to min_size (0.5 pt steps) whose lines fit `height`.

    When even min_size does not fit, the text is set at min_size anyway and `height` of the
    result says how tall it really is: the caller grows the note, the text is never cut.
    """
    if not 0 < min_size <= max_size:
        raise ValueError(f"need 0 < min_size <= max_size, got {min_size}, {max_size}")
    # Sizes from the largest down, min_size always last even when off the 0.5 pt grid.
    sizes = [max_size - 0.5 * i for i in range(math.ceil((max_size - min_size) / 0.5))]
    sizes.append(min_size)
    # Cut and measured once: each size only refills the lines.
    paragraphs = _paragraphs(text, _ADVANCES[bold])

    def may_fit(size: float) -> bool:
        # From a lower bound on the lines, which never shrinks as the size grows: so a
        # bisection skips the sizes that cannot fit without filling a line.
        limit = math.floor(width * _EM / size) + 1  # at least the exact _unit_limit()
        return sum(p.min_lines(limit) for p in paragraphs) * size * line_spacing <= height

    def fitted(size: float) -> Fitted:
        limit = _unit_limit(width, size)
        lines = tuple(line for p in paragraphs for line in p.lines(limit))
        line_height = size * line_spacing
        return Fitted(size, lines, line_height, len(lines) * line_height)

    result = None
    for size in sizes[bisect.bisect_left(sizes, True, key=may_fit):]:
        result = fitted(size)
        if result.height <= height:
            return result
    # The loop, when it ran, ended at min_size.
    return result if result is not None else fitted(min_size)
