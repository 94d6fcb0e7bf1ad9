"""The plan spreadsheet (任务分解与计划表) on plain data: write, read, parse and validate its rows.

Columns follow the plan table companies already use: 任务编号, 任务名称, 负责部门, 负责人, 起止时间, 交付物标准, 前置任务, 状态.
Nothing here touches the ORM: problems are ``(kind, value)`` pairs that the import wizard
translates, and every problem of every row is reported, never only the first one.

Reading is safe against hostile files: the format is decided from the file's first bytes, never
from its name (an .xlsx is a zip, an .xls an OLE2 compound file; nothing else is read), so xlrd
only ever sees OLE2 files and never XML; a zip is refused before any XML in it is parsed when it
unpacks to too much, holds too many parts, or declares a DTD or an entity (spreadsheets never do,
XXE and "billion laughs" attacks must); rows, cells and reading time are capped. Every refusal is a
:class:`PlanFileError` whose key names the limit.
"""

import io
import re
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from datetime import date, datetime
from itertools import zip_longest
from pathlib import PurePath
from typing import TypedDict

import openpyxl
import xlrd
import xlsxwriter

from .plan_scheduling import DATE_MAX, DATE_MIN, find_cycle

COLUMNS = ("code", "name", "department", "owner", "dates", "standard", "predecessors", "status")

# Limits of an imported file; each refusal names its limit.
MAX_FILE_BYTES = 5 * 1024 * 1024  # the upload itself
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # sum of the declared sizes of an .xlsx's parts (zip bombs)
MAX_ZIP_PARTS = 1_000  # an .xlsx holds a dozen or two
MAX_ROWS = 5_000  # task rows below the header
MAX_CELL_CHARS = 2_000
MAX_READ_SECONDS = 60
MAX_CODE_DEPTH = 12  # levels of a WBS code: 1.2.3 has 3
MAX_CODE_NUMBER = 2**31 - 1  # a code's numbers become task sequences (PostgreSQL integers)
EXCERPT_CHARS = 40  # how much of a bad cell a message quotes

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Problem = tuple[str, str]
"""``(kind, value)``, kinds: ``missing`` (value: the column key), ``bad_code``, ``bad_dates``,
``end_before_start``, ``bad_predecessor``, ``self_dependency``, ``bad_status`` (value: the cell
text or code) and, across rows, ``duplicate_code``, ``missing_parent``, ``unknown_predecessor``
(value: a WBS code) and ``cycle`` (value: ``"1.1 → 1.2 → 1.1"``)."""

_WIDTHS = {
    "code": 10,
    "name": 32,
    "department": 16,
    "owner": 14,
    "dates": 26,
    "standard": 44,
    "predecessors": 14,
    "status": 12,
}
_CODE = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_DATE_RANGE = re.compile(
    r"""
    (?P<y1>\d{4}) \s*[-/.年]\s* (?P<m1>\d{1,2}) \s*[-/.月]\s* (?P<d1>\d{1,2}) \s*日?
    (?: \s*(?:~|～|-|–|—|至|到)\s*
        (?:(?P<y2>\d{4}) \s*[-/.年]\s*)? (?P<m2>\d{1,2}) \s*[-/.月]\s* (?P<d2>\d{1,2}) \s*日?
    )?
    """,
    re.VERBOSE,
)
_PREDECESSOR_SEPARATORS = re.compile(r"[,，、;；\s]+")
_NO_PREDECESSOR = frozenset({"-", "–", "—", "/", "无", "無", "none", "n/a"})


class PlanRow(TypedDict):
    """A parsed row; ``code`` is None when missing or malformed, dates are None when empty or bad."""

    code: str | None
    name: str
    department: str
    owner: str
    date_start: date | None
    date_end: date | None
    standard: str
    predecessors: list[str]
    status: str | None


class PlanFileError(ValueError):
    """The file cannot be read as a plan. ``message_key``: ``unknown_format`` (neither an .xlsx nor
    an .xls), ``unreadable`` (corrupt), ``too_large`` (over ``MAX_FILE_BYTES``), ``unpacks_too_large``
    (over ``MAX_UNPACKED_BYTES``), ``too_many_parts`` (over ``MAX_ZIP_PARTS``), ``declares_entities``
    (a DTD or an entity in the zip's XML), ``too_many_rows`` (over ``MAX_ROWS``) or ``too_slow``
    (over ``MAX_READ_SECONDS``); ``limit`` is the limit concerned, if any."""

    def __init__(self, message_key: str, limit: int | None = None):
        super().__init__(message_key)
        self.message_key = message_key
        self.limit = limit


