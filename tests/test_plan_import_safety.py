"""The plan import against hostile or absurd files, as the project lead who runs it: XXE under
either name, zip bombs, oversized files, too many rows, empty or non-base64 uploads, out-of-range
dates and WBS codes, long cells. Each is refused with a message naming the limit, and nothing is
written; a normal file still imports, in batches."""

import base64
import io
import os
import tempfile
import zipfile
from datetime import date

import xlsxwriter
import xlwt

from odoo import Command
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cross_dept_collab.models import plan_excel

from .common import PlanCase, load_languages

SECRET = "TOP-SECRET-SERVER-FILE-CONTENT"


def xlsx_of(rows: list[list], headers=None) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, headers or ["WBS Code", "Task Name", "Department", "Owner", "Dates", "", "", ""])
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, row)
    return buffer.getvalue()


def xls_of(rows: list[list]) -> bytes:
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("WBS")
    for column, header in enumerate(["WBS Code", "Task Name"]):
        sheet.write(0, column, header)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            sheet.write(number, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_part(content: bytes, name: str, change) -> bytes:
    """The .xlsx ``content`` with its part ``name`` passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            archive.writestr(info.filename, change(data) if info.filename == name else data)
    return out.getvalue()


class TestPlanImportSafety(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        handle, cls.secret_path = tempfile.mkstemp(suffix=".txt")
        with os.fdopen(handle, "w") as secret:
            secret.write(SECRET)

    @classmethod
    def tearDownClass(cls):
        os.unlink(cls.secret_path)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.project = self.make_project()
        self.lead = self.project.user_id
        self.assertTrue(self.lead, "the project has a lead who imports its plan")
        self.make_task(self.project, "Existing phase", date(2031, 3, 3), date(2031, 3, 7), sequence=1)

    # helpers ------------------------------------------------------------------------------------

    def snapshot(self):
        tasks = self.env["project.task"].with_context(active_test=False).search([("project_id", "=", self.project.id)])
        return sorted(
            (t.id, t.name, t.wbs_code, t.date_planned_start, t.date_planned_end, tuple(t.depend_on_ids.ids))
            for t in tasks
        )

    def import_as_lead(self, content, filename="plan.xlsx", encoded=None):
        wizard = (
            self.env["collab.plan.import"]
            .with_user(self.lead)
            .create(
                {
                    "project_id": self.project.id,
                    "file": encoded if encoded is not None else base64.b64encode(content),
                    "filename": filename,
                }
            )
        )
        return wizard.action_import()

    def assert_refused(self, content, *expected, filename="plan.xlsx", encoded=None):
        """Refused with a UserError holding every ``expected`` text, and nothing written."""
        before = self.snapshot()
        with self.assertRaises(UserError) as caught:
            self.import_as_lead(content, filename, encoded)
        message = str(caught.exception)
        for text in expected:
            self.assertIn(text, message)
        self.assertEqual(self.snapshot(), before)
        return message

    def xxe_file(self):
        doctype = f'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://{self.secret_path}">]>'.encode()
        return rewrite_part(
            xlsx_of([["2", "Launch", "DEPARTMENT"]]),
            "xl/sharedStrings.xml",
            lambda xml: xml.replace(b"?>", b"?>" + doctype, 1).replace(b"<t>DEPARTMENT</t>", b"<t>&xxe;</t>"),
        )

    # hostile files -------------------------------------------------------------------------------

    def test_xxe_is_refused_under_either_name_and_leaks_nothing(self):
        for filename in ("plan.xls", "plan.xlsx"):
            with self.subTest(filename=filename):
                message = self.assert_refused(self.xxe_file(), "declares XML entities", filename=filename)
                self.assertNotIn(SECRET, message)

    def test_entity_declarations_in_utf16_parts_are_refused_too(self):
        def to_utf16(xml):
            xml = xml.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').replace(
                b"?>", b'?><!DOCTYPE x [<!ENTITY big "aaaaaaaaaa">]>', 1
            )
            return xml.decode().encode("utf-16")

        content = rewrite_part(xlsx_of([["2", "Launch"]]), "xl/workbook.xml", to_utf16)
        self.assert_refused(content, "declares XML entities")

    def test_zip_bomb_is_refused_before_it_is_unpacked(self):
        bomb = rewrite_part(xlsx_of([["2", "Launch"]]), "docProps/app.xml", lambda xml: xml + b" " * (60 << 20))
        self.assertLess(len(bomb), plan_excel.MAX_FILE_BYTES)
        self.assert_refused(bomb, "unpacks to more than the limit of 50 MB")

    def test_oversized_file_is_refused(self):
        content = os.urandom(plan_excel.MAX_FILE_BYTES + 1)
        self.assert_refused(content, "larger than the limit of 5 MB")

    def test_too_many_rows_are_refused(self):
        rows = [["1", "Phase"]] + [[f"1.{n}", f"Task {n}"] for n in range(1, plan_excel.MAX_ROWS + 1)]
        self.assert_refused(xlsx_of(rows), "more than the limit of 5000 rows")

    def test_empty_and_undecodable_uploads_are_refused(self):
        self.assert_refused(b"", "is empty", encoded=b"  \n")
        self.assert_refused(b"", "is not base64 data", encoded=b"this is not base64!!")
        self.assert_refused(b"", "is not base64 data", encoded="abc")  # bad padding
        self.assert_refused(b"plain text, not a spreadsheet", "Import an .xlsx or .xls file", filename="plan.csv")
        self.assert_refused(b"plain text, not a spreadsheet", "cannot be read as a spreadsheet")

    # absurd values ---------------------------------------------------------------------------------

    def test_dates_outside_1900_to_2200_are_refused(self):
        content = xlsx_of(
            [
                ["2", "Launch", "", "", "2031-03-03 ~ 9999-12-31"],
                ["3", "Old", "", "", "1899-12-31 ~ 1900-01-02"],
                ["4", "Fine", "", "", "2031-03-03 ~ 2031-03-04"],
            ]
        )
        message = self.assert_refused(content, "Row 2:", "Row 3:", "outside the years 1900 to 2200")
        self.assertNotIn("Row 4:", message)

    def test_absurd_wbs_codes_are_refused(self):
        huge, deep = "9" * 40, ".".join(["1"] * (plan_excel.MAX_CODE_DEPTH + 1))
        content = xlsx_of([["2", "Launch"], [f"2.{huge}", "Huge"], [deep, "Deep"], [2**31, "Too big"]])
        message = self.assert_refused(
            content, "Row 3:", "Row 4:", "Row 5:", "above the limit of 2147483647", "more than the limit of 12 levels"
        )
        self.assertNotIn("Row 2:", message)

    def test_long_cells_are_refused_and_quoted_briefly(self):
        name = "N" * (plan_excel.MAX_CELL_CHARS + 1)
        department = "D" * 39 + "X" + "Y" * 500
        message = self.assert_refused(
            xlsx_of([["2", name], ["3", "Fine name", department]]),
            "Row 2: Task Name is longer than the limit of 2000 characters",
            "Row 3: unknown department “" + "D" * 39 + "…”",
        )
        self.assertNotIn("N" * 41, message)
        self.assertNotIn("DX", message)

    def test_many_bad_rows_are_counted_not_all_listed(self):
        rows = [[str(n), f"Phase {n}", f"No such department {n}"] for n in range(2, 202)]
        message = self.assert_refused(xlsx_of(rows), "and 150 more rows with problems")
        self.assertEqual(message.count("unknown department"), 50)

    # the plan and its timeline ------------------------------------------------------------------------

    def test_planned_dates_are_kept_within_1900_to_2200(self):
        task = self.project.tasks[:1].with_user(self.lead)
        for day in (date(9999, 12, 31), date(1899, 12, 31)):
            with self.subTest(day=day), self.assertRaises(ValidationError) as caught, self.cr.savepoint():
                task.write({"date_planned_start": day, "date_planned_end": day})
            self.assertIn("between 1900-01-01 and 2200-12-31", str(caught.exception))

    def test_timeline_of_a_stored_plan_with_absurd_dates_still_draws(self):
        """Plans stored before the constraint (or by SQL) must not break the project form."""
        task = self.project.tasks[:1]
        self.env.cr.execute(
            "UPDATE project_task SET date_planned_start = '0001-01-01', date_planned_end = '9999-12-31' WHERE id = %s",
            [task.id],
        )
        self.env.invalidate_all()
        svg = str(self.project.with_user(self.lead).plan_timeline_svg)
        self.assertIn("<svg", svg)
        self.assertIn("2200-12-31", svg)

    # what still works -------------------------------------------------------------------------------

    def test_a_normal_plan_imports_in_batches_whatever_its_file_name(self):
        rows = [
            ["1", "Existing phase", "", "", "2031-03-03 ~ 2031-03-07"],
            ["2", "Launch", self.dept_sales.name, self.sales_user.name, "2031-03-10 ~ 2031-03-28"],
        ]
        rows += [
            [
                f"2.{n}",
                f"Step {n}",
                self.dept_rd.name,
                self.rd_user.login,
                f"2031-03-{9 + n} ~ 2031-03-{10 + n}",
                "Report: signed",
                f"2.{n - 1}" if n > 1 else "1",
            ]
            for n in range(1, 16)
        ]
        self.import_as_lead(xlsx_of(rows), filename="plan.xls")  # an .xlsx under an .xls name
        tasks = {task.wbs_code: task for task in self.project.tasks}
        self.assertEqual(len(tasks), 17)
        self.assertEqual(tasks["2.3"].parent_id, tasks["2"])
        self.assertEqual(tasks["2.3"].depend_on_ids, tasks["2.2"])
        self.assertEqual(tasks["2.1"].depend_on_ids, tasks["1"])
        self.assertEqual(tasks["2.3"].user_ids, self.rd_user)
        self.assertEqual((tasks["2.3"].deliverable, tasks["2.3"].acceptance_standard), ("Report", "signed"))
        # a phase spans its sub-tasks: the file's 28 March gives way to the last step's end
        self.assertEqual(tasks["2"].date_planned_end, date(2031, 3, 25))

        # the same file again changes nothing; a changed row changes that task only
        before = self.snapshot()
        self.import_as_lead(xlsx_of(rows))
        self.assertEqual(self.snapshot(), before)
        rows[3][1] = "Step 2 (renamed)"
        rows[4][6] = "1"
        self.import_as_lead(xlsx_of(rows))
        self.assertEqual(tasks["2.2"].name, "Step 2 (renamed)")
        self.assertEqual(tasks["2.3"].depend_on_ids, tasks["1"])

    def test_an_xls_under_an_xlsx_name_is_read_as_xls(self):
        self.import_as_lead(xls_of([["2", "Launch"], ["2.1", "Step"]]), filename="plan.xlsx")
        self.assertEqual(
            sorted(self.project.tasks.mapped("wbs_code")),
            ["1", "2", "2.1"],
        )
        self.assertEqual(self.project.tasks.filtered(lambda t: t.wbs_code == "2.1").parent_id.name, "Launch")

    def test_a_failure_while_writing_leaves_nothing_half_written(self):
        """The plan gets confirmed after the file was checked: the first write fails, every one is undone."""
        rows = [["2", "Launch"], ["2.1", "Step"], ["1", "Existing phase renamed"]]
        existing = self.project.tasks
        existing.with_user(self.lead).write({"user_ids": [Command.set(self.rd_user.ids)]})
        self.confirm_plan(self.project)
        before = self.snapshot()
        with self.assertRaisesRegex(ValidationError, "needs an approved change request"):
            self.import_as_lead(xlsx_of(rows))
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(existing.name, "Existing phase")

    def test_the_import_says_what_it_did_per_phase_and_reloads_the_project(self):
        """The lead sees the counts per phase and the warnings, and closing the result reloads the
        project form behind it (its Tasks button counts the new tasks without a manual reload)."""
        rows = [
            ["2", "Launch"],
            ["2.1", "Design", self.dept_rd.name, self.rd_user.login, "2031-03-10 ~ 2031-03-12"],
            ["2.2", "Review", self.dept_rd.name, "", "2031-03-13 ~ 2031-03-14", "", "2.1"],
            ["3", "Close"],
            ["3.1", "Go live", self.dept_sales.name, self.sales_user.name, ""],
        ]
        action = self.import_as_lead(xlsx_of(rows))
        self.assertEqual((action["res_model"], action["target"]), ("collab.plan.import", "new"))
        wizard = self.env["collab.plan.import"].with_user(self.lead).browse(action["res_id"])
        self.assertEqual(wizard.state, "done")
        result = str(wizard.result)
        self.assertIn("5 rows read from plan.xlsx: 5 tasks created, 0 updated, 0 unchanged.", result)
        self.assertIn("2 Launch: 3 tasks (3 created, 0 updated)", result)
        self.assertIn("3 Close: 2 tasks (2 created, 0 updated)", result)
        self.assertIn("Row 4: 2.2 Review has no owner.", result)  # row 1 is the header
        self.assertIn("Row 6: 3.1 Go live has no planned dates.", result)
        for phase_row in ("Row 2:", "Row 5:"):
            self.assertNotIn(phase_row, result, "a phase's owners and dates come from its tasks")
        self.assertIn("1 tasks of the project are not in the file and were left as they were: 1 Existing phase", result)
        self.assertEqual(wizard.action_close_result(), {"type": "ir.actions.client", "tag": "soft_reload"})

        # again with one task renamed: that task is the only one updated, phases included
        rows[2][1] = "Review (renamed)"
        action = self.import_as_lead(xlsx_of(rows))
        result = str(self.env["collab.plan.import"].with_user(self.lead).browse(action["res_id"]).result)
        self.assertIn("5 rows read from plan.xlsx: 0 tasks created, 1 updated, 4 unchanged.", result)
        self.assertIn("2 Launch: 3 tasks (0 created, 1 updated)", result)

    def test_a_chinese_lead_reads_the_result_in_chinese(self):
        load_languages(self.env)
        self.lead.lang = "zh_CN"
        # the web client sends the reader's language in the context
        wizard = (
            self.env["collab.plan.import"]
            .with_user(self.lead)
            .with_context(lang="zh_CN")
            .create(
                {
                    "project_id": self.project.id,
                    "file": base64.b64encode(xlsx_of([["2", "Launch"], ["2.1", "Go", "", self.rd_user.login, ""]])),
                    "filename": "plan.xlsx",
                }
            )
        )
        wizard.action_import()
        result = str(wizard.result)
        self.assertIn("每个阶段", result)
        self.assertIn("第 3 行：2.1 Go 没有计划起止日期。", result)
        self.assertNotIn("Per phase", result)
