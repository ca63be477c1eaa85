"""The SQL the document writes its rows with, straight through the board's sqlite3 connection.

The document keeps every row in memory as an entity object (app.model.entities), so a change
needs no ORM unit of work to find out what to write: each primitive knows the row and the
columns. Going through SQLAlchemy's session cost more than the durable commit itself for a
move or an insert (a flush per insert, and one to find the dirty rows). What is written is what
the ORM wrote: the same columns, Python-side defaults and values converted by the columns' own
types for this dialect (JSON text, booleans as 0/1), so files stay the same.

Updates are queued and written in order just before the next insert or delete and before the
commit; consecutive updates of the same columns of one table go as one executemany (renumbering
the notes of a cell is one statement).
"""
from __future__ import annotations

import sqlite3
from functools import partial
from typing import Any, Callable, Optional, Sequence

from sqlalchemy import Dialect

from .entities import ENTITIES, Base


def _same(value: Any) -> Any:
    return value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class TableSql:
    """How the rows of one entity are inserted, updated and deleted."""

    def __init__(self, entity: type[Base], dialect: Dialect):
        table = entity.__table__
        mapper = entity.__mapper__
        self.entity = entity
        self.name = _quote(table.name)
        # Attribute key -> column; the entities name their attributes after their columns.
        self.columns = {attr.key: attr.columns[0] for attr in mapper.column_attrs}
        self.keys = tuple(self.columns)
        self.primary_key = tuple(mapper.get_property_by_column(col).key for col in mapper.primary_key)
        self._convert: dict[str, Callable[[Any], Any]] = {}
        self._defaults: dict[str, Callable[[], Any]] = {}
        for key, column in self.columns.items():
            process = column.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                self._convert[key] = process
            default = column.default
            if default is None:
                continue
            if default.is_scalar:
                self._defaults[key] = partial(_same, default.arg)
            elif default.is_callable:  # SQLAlchemy's wrapper takes an execution context
                self._defaults[key] = partial(default.arg, None)
            else:  # pragma: no cover - the entities have only scalar and callable defaults
                raise TypeError(f"{entity.__name__}.{key}: unsupported default {default!r}")
        # A single integer primary key is given by SQLite when a new row has none.
        self.autoincrement = len(self.primary_key) == 1
        self.single_key = self.primary_key[0] if len(self.primary_key) == 1 else None
        where = " AND ".join(f"{_quote(k)} = ?" for k in self.primary_key)
        self.delete_sql = f"DELETE FROM {self.name} WHERE {where}"
        self._where = where
        self._update_sql: dict[tuple[str, ...], str] = {}
        self._insert_sql: dict[tuple[str, ...], str] = {}

    def identity(self, obj: Base) -> tuple:
        """obj.identity(), faster."""
        if self.single_key is not None:
            return (getattr(obj, self.single_key),)
        return tuple(getattr(obj, key) for key in self.primary_key)

    def full_row(self, values: dict[str, Any]) -> dict[str, Any]:
        """values completed with the columns' defaults (None where a column has none), in
        column order: the row a new object gets."""
        unknown = set(values) - set(self.columns)
        if unknown:
            raise TypeError(f"{self.entity.__name__} has no column {sorted(unknown)[0]!r}")
        row = {}
        for key in self.keys:
            if key in values:
                row[key] = values[key]
            elif key in self._defaults:
                row[key] = self._defaults[key]()
            else:
                row[key] = None
        return row

    def param(self, key: str, value: Any) -> Any:
        convert = self._convert.get(key)
        return value if convert is None else convert(value)

    def insert(self, row: dict[str, Any]) -> tuple[str, tuple]:
        """The INSERT of a full row; a missing (None) autoincrement key is left to SQLite."""
        keys = self.keys
        if self.autoincrement and row[self.primary_key[0]] is None:
            keys = tuple(k for k in keys if k != self.primary_key[0])
        sql = self._insert_sql.get(keys)
        if sql is None:
            sql = self._insert_sql[keys] = (
                f"INSERT INTO {self.name} ({', '.join(map(_quote, keys))}) "
                f"VALUES ({', '.join('?' for _ in keys)})")
        return sql, tuple(self.param(k, row[k]) for k in keys)

    def update_sql(self, keys: tuple[str, ...]) -> str:
        """UPDATE of the columns keys; its parameters are their values, then the identity."""
        sql = self._update_sql.get(keys)
        if sql is None:
            sql = self._update_sql[keys] = (
                f"UPDATE {self.name} SET {', '.join(f'{_quote(k)} = ?' for k in keys)} WHERE {self._where}")
        return sql

    def update(self, identity: tuple, values: dict[str, Any]) -> tuple[str, tuple]:
        keys = tuple(values)
        return self.update_sql(keys), tuple(self.param(k, values[k]) for k in keys) + identity

    def delete(self, identity: tuple) -> tuple[str, tuple]:
        return self.delete_sql, identity


class RowWriter:
    """Writes rows through one sqlite3 connection (in its own implicit transaction: the first
    write begins it, commit() or rollback() ends it)."""

    def __init__(self, connection: sqlite3.Connection, dialect: Dialect):
        self.connection = connection
        self.tables = {entity: TableSql(entity, dialect) for entity in ENTITIES}
        self._queued: list[tuple[str, tuple]] = []

    def insert(self, entity: type[Base], row: dict[str, Any]) -> Optional[int]:
        """Writes a full row; returns the row id SQLite gave it."""
        self.flush()
        sql, params = self.tables[entity].insert(row)
        return self.connection.execute(sql, params).lastrowid

    def update(self, entity: type[Base], identity: tuple, values: dict[str, Any]) -> None:
        self._queued.append(self.tables[entity].update(identity, values))

    def delete(self, entity: type[Base], identity: tuple) -> None:
        self._queued.append(self.tables[entity].delete(identity))

    def queue(self, sql: str, params: tuple) -> None:
        """An UPDATE or DELETE made by the caller with a TableSql, parameters converted."""
        self._queued.append((sql, params))

    def flush(self) -> None:
        queued, self._queued = self._queued, []
        start = 0
        while start < len(queued):
            sql = queued[start][0]
            end = start + 1
            while end < len(queued) and queued[end][0] == sql:
                end += 1
            if end - start == 1:
                self.connection.execute(sql, queued[start][1])
            else:
                self.connection.executemany(sql, [params for _, params in queued[start:end]])
            start = end

    def commit(self) -> None:
        """Writes what is queued and commits it (durably, with the connection's pragmas)."""
        self.flush()
        if self.connection.in_transaction:
            self.connection.commit()

    def rollback(self) -> None:
        self._queued = []
        self.connection.rollback()

    def pending(self) -> Sequence[tuple[str, tuple]]:
        return tuple(self._queued)
