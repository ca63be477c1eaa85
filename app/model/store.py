"""The board file on disk: opening checks, creation, locking, copies and migrations.

A board is one SQLite file. It is checked before anything may write to it, in this order:
the 16-byte SQLite header, our application id, the schema version, then quick_check.
A failed open never creates, truncates, writes or deletes a file; the only change an open may
cause is SQLite's own rollback of a hot journal left by a killed process.

Python's open()/close() of a database file drops all of this process's POSIX locks on it, which
SQLite relies on. So each open board keeps one descriptor for its whole life (for the header
check and an flock that tells other processes the board is taken) and closes it only after
SQLite has closed, and a board is never opened twice by one process.
"""
from __future__ import annotations

import errno
import os
import re
import sqlite3
import stat
import tempfile
import urllib.parse
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from . import board_check
from .checks import BoardError
from .entities import Base

try:  # flock tells a second process that the board is taken; the kernel drops it on a crash
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None

APPLICATION_ID = 0x4A57424D  # "JWBM": Journey Wall board map
SCHEMA_VERSION = 3
BOARD_SUFFIX = ".cjm"
SQLITE_HEADER = b"SQLite format 3\x00"

# MIGRATIONS[n] turns a version-n file into version n+1 inside one transaction.
Migration = Callable[[sqlite3.Connection], None]

# Format 2, workshop mode: hidden lanes and notes, reveal mode, clusters, voting rounds and the
# agenda timer. Written out as SQL, never generated from app.model.entities: a migration must
# stay what it was when the entities change again. tests/model/test_store.py checks that a
# migrated board has the schema of a new one.
_FORMAT_2 = (
    """CREATE TABLE cluster (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	place VARCHAR NOT NULL,
	stage_id INTEGER,
	lane_id INTEGER,
	section VARCHAR,
	position INTEGER NOT NULL,
	label VARCHAR NOT NULL,
	collapsed BOOLEAN NOT NULL,
	FOREIGN KEY(stage_id) REFERENCES stage (id),
	FOREIGN KEY(lane_id) REFERENCES lane (id)
)""",
    """CREATE TABLE voting_round (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	number INTEGER NOT NULL,
	dots_per_voter INTEGER NOT NULL,
	voters JSON NOT NULL,
	participants INTEGER NOT NULL,
	hidden BOOLEAN NOT NULL,
	open BOOLEAN NOT NULL,
	current_voter INTEGER NOT NULL,
	UNIQUE (number)
)""",
    """CREATE TABLE agenda_timer (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	block INTEGER NOT NULL,
	running BOOLEAN NOT NULL,
	remaining DOUBLE,
	started_at DOUBLE
)""",
    "INSERT INTO agenda_timer (id, block, running, remaining, started_at) VALUES (1, 0, 0, NULL, NULL)",
    "ALTER TABLE board ADD COLUMN reveal_mode BOOLEAN DEFAULT 0 NOT NULL",
    "ALTER TABLE lane ADD COLUMN hidden BOOLEAN DEFAULT 0 NOT NULL",
    "ALTER TABLE note ADD COLUMN hidden BOOLEAN DEFAULT 0 NOT NULL",
    # A column with REFERENCES may be added when its default is NULL.
    "ALTER TABLE note ADD COLUMN cluster_id INTEGER REFERENCES cluster (id)",
    "CREATE INDEX ix_note_cluster_id ON note (cluster_id)",
)


def _format_1_to_2(conn: sqlite3.Connection) -> None:
    # One statement at a time: executescript() would commit the migration's transaction first.
    for statement in _FORMAT_2:
        conn.execute(statement)


def _format_2_to_3(conn: sqlite3.Connection) -> None:
    # Format 3: a note's source, the participant who sent it from a phone ('' for the laptop's).
    conn.execute("ALTER TABLE note ADD COLUMN source VARCHAR DEFAULT '' NOT NULL")


MIGRATIONS: dict[int, Migration] = {1: _format_1_to_2, 2: _format_2_to_3}


class BoardFileError(Exception):
    """A board file cannot be used; str() is the message a user reads."""