def excerpt(text: str, max_chars: int = EXCERPT_CHARS) -> str:
    """At most ``max_chars`` characters of ``text`` on one line, "…" marking a cut: what a message
    may quote of a cell."""
    text = " ".join(str(text).split())
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def file_format(file_bytes: bytes) -> str | None:
    """``"xlsx"`` or ``"xls"`` from the file's first bytes, None for anything else."""
    if file_bytes.startswith(XLSX_MAGIC):
        return "xlsx"
    if file_bytes.startswith(XLS_MAGIC):
        return "xls"
    return None


def write_plan_xlsx(headers: Sequence[str], rows: Iterable[PlanRow]) -> bytes:
    """An .xlsx plan: a bold, frozen row of ``headers`` (in ``COLUMNS`` order), then one row of
    text cells per task, dates written ``YYYY-MM-DD ~ YYYY-MM-DD`` and predecessors ``1.1, 1.2``."""
    if len(headers) != len(COLUMNS):
        raise ValueError(f"Expected {len(COLUMNS)} headers, got {len(headers)}")
    buffer = io.BytesIO()
    # Cells stay text: a deliverable written "=..." or "http://..." is not a formula or a link.
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(buffer, options) as workbook:
        sheet = workbook.add_worksheet("WBS")
        sheet.write_row(0, 0, headers, workbook.add_format({"bold": True}))
        sheet.freeze_panes(1, 0)
        for column, key in enumerate(COLUMNS):
            sheet.set_column(column, column, _WIDTHS[key])
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, _row_cells(row))
    return buffer.getvalue()


def read_plan_rows(file_bytes: bytes, filename: str = "") -> list[tuple[int, dict[str, str]]]:
    """The data rows of the first sheet of an .xlsx or .xls file as ``(row_number, values)``.

    ``row_number`` is the spreadsheet's (1-based, the header being row 1); ``values`` maps every
    key of ``COLUMNS`` to the cell's text, cut to ``MAX_CELL_CHARS + 1`` characters (so a too long
    cell is still seen as such). Empty rows are skipped. The format comes from the content;
    ``filename`` only tells a wrong file that claims to be a spreadsheet (``unreadable``) from
    another kind of file (``unknown_format``). Raises :class:`PlanFileError`.
    """
    if len(file_bytes) > MAX_FILE_BYTES:
        raise PlanFileError("too_large", MAX_FILE_BYTES)
    reader = _READERS.get(file_format(file_bytes))
    if reader is None:
        raise PlanFileError(
            "unreadable" if PurePath(filename).suffix.lower() in (".xlsx", ".xls") else "unknown_format"
        )
    deadline = time.monotonic() + MAX_READ_SECONDS
    try:
        with closing(reader(file_bytes)) as raw_rows:  # closes the workbook when refused mid-way
            rows = list(_data_rows(raw_rows, deadline))
    except PlanFileError:
        raise
    except Exception as error:  # a corrupt file fails anywhere in the parsers, with any exception
        raise PlanFileError("unreadable") from error
    return rows


def _data_rows(raw_rows: Iterable[Sequence[object]], deadline: float) -> Iterator[tuple[int, dict[str, str]]]:
    """The non-empty rows as ``(row_number, values)``, within ``MAX_ROWS`` and the time limit."""
    for number, cells in enumerate(raw_rows, start=2):
        texts = [_cell_text(value)[: MAX_CELL_CHARS + 1] for value in cells[: len(COLUMNS)]]
        if any(texts):
            if number > MAX_ROWS + 1:
                raise PlanFileError("too_many_rows", MAX_ROWS)
            yield number, dict(zip_longest(COLUMNS, texts, fillvalue=""))
        if not number % 1_000 and time.monotonic() > deadline:
            raise PlanFileError("too_slow", MAX_READ_SECONDS)


