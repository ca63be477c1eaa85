"""BoardError, and the checks of values that document calls share (they raise it)."""
from __future__ import annotations

from typing import Any


class BoardError(ValueError):
    """A document call that cannot be done; str() is the message a user reads."""


class ReadOnlyError(BoardError):
    pass


def text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise BoardError(f"{what} must be text.")
    return value


def name(value: Any, what: str) -> str:
    clean = text(value, f"{what}'s name").strip()
    if not clean:
        raise BoardError(f"{what} needs a name.")
    return clean


def text_list(values: Any, what: str) -> list[str]:
    if isinstance(values, str) or not all(isinstance(v, str) for v in values):
        raise BoardError(f"{what} must be a list of texts.")
    return list(values)


def whole(value: Any, low: int, high: int, message: str) -> int:
    """A whole number from low to high (not a bool, not a float), or BoardError(message)."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BoardError(message)
    return value


def flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise BoardError(f"{what} must be true or false.")
    return value