class NotABoardError(BoardFileError):
    pass


class CorruptBoardError(BoardFileError):
    pass


class NewerBoardError(BoardFileError):
    pass


class BoardAlreadyOpenError(BoardFileError):
    """This process has the board open already (the UI brings that window forward)."""


class ChangeNotSavedError(BoardFileError, BoardError):
    """An edit the board file could not take (the disk is full, the file was deleted, moved or
    replaced by another program); the board in memory is as the file still has it. A BoardError
    too, so that the window reports it as it reports any refused edit."""


DISK_FULL = "the disk would not take it (it is full, or the file would be larger than this system allows)"
_DISK_FULL_ERRNOS = frozenset((errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)))


_open_in_this_process: dict[str, "BoardFile"] = {}


@dataclass
class BoardFile:
    """An open board: the engine the document writes through, and why it may be read-only."""
    path: Optional[Path]  # None for an in-memory snapshot
    engine: Engine
    read_only: bool = False
    read_only_reason: str = ""
    _fd: Optional[int] = field(default=None, repr=False)
    cleaned: tuple[str, ...] = ()  # stray temporary files removed from its folder as it opened

    def sqlite_connection(self) -> sqlite3.Connection:
        return self.engine.raw_connection().driver_connection

    def what_happened(self) -> str:
        """'' while the board's path still names the file it has open; else what became of the
        file ("was deleted", ...). Only stat()s: see the module docstring."""
        if self.path is None or self._fd is None:
            return ""
        mine = os.fstat(self._fd)
        try:
            now = os.stat(self.path)
        except OSError:
            now = None
        if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
            return ""
        if mine.st_nlink == 0:
            return "was replaced by another file" if now is not None else "was deleted"
        return "was renamed or moved"

    def change_not_saved(self, error: Exception) -> ChangeNotSavedError:
        """What a failed commit tells the user: why the file did not take the change."""
        happened = self.what_happened()
        if happened:
            return ChangeNotSavedError(
                f"{_describe(self.path)} {happened} while it was open here, so this "
                "change was not saved. Use File › Save As to keep the board as you see it.")
        if _is_disk_full(error):
            return ChangeNotSavedError(f"The change could not be saved: {DISK_FULL}.")
        return ChangeNotSavedError(f"The change could not be saved ({_sql_reason(error)}).")

    def close(self) -> None:
        self.engine.dispose()
        if self._fd is not None:
            os.close(self._fd)  # after SQLite let go of the file: see the module docstring
            self._fd = None
        if self.path is not None and _open_in_this_process.get(_key(self.path)) is self:
            del _open_in_this_process[_key(self.path)]


def _is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno in _DISK_FULL_ERRNOS
    # SQLITE_FULL for a full disk; SQLITE_IOERR when a write is cut short (a file size limit).
    return "disk is full" in _sql_reason(error) or "disk I/O error" in _sql_reason(error)


def _sql_reason(error: BaseException) -> str:
    """SQLite's own words for an error, on one line (a damaged schema's SQL may span several),
    without SQLAlchemy's statement and links."""
    orig = getattr(error, "orig", None)
    text = str(orig) if orig is not None else str(error)
    return " ".join(text.split())


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _uri(path: Path, mode: str) -> str:
    # The path's bytes, not its text: a name that is not UTF-8 (Python holds its odd bytes as
    # lone surrogates) cannot be encoded as text, but any bytes can be quoted.
    return f"file:{urllib.parse.quote(os.fsencode(os.path.abspath(path)))}?mode={mode}"


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record) -> None:
    # Pragmas are per connection. A rollback journal with full sync, not WAL: a board is one
    # file that people copy and mail, and WAL leaves -wal/-shm files beside it.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    if not dbapi_connection.execute("PRAGMA query_only").fetchone()[0]:
        cursor.execute("PRAGMA journal_mode=DELETE")
        cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _engine_for(connect: Callable[[], sqlite3.Connection]) -> Engine:
    engine = create_engine("sqlite://", creator=connect, poolclass=StaticPool)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def shown(path: os.PathLike | str) -> str:
    """A path as a person reads it: bytes of a name that are not UTF-8 shown as �, so the text
    can be printed and put in a message box (a lone surrogate cannot)."""
    return os.fsencode(path).decode("utf-8", "replace")