def parse_row(
    values: Mapping[str, str], *, status_by_label: Mapping[str, str] | None = None
) -> tuple[PlanRow, list[Problem]]:
    """Parse the cell texts of one row (keys of ``COLUMNS``) into a :class:`PlanRow` and its problems.

    WBS code and name are required. Dates read ``YYYY-MM-DD ~ YYYY-MM-DD``, ``YYYY/MM/DD-YYYY/MM/DD``,
    ``YYYY-MM-DD 至 YYYY-MM-DD`` (the end may omit its year, a single date is a one-day task).
    Predecessors are WBS codes separated by commas, 、 or semicolons ("-" for none). With
    ``status_by_label`` (label → status key, matched case-insensitively) the status becomes its
    key; without it, the status stays the cell's text.
    """
    text = {key: (values.get(key) or "").strip() for key in COLUMNS}
    too_long = [("too_long", key) for key in COLUMNS if len(text[key]) > MAX_CELL_CHARS]
    if too_long:  # nothing else of such a row is worth parsing
        return PlanRow(
            code=None,
            name="",
            department="",
            owner="",
            date_start=None,
            date_end=None,
            standard="",
            predecessors=[],
            status=None,
        ), too_long
    code, problems = _parse_code(text["code"])
    if not text["name"]:
        problems.append(("missing", "name"))
    (date_start, date_end), date_problems = _parse_dates(text["dates"])
    predecessors, predecessor_problems = _parse_predecessors(text["predecessors"], code)
    status, status_problems = _parse_status(text["status"], status_by_label)
    row = PlanRow(
        code=code,
        name=text["name"],
        department=text["department"],
        owner=text["owner"],
        date_start=date_start,
        date_end=date_end,
        standard=text["standard"],
        predecessors=predecessors,
        status=status,
    )
    return row, problems + date_problems + predecessor_problems + status_problems


def validate_rows(rows: Iterable[tuple[int, PlanRow]]) -> dict[int, list[Problem]]:
    """Problems between rows, by row number: duplicate codes, codes whose parent code is missing
    from the file (1.2 for 1.2.1), predecessors missing from the file and predecessor cycles."""
    rows = [(number, row) for number, row in rows if row["code"]]
    numbers_by_code: dict[str, list[int]] = defaultdict(list)
    for number, row in rows:
        numbers_by_code[row["code"]].append(number)
    problems: dict[int, list[Problem]] = defaultdict(list)
    for number, row in rows:
        code = row["code"]
        parent_code = code.rpartition(".")[0]
        if len(numbers_by_code[code]) > 1:
            problems[number].append(("duplicate_code", code))
        if parent_code and parent_code not in numbers_by_code:
            problems[number].append(("missing_parent", parent_code))
        for pred in row["predecessors"]:
            if pred not in numbers_by_code:
                problems[number].append(("unknown_predecessor", pred))
    for cycle in _predecessor_cycles(rows, numbers_by_code):
        described = " → ".join([*cycle, cycle[0]])
        for code in cycle:
            for number in numbers_by_code[code]:
                problems[number].append(("cycle", described))
    return {number: found for number, found in sorted(problems.items()) if found}


def _row_cells(row: PlanRow) -> list[str]:
    """The cell texts of a row in ``COLUMNS`` order: what :func:`parse_row` reads back."""
    start, end = row["date_start"], row["date_end"]
    return [
        row["code"] or "",
        row["name"],
        row["department"],
        row["owner"],
        f"{start.isoformat()} ~ {end.isoformat()}" if start and end else "",
        row["standard"],
        ", ".join(row["predecessors"]),
        row["status"] or "",
    ]


# "<!DOCTYPE" and "<!ENTITY" in every encoding an XML parser detects by itself (XML keywords are
# case-sensitive): no spreadsheet writer declares either, XXE and entity-expansion attacks must.
_DECLARATIONS = re.compile(
    b"|".join(
        re.escape(word.encode(encoding))
        for word in ("<!DOCTYPE", "<!ENTITY")
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
    )
)
_SCAN_CHUNK = 1024 * 1024
_SCAN_OVERLAP = 64  # longer than any pattern above


