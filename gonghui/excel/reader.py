"""Reading an uploaded workbook into clean rows, every problem reported by row and column.

Excel mangles what people type: long numbers become floats (an ID number comes back as
1.1010119900307e+17, its last digits gone), phones become ints, dates come as datetimes,
serial numbers or strings in any of several layouts. Everything is normalised here once,
so domain importers only check meaning.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    kind: str = "text"  # text | code (digits and letters, must be typed as text) | date
    max_length: int = 100
    help: str = ""


@dataclass(frozen=True)
class CellError:
    row: int
    column: str  # column letter, as Excel shows it
    header: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "header": self.header, "message": self.message}

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f" {self.column}列（{self.header}）" if self.column else "")
        return f"{where}：{self.message}"


# What one import may hold; a file past these is refused before its rows are read.
MAX_ERRORS_KEPT = 1000


def _limits() -> tuple[int, int]:
    from django.conf import settings

    return settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024


@dataclass
class Sheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    # The first MAX_ERRORS_KEPT errors, and how many there were in all: a file of 400,000 bad
    # rows must not become a 100 MB error list.
    errors: list[CellError] = field(default_factory=list)
    error_count: int = 0
    letters: dict[str, str] = field(default_factory=dict)

    def error(self, row: int, key: str | None, message: str, columns: dict[str, Column]) -> None:
        self.error_count += 1
        if len(self.errors) >= MAX_ERRORS_KEPT:
            return
        if key is None:
            self.errors.append(CellError(row, "", "", message))
        else:
            self.errors.append(CellError(row, self.letters.get(key, ""), columns[key].header, message))


class WorkbookError(ValueError):
    """The file as a whole cannot be read: not a workbook, or the headers are wrong."""


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def parse_date(text: str) -> date:
    text = text.strip().replace(" 00:00:00", "")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}”不是有效日期，请写成 2024-03-01")


def _text(value) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def normalise(value, column: Column):
    """Return the cell as text (or a date for date columns); raise ValueError with a Chinese reason."""
    if value is None:
        return None
    if column.kind == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float):
            if 1 <= value < 80000:  # an Excel serial date in a cell not formatted as date
                return from_excel(value).date()
            return parse_date(str(int(value)))
        text = _text(value)
        return parse_date(text) if text else None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if column.kind == "code" and (not value.is_integer() or abs(value) >= 1e15):
            raise ValueError("被 Excel 当作数字保存，末尾几位已经丢失；请把该列设为“文本”格式后重新填写")
        value = int(value) if value.is_integer() else value
    if isinstance(value, datetime | date):
        raise ValueError("这里应填文字，不是日期")
    text = re.sub(r"\s+", " ", _text(value))
    if len(text) > column.max_length:
        raise ValueError(f"超过 {column.max_length} 个字")
    return text or None


def _check_archive(source, max_bytes: int) -> None:
    """An .xlsx is a zip: refuse one that unpacks to more than the limit before opening it
    (a 500 KB file can hold 400,000 rows, or a zip bomb)."""
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError("无法读取文件：请上传 Excel 工作簿（.xlsx），可先下载模板再填写") from exc
    finally:
        source.seek(0)
    if unpacked > max_bytes:
        raise WorkbookError(
            f"文件解压后超过 {max_bytes // (1024 * 1024)} MB，不像是一份花名册：请只保留需要导入的工作表和行"
        )


def read_sheet(source, columns: list[Column], *, progress=None) -> Sheet:
    """Read the first worksheet: headers by name on row 1, data from row 2; blank rows skipped."""
    by_key = {c.key: c for c in columns}
    max_rows, max_bytes = _limits()
    _check_archive(source, max_bytes)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:
        raise WorkbookError("无法读取文件：请上传 Excel 工作簿（.xlsx），可先下载模板再填写") from exc
    try:
        sheet = workbook.worksheets[0]
        too_many = f"文件超过 {max_rows:,} 行：请分成几个文件导入，或删去表格下方的空行"
        # The dimension Excel records lets a huge sheet be refused before a row is read.
        if (sheet.max_row or 0) > max_rows + 1:
            raise WorkbookError(too_many)
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        positions: dict[str, int] = {}
        by_header = {c.header: c for c in columns}
        for index, title in enumerate(header):
            title = _text(title).rstrip("*＊") if title is not None else ""
            if title in by_header:
                positions[by_header[title].key] = index
        missing = [c.header for c in columns if c.required and c.key not in positions]
        if missing:
            raise WorkbookError(f"第1行缺少必需的列：{'、'.join(missing)}。请使用下载的模板，不要改动表头")
        result = Sheet(letters={key: get_column_letter(i + 1) for key, i in positions.items()})
        for number, values in enumerate(rows, start=2):
            if number > max_rows + 1:
                raise WorkbookError(too_many)
            if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            row = {}
            for key, index in positions.items():
                raw = values[index] if index < len(values) else None
                try:
                    row[key] = normalise(raw, by_key[key])
                except ValueError as exc:
                    result.error(number, key, str(exc), by_key)
                    row[key] = None
                    row.setdefault("_bad", set()).add(key)
            for column in columns:
                if column.required and row.get(column.key) in (None, "") and column.key not in row.get("_bad", ()):
                    result.error(number, column.key, "必填项为空", by_key)
            result.rows.append((number, row))
            if progress is not None and number % 1000 == 0:
                progress(number - 1)
        return result
    finally:
        workbook.close()


def iter_errors_text(errors: list[CellError]) -> Iterator[str]:
    for error in errors:
        yield str(error)
