"""Text measuring and line breaking with the bundled fonts (app.model.text)."""
from __future__ import annotations

import dataclasses
import math
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.model.text import (
    FONT_FILES,
    break_lines,
    fit_text,
    font_key_for_char,
    split_runs,
    text_width,
)

ROOT = Path(__file__).resolve().parents[2]
FAMILY = "👩\u200d💻"  # woman technologist: a ZWJ sequence of two emoji
HEART_ON_FIRE = "❤\ufe0f\u200d🔥"  # starts with a symbol that is no ideograph
E_ACUTE = "e\u0301"  # e + combining acute accent


def ink(text: str) -> str:
    """The text less what a break may drop: whitespace and zero width spaces."""
    return re.sub(r"[\s\u200b]", "", text)


def assert_fits(lines: list[str], width: float, size: float, bold: bool = False) -> None:
    for line in lines:
        assert text_width(line, size, bold) <= width, (line, text_width(line, size, bold), width)


# ---- fonts and widths ----------------------------------------------------------------------


def test_font_files_are_bundled():
    assert set(FONT_FILES) == {"regular", "bold", "cjk"}
    for font in FONT_FILES.values():
        assert font.path.is_file(), font.path
    assert FONT_FILES["cjk"].path.suffix == ".ttc" and FONT_FILES["cjk"].index == 0


def test_module_does_not_import_qt():
    code = "import sys, app.model.text; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_width_scales_linearly_with_size():
    assert text_width("Hello world", 24) == pytest.approx(2 * text_width("Hello world", 12))
    assert text_width("Hello world", 10) == pytest.approx(10 * text_width("Hello world", 1))


def test_wider_text_measures_wider():
    assert text_width("", 12) == 0
    assert text_width("Hello world", 12) > text_width("Hello", 12) > 0
    assert text_width("WWWW", 12) > text_width("iiii", 12)
    assert text_width("Hello", 12, bold=True) > text_width("Hello", 12)


def test_width_adds_up_exactly():
    # Breaking measures lines piece by piece; the sum must equal the whole, to the bit.
    text = "Checkout – 顾客 שלום"
    assert text_width(text, 13.5) == sum(text_width(ch, 1) for ch in text) * 13.5


def test_latin_greek_cyrillic_hebrew_arabic_use_dejavu():
    for ch in "AéΩжאم😀":
        assert font_key_for_char(ch) == "regular"
        assert font_key_for_char(ch, bold=True) == "bold"


def test_cjk_characters_use_the_cjk_font_with_real_widths():
    for ch in "世界あア한":
        assert font_key_for_char(ch) == "cjk"
        assert font_key_for_char(ch, bold=True) == "cjk"
    # Full-width in WenQuanYi: one em. DejaVu's missing-glyph box would be 0.6 em.
    assert text_width("世", 12) == pytest.approx(12)
    assert text_width("世界", 12) == pytest.approx(24)


def test_split_runs_by_font():
    assert split_runs("Hello 世界 world") == [
        ("regular", "Hello "), ("cjk", "世界"), ("regular", " world"),
    ]
    assert split_runs("Hello 世界 world", bold=True) == [
        ("bold", "Hello "), ("cjk", "世界"), ("bold", " world"),
    ]
    assert split_runs("") == []


# ---- breaking ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The checkout button is hidden below the fold on mobile, so people call support instead.",
    "Kundenzufriedenheitsumfrageergebnisauswertung",
    "顾客在结账时找不到按钮，只好打电话给客服。",
    "Customer 顾客旅程地图 journey map – NPS 31",
])
@pytest.mark.parametrize("width", [30, 55, 90, 200])
def test_every_line_fits_and_nothing_is_lost(text, width):
    lines = break_lines(text, width, 12)
    assert_fits(lines, width, 12)
    assert ink("".join(lines)) == ink(text)
    assert all(line == line.strip() for line in lines)


def test_emergency_break_fills_each_line():
    word = "Kundenzufriedenheitsumfrageergebnisauswertung"
    lines = break_lines(word, 40, 12)
    assert len(lines) > 2 and "".join(lines) == word
    assert_fits(lines, 40, 12)
    for line, following in zip(lines, lines[1:]):
        assert text_width(line + following[0], 12) > 40  # no room was left for one more letter


