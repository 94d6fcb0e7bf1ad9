"""The plan spreadsheet without a database: writing, reading .xlsx/.xls, parsing and validating rows."""

import io
from datetime import date

import openpyxl
import pytest
import xlsxwriter
import xlwt

from odoo.addons.cross_dept_collab.models import plan_excel

HEADERS = ["任务编号", "任务名称", "负责部门", "负责人", "起止时间", "交付物标准", "前置任务", "状态"]


def plan_row(code, name, predecessors=(), dates=(None, None), **values):
    return {
        "code": code,
        "name": name,
        "department": values.get("department", ""),
        "owner": values.get("owner", ""),
        "date_start": dates[0],
        "date_end": dates[1],
        "standard": values.get("standard", ""),
        "predecessors": list(predecessors),
        "status": values.get("status"),
    }


SMARTWATCH = [
    plan_row("1", "研发阶段"),
    plan_row(
        "1.1",
        "市场调研",
        dates=(date(2024, 3, 1), date(2024, 3, 15)),
        department="市场部",
        owner="李*",
        standard="《市场调研报告》(含竞品分析、用户画像)",
        status="已完成",
    ),
    plan_row("1.2", "产品原型开发", ["1.1"], (date(2024, 3, 16), date(2024, 4, 30)), department="研发部"),
    plan_row("2", "市场阶段"),
    plan_row("2.1", "推广物料设计", ["1.2"], (date(2024, 4, 1), date(2024, 4, 20)), standard="=海报、宣传册"),
    plan_row("2.2", "销售培训", ["1.2", "2.1"], (date(2024, 5, 1), date(2024, 5, 10)), status="未开始"),
]


