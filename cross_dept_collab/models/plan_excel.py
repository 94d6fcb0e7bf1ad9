"""The plan spreadsheet (任务分解与计划表) on plain data: write, read, parse and validate its rows.

Columns follow the seed's table: 任务编号, 任务名称, 负责部门, 负责人, 起止时间, 交付物标准, 前置任务, 状态.
Nothing here touches the ORM: problems are ``(kind, value)`` pairs that the import wizard
translates, and every problem of every row is reported, never only the first one.
"""

import io
import re
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from datetime import date, datetime
from itertools import zip_longest
from pathlib import PurePath
from typing import TypedDict

import openpyxl
import xlrd
import xlsxwriter

from .plan_scheduling import find_cycle

COLUMNS = ("code", "name", "department", "owner", "dates", "standard", "predecessors", "status")

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
_CODE = re.compile(r"\d+(?:\.\d+)*")
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
    """The file cannot be read as a plan; ``message_key`` is ``unknown_format`` or ``unreadable``."""

    def __init__(self, message_key: str):
        super().__init__(message_key)
        self.message_key = message_key


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


def read_plan_rows(file_bytes: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows of the first sheet of an .xlsx or .xls file as ``(row_number, values)``.

    ``row_number`` is the spreadsheet's (1-based, the header being row 1); ``values`` maps every
    key of ``COLUMNS`` to the cell's text. Empty rows are skipped. Raises :class:`PlanFileError`.
    """
    reader = _READERS.get(PurePath(filename).suffix.lower())
    if reader is None:
        raise PlanFileError("unknown_format")
    try:
        raw_rows = reader(file_bytes)
    except Exception as error:  # a corrupt file fails anywhere in the parsers, with any exception
        raise PlanFileError("unreadable") from error
    rows = []
    for number, cells in enumerate(raw_rows, start=2):
        texts = [_cell_text(value) for value in cells[: len(COLUMNS)]]
        if any(texts):
            rows.append((number, dict(zip_longest(COLUMNS, texts, fillvalue=""))))
    return rows


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


def _xlsx_rows(file_bytes: bytes) -> list[Sequence[object]]:
    workbook = openpyxl.load_workbook(io.BytesIO(file_bytes), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions, which read-only mode trusts
        return list(sheet.iter_rows(min_row=2, max_col=len(COLUMNS), values_only=True))
    finally:
        workbook.close()


def _xls_rows(file_bytes: bytes) -> list[Sequence[object]]:
    book = xlrd.open_workbook(file_contents=file_bytes, logfile=io.StringIO())
    sheet = book.sheet_by_index(0)

    def value(cell: xlrd.sheet.Cell) -> object:
        if cell.ctype == xlrd.XL_CELL_DATE:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        return cell.value

    return [[value(cell) for cell in sheet.row(number)] for number in range(1, sheet.nrows)]


_READERS: dict[str, Callable[[bytes], list[Sequence[object]]]] = {".xlsx": _xlsx_rows, ".xls": _xls_rows}


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