def test_breaks_at_spaces_and_after_hyphens_not_inside_words():
    width = text_width("checkout", 12)
    assert break_lines("checkout button", width, 12) == ["checkout", "button"]
    assert break_lines("well-known", text_width("well-kno", 12), 12) == ["well-", "known"]
    assert break_lines("pages 10-12", text_width("pages 10-", 12), 12) == ["pages", "10-12"]


def test_hard_newlines():
    assert break_lines("one\ntwo\r\nthree\n\nfour\rfive\n", 1000, 12) == [
        "one", "two", "three", "", "four", "five", "",
    ]
    assert break_lines("", 100, 12) == [""]
    assert break_lines("\n", 100, 12) == ["", ""]


def test_ten_thousand_character_note():
    rng = random.Random(7)
    vocabulary = ["customer", "checkout", "e-mail", "drop-off", "NPS", "30 %", "顾客旅程",
                  "שלום", "مرحبا", "café", "Übergabe", "\n", FAMILY]
    text = ""
    while len(text) < 10_000:
        text += rng.choice(vocabulary) + " "
    lines = break_lines(text, 150, 11)
    assert len(lines) > 100
    assert_fits(lines, 150, 11)
    assert ink("".join(lines)) == ink(text)


@pytest.mark.parametrize("sequence", [FAMILY, HEART_ON_FIRE])
def test_zwj_sequence_is_never_split(sequence):
    text = sequence * 12  # one long "word" that must be broken somewhere
    lines = break_lines(text, 2.5 * text_width(sequence, 12), 12)
    assert len(lines) > 1
    for line in lines:
        assert line and line.replace(sequence, "") == ""


def test_combining_accent_stays_with_its_letter():
    text = E_ACUTE * 40
    lines = break_lines(text, 30, 12)
    assert len(lines) > 1
    for line in lines:
        assert line and line.replace(E_ACUTE, "") == ""


def test_flag_pairs_are_never_split():
    flags = "🇩🇪🇫🇷🇯🇵🇺🇦" * 4
    lines = break_lines(flags, 2.5 * text_width("🇩🇪", 12), 12)
    assert len(lines) > 1 and "".join(lines) == flags
    assert all(len(line) % 2 == 0 for line in lines)


@pytest.mark.parametrize("grapheme", [FAMILY, HEART_ON_FIRE, "🇩🇪", E_ACUTE, "世"])
def test_grapheme_wider_than_the_line_stays_whole(grapheme):
    lines = break_lines(grapheme * 3, text_width(grapheme, 12) / 2, 12)
    assert lines == [grapheme] * 3


def test_a_line_exactly_as_wide_as_the_width_fits():
    # Many sizes, so that the float division behind the limit rounds both ways somewhere.
    for size in (6 + 0.07 * i for i in range(300)):
        for word in ("checkout", "Übergabe", "WW"):
            width = text_width(word, size)
            assert break_lines(word, width, size) == [word]
            narrower = break_lines(word, math.nextafter(width, 0), size)
            assert narrower == [word[:-1], word[-1]], (size, word)


@pytest.mark.parametrize("text", [
    "שלום עולם מה נשמע היום אצלכם בקופה",
    "مرحبا بالعالم كيف حالك اليوم عند الدفع",
])
def test_right_to_left_text_breaks_at_spaces(text):
    width = max(text_width(word, 12) for word in text.split())
    lines = break_lines(text, width, 12)
    assert len(lines) > 2
    assert_fits(lines, width, 12)
    assert " ".join(lines) == text  # broken in logical order, at spaces only


def test_mixed_latin_and_cjk():
    text = "Customer 顾客旅程地图 journey map"
    lines = break_lines(text, 60, 12)  # room for "Customer" or five ideographs
    assert_fits(lines, 60, 12)
    assert ink("".join(lines)) == ink(text)
    for word in ("Customer", "journey", "map"):
        assert any(word in line for line in lines)
    # The ideographs were split between lines without any space to break at.
    assert any("顾客" in line and "地图" not in line for line in lines)


def test_cjk_closing_punctuation_stays_with_the_character_before():
    text = "我很好。你呢？"
    lines = break_lines(text, text_width("我很好", 12), 12)
    assert "".join(lines) == text
    assert not any(line.startswith(("。", "？")) for line in lines)


def test_breaking_is_deterministic():
    text = "Customer 顾客旅程地图 journey map " * 50
    assert break_lines(text, 77, 10.5) == break_lines(text, 77, 10.5)


