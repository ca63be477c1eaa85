"""The checks of a board file's contents, after SQLite says its pages are sound (quick_check):
what it holds (only our tables and indexes: never a trigger or view that would run or show
something behind the document's back), its tables' columns and their types, and every row's
values, by the same rules as the document API (app.model.row_rules).

All of it is read from the entities' table definitions (SQLAlchemy metadata), so a table or
column added there is expected, and checked, with nothing more to do here. Each check returns
what is wrong, as words that follow the board's name in a message, or None.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterator, Optional

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.dialects import sqlite as sqlite_dialect

from .entities import ENTITIES, Base
from .row_rules import SINGLE_ROWS, row_problem

_DIALECT = sqlite_dialect.dialect()
# SQLite's own tables: AUTOINCREMENT's counters, and the statistics ANALYZE may leave.
_SQLITE_TABLES = frozenset(("sqlite_sequence", "sqlite_stat1", "sqlite_stat4"))


def unknown_objects(conn: sqlite3.Connection) -> Optional[str]:
    """A trigger, view or table or index the entities do not define (a board of an older format
    may lack some of ours: that is for complete_schema() after its migration)."""
    tables = {table.name for table in Base.metadata.sorted_tables}
    indexes = {index.name for table in Base.metadata.sorted_tables for index in table.indexes}
    for kind, name in conn.execute("SELECT type, name FROM sqlite_master ORDER BY rowid"):
        if kind in ("trigger", "view"):
            return (f"holds a {kind} (“{name}”), which no Journey Wall board has; it is refused so "
                    "that nothing runs or shows behind Journey Wall's back.")
        known = (tables | _SQLITE_TABLES) if kind == "table" else indexes
        if kind not in ("table", "index") or not (name in known or name.startswith("sqlite_autoindex_")):
            return f"holds a {kind} Journey Wall does not know (“{name}”); it is not a board Journey Wall wrote."
    return None


def complete_schema(conn: sqlite3.Connection) -> Optional[str]:
    """Every table of the entities, with exactly their columns, types and NOT NULLs."""
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            return f"is damaged: its table “{table.name}” is missing."
        found = {row[1]: row for row in conn.execute(f'PRAGMA table_xinfo("{table.name}")')}
        for column in table.columns:
            info = found.pop(column.name, None)
            if info is None:
                return f"is damaged: the column “{column.name}” of its table “{table.name}” is missing."
            declared, not_null, hidden = info[2], bool(info[3]), info[6]
            if declared != column.type.compile(dialect=_DIALECT) or not_null == column.nullable or hidden:
                return (f"is damaged: the column “{column.name}” of its table “{table.name}” is not "
                        "the kind Journey Wall writes.")
        if found:
            return f"is damaged: its table “{table.name}” has a column Journey Wall does not know (“{next(iter(found))}”)."
    return None


def bad_row(conn: sqlite3.Connection) -> Optional[str]:
    """The first row whose values the document could not have written, or a reference to a row
    that is not there."""
    for entity in ENTITIES:
        try:
            rows = list(_rows(conn, entity))
        except sqlite3.OperationalError as error:
            if "decode" not in str(error):  # "Could not decode to UTF-8 column ..."
                raise
            rows = _rows_not_utf8(conn, entity)
        for key, row in rows:
            problem = row if isinstance(row, tuple) else row_problem(entity, row, pictures=False)
            if problem is not None:
                return f"is damaged: {entity.__tablename__} {key}'s {problem[0]} {problem[1]}"
    for entity in SINGLE_ROWS:  # their ids are checked above: a second one cannot be there
        if conn.execute(f'SELECT count(*) FROM "{entity.__tablename__}"').fetchone()[0] != 1:
            return f"is damaged: its {entity.__tablename__} record is missing."
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        return f"is damaged: {table} {rowid} refers to a {parent} that is not there."
    return None


def _rows(conn: sqlite3.Connection, entity: type[Base]) -> Iterator[tuple[str, Any]]:
    """(its key as text, its values by attribute) for each row, or (key, (column, reason)) for a
    value that JSON cannot read. SQLite's storage classes come back as Python's types (integer:
    int, real: float, text: str, blob: bytes), which the rules check."""
    columns = list(entity.__table__.columns)
    keys = [i for i, column in enumerate(columns) if column.primary_key]
    json_columns = [i for i, column in enumerate(columns) if isinstance(column.type, JSON)]
    flags = [i for i, column in enumerate(columns) if isinstance(column.type, Boolean)]
    picked = ", ".join(f'"{c.name}"' for c in columns)
    for raw in conn.execute(f'SELECT {picked} FROM "{entity.__tablename__}" ORDER BY rowid'):
        key = "/".join(str(raw[i]) for i in keys)
        values = list(raw)
        for i in flags:
            if values[i] in (0, 1):
                values[i] = bool(values[i])
        try:
            for i in json_columns:
                if isinstance(values[i], str):
                    values[i] = json.loads(values[i])
        except (ValueError, RecursionError):
            yield key, (columns[i].key, "is not valid JSON.")
            continue
        yield key, {column.key: value for column, value in zip(columns, values)}


def _rows_not_utf8(conn: sqlite3.Connection, entity: type[Base]) -> list[tuple[str, Any]]:
    """The first row of a table holding text that is not UTF-8, with its column (SQLite keeps
    text as the bytes it was given; Python can only decode UTF-8)."""
    factory = conn.text_factory
    conn.text_factory = bytes
    try:
        columns = [c for c in entity.__table__.columns if isinstance(c.type, (String, JSON))]
        picked = ", ".join(f'"{c.name}"' for c in columns)
        for raw in conn.execute(f'SELECT rowid, {picked} FROM "{entity.__tablename__}" ORDER BY rowid'):
            for column, value in zip(columns, raw[1:]):
                try:
                    if isinstance(value, bytes):
                        value.decode("utf-8")
                except UnicodeDecodeError:
                    return [(str(raw[0]), (column.key, "is not valid UTF-8 text."))]
    finally:
        conn.text_factory = factory
    return []  # pragma: no cover - SQLite said some text could not be decoded