def check_xlsx_archive(file_bytes: bytes) -> None:
    """Refuse a zip before openpyxl parses it: over ``MAX_ZIP_PARTS`` parts, over
    ``MAX_UNPACKED_BYTES`` unpacked (the declared sizes, which zipfile enforces while reading: a part
    cannot unpack to more than it declares), or any part declaring a DTD or an entity."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(file_bytes))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise PlanFileError("unreadable") from error
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_ZIP_PARTS:
            raise PlanFileError("too_many_parts", MAX_ZIP_PARTS)
        if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
            raise PlanFileError("unpacks_too_large", MAX_UNPACKED_BYTES)
        try:
            for part in parts:
                with archive.open(part) as stream:
                    tail = b""
                    while chunk := stream.read(_SCAN_CHUNK):
                        if _DECLARATIONS.search(tail + chunk):
                            raise PlanFileError("declares_entities")
                        tail = chunk[-_SCAN_OVERLAP:]
        except PlanFileError:
            raise
        except Exception as error:  # corrupt or encrypted parts, bad CRC, unsupported compression
            raise PlanFileError("unreadable") from error


def _xlsx_rows(file_bytes: bytes) -> Iterator[Sequence[object]]:
    check_xlsx_archive(file_bytes)
    # read-only mode streams the sheet instead of building every cell at once
    workbook = openpyxl.load_workbook(io.BytesIO(file_bytes), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions, which read-only mode trusts
        yield from sheet.iter_rows(min_row=2, max_col=len(COLUMNS), values_only=True)
    finally:
        workbook.close()


def _xls_rows(file_bytes: bytes) -> Iterator[Sequence[object]]:
    # only OLE2 content reaches xlrd (see file_format): xlrd 1.2 would read a zip as .xlsx with an
    # XML parser that resolves entities
    if not file_bytes.startswith(XLS_MAGIC):
        raise PlanFileError("unreadable")
    book = xlrd.open_workbook(file_contents=file_bytes, logfile=io.StringIO(), on_demand=True)
    try:
        sheet = book.sheet_by_index(0)

        def value(cell: xlrd.sheet.Cell) -> object:
            if cell.ctype == xlrd.XL_CELL_DATE:
                return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            return cell.value

        for number in range(1, sheet.nrows):
            yield [value(cell) for cell in sheet.row_slice(number, 0, len(COLUMNS))]
    finally:
        book.release_resources()


_READERS: dict[str | None, Callable[[bytes], Iterator[Sequence[object]]]] = {"xlsx": _xlsx_rows, "xls": _xls_rows}


def _cell_text(value: object) -> str:
    """A cell as its user reads it: whole numbers without ".0" (code 2, not 2.0), dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_code(text: str) -> tuple[str | None, list[Problem]]:
    if not text:
        return None, [("missing", "code")]
    if not _CODE.fullmatch(text):
        return None, [("bad_code", text)]
    parts = text.split(".")
    if len(parts) > MAX_CODE_DEPTH:
        return None, [("code_too_deep", text)]
    if any(len(part) > len(str(MAX_CODE_NUMBER)) or int(part) > MAX_CODE_NUMBER for part in parts):
        return None, [("code_too_large", text)]
    return text, []


def _parse_dates(text: str) -> tuple[tuple[date | None, date | None], list[Problem]]:
    if not text:
        return (None, None), []
    match = _DATE_RANGE.fullmatch(text)
    if not match:
        return (None, None), [("bad_dates", text)]
    try:
        start = date(int(match["y1"]), int(match["m1"]), int(match["d1"]))
        end = date(int(match["y2"] or match["y1"]), int(match["m2"]), int(match["d2"])) if match["m2"] else start
    except ValueError:  # no such day, e.g. 2024-02-30
        return (None, None), [("bad_dates", text)]
    if end < start:
        return (None, None), [("end_before_start", text)]
    if start < DATE_MIN or end > DATE_MAX:
        return (None, None), [("date_out_of_range", text)]
    return (start, end), []


def _parse_predecessors(text: str, code: str | None) -> tuple[list[str], list[Problem]]:
    if text.casefold() in _NO_PREDECESSOR:
        return [], []
    predecessors, problems = [], []
    for pred in dict.fromkeys(filter(None, _PREDECESSOR_SEPARATORS.split(text))):
        if not _CODE.fullmatch(pred):
            problems.append(("bad_predecessor", pred))
        elif pred == code:
            problems.append(("self_dependency", pred))
        else:
            predecessors.append(pred)
    return predecessors, problems


def _parse_status(text: str, status_by_label: Mapping[str, str] | None) -> tuple[str | None, list[Problem]]:
    if not text or status_by_label is None:
        return text or None, []
    keys = {label.casefold(): key for label, key in status_by_label.items()}
    if text.casefold() not in keys:
        return None, [("bad_status", text)]
    return keys[text.casefold()], []


def _predecessor_cycles(rows: list[tuple[int, PlanRow]], known_codes: Container[str]) -> list[list[str]]:
    """The predecessor cycles between rows; a row whose cycle is found is left out of later ones."""
    edges = {(row["code"], pred) for _number, row in rows for pred in row["predecessors"] if pred in known_codes}
    cycles = []
    while cycle := find_cycle(edges):
        cycles.append(cycle)
        in_cycle = set(cycle)
        edges = {(task, pred) for task, pred in edges if task not in in_cycle}
    return cycles
