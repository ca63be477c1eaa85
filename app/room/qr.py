"""The join link as a QR code (segno): a PNG for the laptop's dialog, text for a terminal."""
from __future__ import annotations

import io

import segno


def qr_png(url: str, scale: int = 12) -> bytes:
    """The QR code as PNG bytes, black on white with the standard quiet zone."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_text(url: str) -> str:
    """The QR code drawn with block characters, two modules a character row, for a terminal."""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()
