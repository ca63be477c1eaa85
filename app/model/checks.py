"""BoardError, and the checks of values that document calls share (they raise it)."""
from __future__ import annotations

from typing import Any


class BoardError(ValueError):
    """A document call that cannot be done; str() is the message a user reads."""


class ReadOnlyError(BoardError):
    pass


# Longest texts a board takes. Far beyond what a workshop writes, short enough that the layout
# and the exports of the longest stay quick (a pasted book would stall every painter).
MAX_TEXT = 20_000  # a note, a goal, a back-story
MAX_NAME = 1_000  # a title, a stage or lane name, a tag, a voter
MAX_ITEMS = 1_000  # entries of a list (tags, participants, a persona's goals)


def text(value: Any, what: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise BoardError(f"{what} must be text.")
    if len(value) > limit:
        raise BoardError(f"{what} is too long ({len(value):,} characters); the most is {limit:,}.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no file, JSON or font can hold it
        raise BoardError(f"{what} holds a character that is not valid text (a lone surrogate).") from None
    return value


def name(value: Any, what: str) -> str:
    clean = text(value, f"{what}'s name", MAX_NAME).strip()
    if not clean:
        raise BoardError(f"{what} needs a name.")
    return clean


def text_list(values: Any, what: str) -> list[str]:
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, (list, tuple)):
        raise BoardError(f"{what} must be a list of texts.")
    if len(values) > MAX_ITEMS:
        raise BoardError(f"{what} has too many entries ({len(values):,}); the most is {MAX_ITEMS:,}.")
    if not all(isinstance(v, str) for v in values):
        raise BoardError(f"{what} must be a list of texts.")
    return [text(v, f"An entry of {what[0].lower()}{what[1:]}", MAX_NAME) for v in values]


def whole(value: Any, low: int, high: int, message: str) -> int:
    """A whole number from low to high (not a bool, not a float), or BoardError(message)."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BoardError(message)
    return value


def flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise BoardError(f"{what} must be true or false.")
    return value
