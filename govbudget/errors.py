"""Errors for input that cannot be read at all (exit status 2).

A disclosure that breaks the rules is *not* an error: it yields findings (see ``findings``).
An :class:`InputError` is raised only when a file cannot be read as a package. Every subclass
has a stable ``code`` and names the file, and where it applies the sheet and cell.
"""

from __future__ import annotations

import re
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe to print on one line: the undecodable bytes of a file name (surrogate escapes)
    and control characters (line breaks, terminal escape sequences) shown as escapes."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class GovBudgetError(Exception):
    """Base class of every error govbudget raises on purpose."""

    code = "GB000"


class InputError(GovBudgetError):
    """A file (or a part of it) cannot be read. The CLI prints ``str(err)`` and exits 2."""

    code = "INP000"
    message_zh = "无法读取输入"

    def __init__(
        self,
        detail: str,
        *,
        file: str | Path | None = None,
        sheet: str | None = None,
        cell: str | None = None,
    ) -> None:
        self.detail = detail
        self.file = str(file) if file is not None else None
        self.sheet = sheet
        self.cell = cell
        super().__init__(str(self))

    def where(self) -> str:
        parts = [p for p in (self.file, self.sheet and f"sheet {self.sheet!r}", self.cell) if p]
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        detail = " ".join(self.detail.split())  # a library's multi-line message on one line
        return printable(f"{where}: {self.code} {detail}" if where else f"{self.code} {detail}")


class FileFormatError(InputError):
    """Not a workbook, or a corrupt one (truncated zip, CSV/HTML/PDF renamed .xlsx, …)."""

    code = "INP001"
    message_zh = "文件不是有效的工作簿"


class EncryptedFileError(InputError):
    """Password-protected workbook."""

    code = "INP002"
    message_zh = "工作簿受密码保护"


class TooLargeError(InputError):
    """The workbook exceeds a size bound (rows, columns, cell text, uncompressed size)."""

    code = "INP003"
    message_zh = "工作簿超出大小上限"


class NoTablesError(InputError):
    """No standard table could be recognised in the workbook."""

    code = "INP004"
    message_zh = "工作簿中没有可识别的标准表格"


class LayoutError(InputError):
    """A recognised table whose layout cannot be read (e.g. merged cells over amounts)."""

    code = "INP005"
    message_zh = "表格布局无法解析"


class UsageError(GovBudgetError):
    """The command was used wrongly (bad option value, missing path). Exit status 2."""

    code = "USE001"
