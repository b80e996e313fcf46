"""Output helpers: atomic writes and export-safe text.

Every file govbudget writes goes to a temporary file in the target folder and is renamed into
place, so an interrupted run never leaves a half-written output; stdout (``-``), a FIFO or a
device is streamed into instead, and a symbolic link is followed, never replaced. An output
that would overwrite an input is refused (:func:`refuse_inputs`). Input files are only ever
opened for reading. Every text cell of every CSV and XLSX output passes :func:`safe_cell`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from govbudget.errors import GovBudgetError, printable

_FORMULA_START = ("=", "+", "-", "@")
_CONTROL_START = ("\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)\Z", re.ASCII)
#: longest file name most file systems take, in bytes; a temporary name stays within it
NAME_MAX = 255
#: a temporary file's name: ``.<part of target name>.<8 random>.<suffix>``
_TMP_RESERVE = 40
STDOUT = "-"


class OutputError(GovBudgetError):
    """An output path that must not or cannot be written (an input, a folder, no permission)."""

    code = "OUT001"


def _file_mode() -> int:
    """The mode ``open()`` would give a new file (0o666 less the umask); mkstemp gives 0o600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _file_mode()


def short_name(name: str, limit: int) -> str:
    """``name`` cut to at most ``limit`` UTF-8 bytes (whole characters)."""
    data = name.encode("utf-8", "surrogateescape")
    if len(data) <= limit:
        return name
    return data[:limit].decode("utf-8", "ignore")


def _special(target: Path) -> bool:
    """Is ``target`` stdout (``-``) or an existing node that is not a regular file (a FIFO, a
    device, a socket)? Such a target is written by streaming into it, never by rename."""
    if str(target) == STDOUT:
        return True
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def resolve_output(target: str | Path) -> Path:
    """The path a write to ``target`` really goes to: a symbolic link is followed (the link is
    kept and its target written); a folder is refused."""
    target = Path(target)
    if str(target) == STDOUT:
        return target
    real = Path(os.path.realpath(target))
    if real.is_dir():
        raise OutputError(f"{printable(str(target))}: 输出路径是文件夹 · output is a folder")
    return real


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def refuse_inputs(target: str | Path | None, inputs: Iterable[str | Path]) -> None:
    """Raise :class:`OutputError` when ``target`` is one of the input files ``inputs`` — by its
    path, through a symbolic link, or as a hard link of one."""
    if target is None or str(target) == STDOUT:
        return
    real, identity = Path(os.path.realpath(target)), _identity(Path(target))
    for source in map(Path, inputs):
        if Path(os.path.realpath(source)) == real or (
            identity is not None and _identity(source) == identity
        ):
            raise OutputError(
                f"{printable(str(target))}: 输出会覆盖输入文件 · output would overwrite an input"
            )


@contextlib.contextmanager
def atomic_path(target: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path; when the block succeeds, put it in place of ``target``.

    A regular file (or a new one) is replaced by rename, so it is never half-written; a symbolic
    link is followed and its target replaced, the link kept; stdout (``-``), a FIFO or a
    device is streamed into, never replaced. A folder, or a place that cannot be written, is an
    :class:`OutputError` naming the path.
    """
    stream = _special(Path(target))
    real = Path(target) if stream else resolve_output(target)
    name = short_name(real.name, NAME_MAX - _TMP_RESERVE)
    suffix = suffix or real.suffix or ".tmp"
    try:
        if stream:
            fd, tmp = tempfile.mkstemp(prefix=".govbudget.", suffix=suffix)
        else:
            real.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=suffix, dir=real.parent)
        os.close(fd)
        os.chmod(tmp, _MODE)  # outputs are shared (a report site, feedback workbooks): not 0o600
    except OSError as err:
        raise OutputError(
            f"{printable(str(target))}: 无法写入 · cannot write ({err.strerror})"
        ) from err
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            if stream:
                _stream(tmp_path, Path(target))
            else:
                os.replace(tmp_path, real)
        except OSError as err:
            raise OutputError(
                f"{printable(str(target))}: 无法写入 · cannot write ({err.strerror})"
            ) from err
    finally:
        tmp_path.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_folder(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; when the block succeeds, put it in place of
    ``target`` whole. Readers see the old folder or the new one, never a half-written one; of
    two processes writing the same folder at once, the last one wins."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{short_name(target.name, NAME_MAX - _TMP_RESERVE)}."
    tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    asides: list[Path] = []
    try:
        yield tmp
        tmp.chmod(0o755)  # shared outputs (a site, a dataset): not mkdtemp's 0o700
        for attempt in range(5):
            if target.exists():  # moved aside, not deleted: no moment without a folder there
                asides.append(Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent)))
                with contextlib.suppress(FileNotFoundError):
                    os.replace(target, asides[-1])
            try:
                os.replace(tmp, target)
                break
            except OSError:  # another writer put its folder in place meanwhile
                if attempt == 4:
                    raise
    finally:
        for path in (tmp, *asides):
            shutil.rmtree(path, ignore_errors=True)


def _stream(source: Path, target: Path) -> None:
    """Copy ``source`` into stdout or a special file, without replacing the node."""
    with open(source, "rb") as data:
        if str(target) == STDOUT:
            sys.stdout.flush()
            shutil.copyfileobj(data, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        with open(target, "wb") as out:
            shutil.copyfileobj(data, out)


def write_text(target: str | Path, text: str) -> Path:
    """Write text (UTF-8) atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write bytes atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def formula_like(text: str) -> bool:
    """Would a spreadsheet run ``text`` as a formula — at once, or after a reader strips its
    leading white space (``\t=1+1``)? A plain number (``-1234.50``) would not."""
    if text.startswith(_CONTROL_START):
        return True
    stripped = text.lstrip()
    return stripped.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(stripped)


def safe_cell(value: object) -> object:
    """The one neutraliser of every CSV and XLSX cell govbudget writes: text a spreadsheet
    would run as a formula gets a leading apostrophe; numbers and other text pass unchanged."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`safe_cell` applied to every text cell, whatever the
    column's dtype (pandas ``str``, Arrow strings, object, categorical)."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column.dtype) and not isinstance(
            column.dtype, pd.CategoricalDtype
        ):
            continue
        changed = {
            v: safe_cell(v)
            for v in column.dropna().unique()
            if isinstance(v, str) and formula_like(v)
        }
        if changed:
            values = column.astype(object)
            hostile = values.isin(list(changed))
            out[name] = values.mask(hostile, values[hostile].map(changed))
    return out


def csv_text(frame: pd.DataFrame, **options: object) -> str:
    """``frame`` as CSV text, every text cell neutralised (:func:`safe_frame`)."""
    options.setdefault("index", False)
    return safe_frame(frame).to_csv(**options)


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()