def xlsx_of(rows: list[list]) -> bytes:
    """An .xlsx whose first row is the header and whose next rows hold ``rows`` (None: blank row)."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, HEADERS)
        for number, row in enumerate(rows, start=1):
            if row is not None:
                sheet.write_row(number, 0, row)
    return buffer.getvalue()


def parse_file(file_bytes: bytes, filename: str) -> dict[int, tuple[dict, list]]:
    return {number: plan_excel.parse_row(values) for number, values in plan_excel.read_plan_rows(file_bytes, filename)}


# Writing and reading back ------------------------------------------------------------------------


def test_written_plan_reads_back_unchanged():
    data = plan_excel.write_plan_xlsx(HEADERS, SMARTWATCH)
    parsed = parse_file(data, "plan.XLSX")
    assert list(parsed) == list(range(2, len(SMARTWATCH) + 2))
    assert [row for row, _problems in parsed.values()] == SMARTWATCH
    assert all(not problems for _row, problems in parsed.values())
    assert plan_excel.validate_rows((number, row) for number, (row, _problems) in parsed.items()) == {}


def test_written_plan_has_a_bold_frozen_header_and_text_cells():
    sheet = openpyxl.load_workbook(io.BytesIO(plan_excel.write_plan_xlsx(HEADERS, SMARTWATCH))).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width > sheet.column_dimensions["A"].width
    assert [cell.value for cell in sheet[4]] == [
        "1.2",
        "产品原型开发",
        "研发部",
        None,
        "2024-03-16 ~ 2024-04-30",
        None,
        "1.1",
        None,
    ]
    assert sheet["F6"].value == "=海报、宣传册" and sheet["F6"].data_type == "s"
    assert sheet["G7"].value == "1.2, 2.1"
    with pytest.raises(ValueError):
        plan_excel.write_plan_xlsx(HEADERS[:-1], SMARTWATCH)


def test_reading_skips_empty_rows_and_keeps_spreadsheet_row_numbers():
    data = xlsx_of([["1", "阶段"], None, ["  ", " "], ["1.1", "任务", "", "", "", "", "1", "", "ignored"]])
    rows = plan_excel.read_plan_rows(data, "plan.xlsx")
    assert [number for number, _values in rows] == [2, 5]
    assert rows[1][1] == dict.fromkeys(plan_excel.COLUMNS, "") | {"code": "1.1", "name": "任务", "predecessors": "1"}


def test_numeric_cells_read_as_their_codes():
    data = xlsx_of([[1, "阶段"], [1.1, "任务", "", "", "", "", 1], [1.2, "任务", "", "", "", "", 1.1]])
    rows = plan_excel.read_plan_rows(data, "plan.xlsx")
    assert [(values["code"], values["predecessors"]) for _number, values in rows] == [
        ("1", ""),
        ("1.1", "1"),
        ("1.2", "1.1"),
    ]


def test_xls_files_are_read():
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("计划")
    for column, header in enumerate(HEADERS):
        sheet.write(0, column, header)
    sheet.write(1, 0, 1.0)
    sheet.write(1, 1, "研发阶段")
    sheet.write(3, 0, 1.1)
    sheet.write(3, 1, "市场调研")
    sheet.write(3, 4, "2024/03/01-2024/03/15")
    sheet.write(3, 6, "-")
    sheet.write(4, 0, "1.2")
    sheet.write(4, 1, "产品原型开发")
    sheet.write(4, 4, date(2024, 3, 18), xlwt.easyxf(num_format_str="YYYY-MM-DD"))  # a real date cell
    sheet.write(4, 6, 1.1)
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = parse_file(buffer.getvalue(), "plan.xls")

    assert list(parsed) == [2, 4, 5]
    assert all(not problems for _row, problems in parsed.values())
    assert parsed[2][0]["code"] == "1"
    assert parsed[4][0] == plan_row("1.1", "市场调研", dates=(date(2024, 3, 1), date(2024, 3, 15)))
    assert parsed[5][0] == plan_row("1.2", "产品原型开发", ["1.1"], (date(2024, 3, 18), date(2024, 3, 18)))


@pytest.mark.parametrize(
    ("content", "filename", "message_key"),
    [
        (b"", "plan.csv", "unknown_format"),
        (b"", "plan", "unknown_format"),
        (b"not a spreadsheet", "plan.xlsx", "unreadable"),
        (b"not a spreadsheet", "plan.xls", "unreadable"),
        (b"", "plan.xls", "unreadable"),
    ],
)
def test_unreadable_files_raise_a_plan_file_error(content, filename, message_key):
    with pytest.raises(plan_excel.PlanFileError) as caught:
        plan_excel.read_plan_rows(content, filename)
    assert caught.value.message_key == message_key


# Parsing one row ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01 ~ 2024-03-15", (date(2024, 3, 1), date(2024, 3, 15))),
        ("2024/03/01-2024/03/15", (date(2024, 3, 1), date(2024, 3, 15))),
        ("2024-03-01 至 2024-03-15", (date(2024, 3, 1), date(2024, 3, 15))),
        ("2024-03-01~03-15", (date(2024, 3, 1), date(2024, 3, 15))),  # as planners write it
        ("2024.3.1 – 2024.3.15", (date(2024, 3, 1), date(2024, 3, 15))),
        ("2024年3月1日至2024年3月15日", (date(2024, 3, 1), date(2024, 3, 15))),
        ("2024-12-30 ~ 2025-01-03", (date(2024, 12, 30), date(2025, 1, 3))),
        ("2024-03-01", (date(2024, 3, 1), date(2024, 3, 1))),
        ("", (None, None)),
    ],
)
def test_parse_row_reads_the_date_formats(text, expected):
    row, problems = plan_excel.parse_row({"code": "1", "name": "任务", "dates": text})
    assert (row["date_start"], row["date_end"]) == expected
    assert problems == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("next week", "bad_dates"),
        ("2024-02-30 ~ 2024-03-01", "bad_dates"),
        ("2024-03-01 ~", "bad_dates"),
        ("2024-03-15 ~ 2024-03-01", "end_before_start"),
    ],
)
def test_parse_row_reports_bad_dates(text, problem):
    row, problems = plan_excel.parse_row({"code": "1", "name": "任务", "dates": text})
    assert (row["date_start"], row["date_end"]) == (None, None)
    assert problems == [(problem, text)]


def test_parse_row_splits_predecessors_on_every_separator():
    row, problems = plan_excel.parse_row({"code": "9", "name": "任务", "predecessors": "1.1, 1.2、2；3;4，5 1.1"})
    assert row["predecessors"] == ["1.1", "1.2", "2", "3", "4", "5"]
    assert problems == []
    for none in ("-", "—", "无", "None"):
        assert plan_excel.parse_row({"code": "9", "name": "任务", "predecessors": none}) == (
            plan_row("9", "任务"),
            [],
        )


def test_parse_row_reports_every_problem_of_a_row():
    row, problems = plan_excel.parse_row(
        {"code": "1..2", "name": " ", "dates": "2024-03-05 ~ 2024-03-01", "predecessors": "1.1、abc、x.1"}
    )
    assert problems == [
        ("bad_code", "1..2"),
        ("missing", "name"),
        ("end_before_start", "2024-03-05 ~ 2024-03-01"),
        ("bad_predecessor", "abc"),
        ("bad_predecessor", "x.1"),
    ]
    assert row["code"] is None and row["predecessors"] == ["1.1"]
    assert plan_excel.parse_row({})[1] == [("missing", "code"), ("missing", "name")]
    assert plan_excel.parse_row({"code": "1.2", "name": "任务", "predecessors": "1.2"})[1] == [
        ("self_dependency", "1.2")
    ]


def test_parse_row_maps_status_labels_when_given():
    labels = {"未开始": "todo", "Done": "done", "已完成": "done"}
    assert plan_excel.parse_row({"code": "1", "name": "任务", "status": "DONE"}, status_by_label=labels) == (
        plan_row("1", "任务", status="done"),
        [],
    )
    assert (
        plan_excel.parse_row({"code": "1", "name": "任务", "status": ""}, status_by_label=labels)[0]["status"] is None
    )
    assert plan_excel.parse_row({"code": "1", "name": "任务", "status": "搁置"}, status_by_label=labels)[1] == [
        ("bad_status", "搁置")
    ]
    assert plan_excel.parse_row({"code": "1", "name": "任务", "status": "搁置"})[0]["status"] == "搁置"


# Validating the whole file -----------------------------------------------------------------------


def test_validate_rows_reports_duplicates_missing_parents_unknown_predecessors_and_cycles():
    rows = [
        (2, plan_row("1", "阶段")),
        (3, plan_row("1.1", "任务", ["1.3"])),
        (4, plan_row("1.1", "重复任务")),
        (5, plan_row("1.2.1", "子任务", ["9", "1.1"])),
        (6, plan_row("1.3", "任务", ["1.4"])),
        (7, plan_row("1.4", "任务", ["1.1"])),
        (8, plan_row("2", "阶段", ["2.1"])),
        (9, plan_row("2.1", "任务", ["2"])),
        (10, plan_row(None, "坏编号", ["1"])),
    ]
    assert plan_excel.validate_rows(rows) == {
        3: [("duplicate_code", "1.1"), ("cycle", "1.1 → 1.4 → 1.3 → 1.1")],
        4: [("duplicate_code", "1.1"), ("cycle", "1.1 → 1.4 → 1.3 → 1.1")],
        5: [("missing_parent", "1.2"), ("unknown_predecessor", "9")],
        6: [("cycle", "1.1 → 1.4 → 1.3 → 1.1")],
        7: [("cycle", "1.1 → 1.4 → 1.3 → 1.1")],
        8: [("cycle", "2 → 2.1 → 2")],
        9: [("cycle", "2 → 2.1 → 2")],
    }


def test_a_file_with_several_bad_rows_reports_every_row():
    data = xlsx_of(
        [
            ["1", "研发阶段", "", "", "2024-03-01 ~ 2024-04-30"],
            ["1.1", "", "市场部", "李*", "2024-03-15 ~ 2024-03-01", "", "-", "已完成"],
            ["1.1", "产品原型", "研发部", "王*", "soon", "", "1.1"],
            ["3.1", "推广物料", "市场部", "张*", "2024-04-01 ~ 2024-04-20", "", "1.5, 1"],
            ["2.a", "销售培训", "销售部", "赵*", "", "", "1、1.1"],
            ["1.2", "Status", "", "", "", "", "", "搁置"],
        ]
    )
    labels = {"已完成": "done", "未开始": "todo"}
    rows = plan_excel.read_plan_rows(data, "plan.xlsx")
    parsed = {number: plan_excel.parse_row(values, status_by_label=labels) for number, values in rows}
    problems = {number: found for number, (_row, found) in parsed.items() if found}
    for number, found in plan_excel.validate_rows((number, row) for number, (row, _found) in parsed.items()).items():
        problems.setdefault(number, []).extend(found)

    assert problems == {
        3: [("missing", "name"), ("end_before_start", "2024-03-15 ~ 2024-03-01"), ("duplicate_code", "1.1")],
        4: [("bad_dates", "soon"), ("self_dependency", "1.1"), ("duplicate_code", "1.1")],
        5: [("missing_parent", "3"), ("unknown_predecessor", "1.5")],
        6: [("bad_code", "2.a")],
        7: [("bad_status", "搁置")],
    }