def _describe(path: Path) -> str:
    return f"“{shown(path.name)}”"


# ---------------------------------------------------------------- checks


def open_regular_file(path: Path) -> int:
    """A read-only descriptor of path, or BoardFileError saying why not. Non-blocking: a FIFO
    named like a board would otherwise wait for a writer forever; anything but a plain file is
    refused before a byte is read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise BoardFileError(f"{_describe(path)} does not exist.") from None
    except IsADirectoryError:
        raise NotABoardError(f"{_describe(path)} is a folder, not a file.") from None
    except PermissionError:
        raise BoardFileError(f"{_describe(path)} cannot be read (permission denied).") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise BoardFileError(f"{_describe(path)} is a symbolic link that leads back to itself "
                                 "(a link loop), not a file.") from None
        raise BoardFileError(f"{_describe(path)} cannot be read ({error.strerror or error}).") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(mode) else "a pipe, socket or device"
        raise NotABoardError(f"{_describe(path)} is {what}, not a file.")
    return fd


def _check_header(path: Path, fd: int) -> None:
    size = os.fstat(fd).st_size
    if size == 0:
        raise NotABoardError(f"{_describe(path)} is an empty file, not a Journey Wall board.")
    if os.pread(fd, len(SQLITE_HEADER), 0) != SQLITE_HEADER:
        raise NotABoardError(f"{_describe(path)} is not a Journey Wall board (it is not a database file).")


def _check_database(path: Path, conn: sqlite3.Connection) -> int:
    """Checks the application id, version and integrity; returns the schema version."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            what = "another program's database" if has_tables else "an empty database"
            raise NotABoardError(f"{_describe(path)} is {what}, not a Journey Wall board.")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerBoardError(
                f"{_describe(path)} was saved by a newer Journey Wall (board format {version}); "
                f"this version reads formats up to {SCHEMA_VERSION}. Please update Journey Wall.")
        if version < 1 or any(step not in MIGRATIONS for step in range(version, SCHEMA_VERSION)):
            raise CorruptBoardError(
                f"{_describe(path)} is damaged: its board format ({version}) is not one Journey Wall wrote.")
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise CorruptBoardError(f"{_describe(path)} is damaged and cannot be opened ({_sql_reason(error)}).") from None
    except UnicodeDecodeError:  # the report itself is garbled: so is the file
        raise CorruptBoardError(f"{_describe(path)} is damaged and cannot be opened.") from None
    if result != "ok":  # e.g. "*** in database main ***\nOn tree page 20 cell 21: ...": one line
        detail = " ".join(line for line in result.splitlines() if not line.startswith("***"))
        raise CorruptBoardError(f"{_describe(path)} is damaged and cannot be opened ({detail}).")
    return version


def _check_contents(path: Optional[Path], conn: sqlite3.Connection, check) -> None:
    """Runs a check of app.model.board_check; what it finds wrong becomes the open's refusal."""
    try:
        problem = check(conn)
    except sqlite3.DatabaseError as error:  # a page quick_check passed but a read could not use
        raise CorruptBoardError(f"{_describe_or_board(path)} is damaged and cannot be opened ({_sql_reason(error)}).") from None
    except UnicodeDecodeError:  # a table's or index's name that is not text
        raise CorruptBoardError(f"{_describe_or_board(path)} is damaged: its list of tables is garbled.") from None
    if problem is not None:
        raise CorruptBoardError(f"{_describe_or_board(path)} {problem}")


def _check_rows(path: Optional[Path], conn: sqlite3.Connection) -> None:
    """The schema and every row of a board in the current format."""
    _check_contents(path, conn, board_check.complete_schema)
    _check_contents(path, conn, board_check.bad_row)


def _describe_or_board(path: Optional[Path]) -> str:
    return "The board" if path is None else _describe(path)