MIXED = st.lists(st.sampled_from([
    "a", "Z", "é", E_ACUTE, " ", "  ", "\n", "\r\n", "\t", "-", "/", ",", "1", "\u00a0",
    "世", "界", "。", "「", "」", "あ", "한", "ש", "ל", "م", "ر", "ж", "Ω", FAMILY, "🇩🇪", "😀",
]), max_size=80).map("".join)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(text=MIXED, width_em=st.floats(3, 40), size=st.sampled_from([8, 11.5, 24]),
       bold=st.booleans())
def test_property_lines_fit_and_nothing_is_lost(text, width_em, size, bold):
    width = width_em * size  # at least 3 em: every grapheme here fits on a line alone
    lines = break_lines(text, width, size, bold)
    assert_fits(lines, width, size, bold)
    assert ink("".join(lines)) == ink(text)
    for line in lines:
        assert not line.endswith((" ", "\u200d"))
        assert not line.startswith(("\u0301", "\u200d", "💻"))
        assert line.count("🇩") == line.count("🇪")
    assert break_lines(text, width, size, bold) == lines


# ---- fitting ----------------------------------------------------------------------------


def naive_fit(text, width, height, max_size, min_size, line_spacing=1.25):
    """The definition of fit_text, without its shortcuts."""
    i = 0
    while (size := max_size - 0.5 * i) > min_size:
        lines = break_lines(text, width, size)
        if len(lines) * size * line_spacing <= height:
            return size, lines
        i += 1
    return min_size, break_lines(text, width, min_size)


def test_short_text_keeps_the_largest_size():
    fitted = fit_text("Pay", 150, 100, 24, 8)
    assert (fitted.size, fitted.lines) == (24, ("Pay",))
    assert fitted.line_height == 24 * 1.25 and fitted.height == fitted.line_height


def test_fit_text_shrinks_to_the_largest_size_that_fits():
    text = "The checkout button is hidden below the fold on mobile, so people call support."
    fitted = fit_text(text, 120, 80, 24, 8)
    assert 8 < fitted.size < 24
    assert fitted.height <= 80
    assert fitted.height == len(fitted.lines) * fitted.line_height
    assert_fits(list(fitted.lines), 120, fitted.size)
    bigger = fitted.size + 0.5
    assert len(break_lines(text, 120, bigger)) * bigger * 1.25 > 80  # one step up does not fit


def test_fit_text_grows_at_min_size_and_never_cuts():
    text = "A very long note about the onboarding journey. " * 40
    fitted = fit_text(text, 120, 80, 24, 8)
    assert fitted.size == 8
    assert fitted.height > 80
    assert fitted.height >= len(fitted.lines) * fitted.line_height
    assert list(fitted.lines) == break_lines(text, 120, 8)
    assert ink("".join(fitted.lines)) == ink(text)


@pytest.mark.parametrize("text", [
    "Pay", "The checkout button is hidden below the fold on mobile.",
    "顾客在结账时找不到按钮，只好打电话给客服。" * 3, "one\ntwo\nthree\nfour\nfive\nsix",
    "Kundenzufriedenheitsumfrageergebnisauswertung und Übergabe", "", "x" * 500,
    "customer journey checkout " * 100,
])
@pytest.mark.parametrize("box", [(120, 80), (60, 200), (300, 40), (20, 20), (5, 90)])
def test_fit_text_agrees_with_the_plain_definition(text, box):
    width, height = box
    fitted = fit_text(text, width, height, 24, 8)
    assert (fitted.size, list(fitted.lines)) == naive_fit(text, width, height, 24, 8)


def test_fit_text_on_a_ten_thousand_character_note():
    text = ("customer journey checkout 顾客旅程 " * 400)[:10_000]
    fitted = fit_text(text, 200, 300, 24, 8)
    assert fitted.size == 8 and fitted.height > 300
    assert ink("".join(fitted.lines)) == ink(text)


@pytest.mark.parametrize("height", [10, 40, 50, 60, 70, 1000])
def test_fit_text_ends_at_min_size_off_the_half_point_grid(height):
    text = "The checkout button is hidden below the fold on mobile."
    fitted = fit_text(text, 100, height, 9.7, 8.2)
    assert (fitted.size, list(fitted.lines)) == naive_fit(text, 100, height, 9.7, 8.2)
    assert fitted.size in (9.7, 9.2, 8.7, 8.2)


def test_fitted_is_frozen_and_deterministic():
    a = fit_text("Hello 世界", 50, 50, 20, 8)
    assert a == fit_text("Hello 世界", 50, 50, 20, 8)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.size = 3