def _writable_reason(path: Path) -> str:
    """Why this board cannot be written to, or '' when it can."""
    if not os.access(path, os.W_OK):
        return "The file is read-only."
    # SQLite writes its rollback journal beside the board.
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "The folder it is in is read-only."
    return ""


def _try_lock(fd: int) -> bool:
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


# ---------------------------------------------------------------- open, create, copy


def open_board_file(path: os.PathLike | str, *, read_only: bool = False,
                    older_ok: bool = False) -> BoardFile:
    """Opens a board for editing (or read-only when it is taken or cannot be written).
    older_ok lets a read-only reader open an older format as it is (snapshot() updates its copy)."""
    path = Path(path)
    if _key(path) in _open_in_this_process:
        raise BoardAlreadyOpenError(f"{_describe(path)} is already open in this window.")
    fd = open_regular_file(path)
    try:
        _check_header(path, fd)
        unwritable = _writable_reason(path)
        reason = "Opened read-only on request." if read_only else unwritable
        if not reason and not _try_lock(fd):
            reason = "It is open in another Journey Wall window; your changes here would overwrite its own."
        # A file that can be written is connected read-write even when it is only read here (with
        # query_only): SQLite must be able to roll back the hot journal of a killed process, which
        # a mode=ro connection refuses ("attempt to write a readonly database").
        mode = "ro" if unwritable else "rw"
        board = BoardFile(path, _connect_checked(path, mode, bool(reason), older_ok and bool(reason)),
                          bool(reason), reason, fd)
    except BaseException:
        os.close(fd)
        raise
    _open_in_this_process[_key(path)] = board
    if not board.read_only:  # an open for reading changes nothing in the folder
        board.cleaned = tuple(clean_stray_files(path.parent if str(path.parent) else Path(".")))
    return board


def _connect_checked(path: Path, mode: str, read_only: bool, older_ok: bool = False) -> Engine:
    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(_uri(path, mode), uri=True)
        if read_only:
            conn.execute("PRAGMA query_only=ON")
        return conn

    probe = connect()
    try:
        version = _check_database(path, probe)
        _check_contents(path, probe, board_check.unknown_objects)
        if version < SCHEMA_VERSION and not older_ok:  # a snapshot updates its own copy
            if read_only:
                raise BoardFileError(
                    f"{_describe(path)} uses an older board format ({version}) and must be "
                    "updated, but it cannot be written to here. Copy it to a writable folder.")
            _migrate(path, probe, version)
            version = SCHEMA_VERSION
        if version == SCHEMA_VERSION:
            _check_rows(path, probe)
    finally:
        probe.close()
    return _engine_for(connect)


def _migrate(path: Path, conn: sqlite3.Connection, version: int) -> None:
    """Keeps the original as a backup beside the board, then updates the board in place."""
    backup = path.with_name(f"{path.stem} (format {version} backup){path.suffix}")
    write_atomically(backup, lambda tmp: _backup_to(conn, tmp), replace=True)
    try:
        _run_migrations(conn, version)
    except Exception as error:
        # The board is as it was, so the open failed without a trace: the backup goes too.
        with suppress(FileNotFoundError):
            os.unlink(backup)
        raise BoardFileError(
            f"{_describe(path)} could not be updated from board format {version} ({error}); "
            "it was left as it was.") from error


def _run_migrations(conn: sqlite3.Connection, version: int) -> None:
    """One transaction: a crash leaves the old version, which migrates again. The explicit BEGIN
    matters: Python's sqlite3 runs DDL such as ALTER TABLE outside any transaction of its own."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](conn)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def create_board_file(path: os.PathLike | str, populate: Callable[[Engine], None]) -> None:
    """Creates a new board at path, filled by populate(engine); path must not exist yet.

    The board is built in a temporary file beside the target and appears there complete or not
    at all, so a crash half-way never leaves a half board."""
    path = Path(path)
    if path.exists():
        raise BoardFileError(f"{_describe(path)} already exists.")

    def fill(tmp: Path) -> None:
        engine = _engine_for(lambda: sqlite3.connect(tmp))
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
            Base.metadata.create_all(engine)
            populate(engine)
        finally:
            engine.dispose()

    write_atomically(path, fill, replace=False)


def save_copy(board: BoardFile, target: os.PathLike | str) -> None:
    """Writes a copy of an open board to target with SQLite's backup API, replacing it atomically."""
    target = Path(target)
    if _key(target) in _open_in_this_process:
        raise BoardFileError(f"{_describe(target)} is open in a window; close it first.")
    if target.exists() and not _is_free(target):
        raise BoardFileError(f"{_describe(target)} is open in another Journey Wall window.")
    write_atomically(target, lambda tmp: _backup_to(board.sqlite_connection(), tmp), replace=True)


def _is_free(path: Path) -> bool:
    fd = open_regular_file(path)
    try:
        return _try_lock(fd)
    finally:
        os.close(fd)


def _backup_to(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()


def write_atomically(target: Path, write: Callable[[Path], None], *, replace: bool) -> None:
    """Runs write(tmp) on a temporary file beside target, syncs it, then moves it into place."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BoardFileError(f"The folder {shown(folder)} does not exist.")
    try:
        handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise BoardFileError(f"Cannot write to the folder {shown(folder)} (permission denied).") from None
    # Held, and locked, while it is written: a temporary file nobody holds a lock on was left by
    # a process that died, and the next open removes it (clean_stray_files). SQLite never holds
    # this descriptor, and it is closed only after SQLite is done with the file.
    _try_lock(handle)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, _mode_for(target))
        write(tmp)
        _fsync_path(tmp)
        if replace:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails rather than overwrite a file made in the meantime
            os.unlink(tmp)
        _fsync_path(folder)
    except FileExistsError:
        raise BoardFileError(f"{_describe(target)} already exists.") from None
    except (OSError, sqlite3.Error, SQLAlchemyError, ChangeNotSavedError) as error:
        # Nothing is left behind: the temporary file goes below, the target was never touched.
        if isinstance(error, ChangeNotSavedError) or _is_disk_full(error):
            reason = DISK_FULL
        else:
            reason = getattr(error, "strerror", None) or _sql_reason(error)
        raise BoardFileError(f"Cannot write {_describe(target)}: {reason}. Nothing was written.") from None
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        os.close(handle)


# A temporary file of write_atomically (mkstemp's eight random characters), or SQLite's journal
# of one, left beside its target.
_STRAY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp(-journal)?$")


def clean_stray_files(folder: Path) -> list[str]:
    """Removes the temporary files that a killed save, import or Save As left in folder; returns
    their names. One that is locked is being written right now, and stays."""
    removed = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return removed
    for name in names:
        if not _STRAY.match(name):
            continue
        path = folder / name
        owner = path if not name.endswith("-journal") else folder / name[: -len("-journal")]
        try:
            if owner.exists() and not _is_free(owner):
                continue
            os.unlink(path)
        except (OSError, BoardFileError):  # gone already, or not ours to remove
            continue
        removed.append(name)
    return removed


def _mode_for(target: Path) -> int:
    """The permissions a written file gets: the old file's, else the usual ones (mkstemp's are 0600)."""
    try:
        return os.stat(target).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_path(path: Path) -> None:
    # The temporary file is never held by SQLite here, so closing this descriptor is safe.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def snapshot(path: os.PathLike | str) -> BoardFile:
    """A read-only in-memory copy of a board, for readers (info, export) that must never hold a
    read lock long enough to stall the app that is editing the board."""
    path = Path(path)
    already = _open_in_this_process.get(_key(path))
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    if already is not None:
        already.sqlite_connection().backup(memory)
    else:
        board = open_board_file(path, read_only=True, older_ok=True)
        try:
            board.sqlite_connection().backup(memory)
        finally:
            board.close()
        version = memory.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:  # an older board: update the copy, never the file
            _run_migrations(memory, version)
            _check_rows(path, memory)
    return BoardFile(None, _engine_for(lambda: memory), True, "A snapshot for reading.")
