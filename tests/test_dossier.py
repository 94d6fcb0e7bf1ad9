import base64
import shutil
import subprocess
import unicodedata

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase


def pdf_text(pdf):
    """Text of a PDF, through poppler's pdftotext (installed by the set-up).

    NFKC folds the Kangxi radical code points some CJK fonts map glyphs to (⼿ → 手).
    """
    result = subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return unicodedata.normalize("NFKC", result.stdout.decode())


class TestDossier(TransactionCase):
    def _render(self, request):
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier")
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, request.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)

    def test_dossier_of_the_smartwatch_project_has_every_section_in_chinese(self):
        request = self.env.ref("cross_dept_collab.request_smartwatch")
        text = self._render(request)
        for section in (
            "Request",
            "Department Feedback and Approvals",
            "Decision Log",
            "Charter and Team",
            "WBS Plan",
            "Timeline",
            "Progress",
            "Attachments",
        ):
            self.assertIn(section, text)
        # Chinese text is rendered (the fonts Odoo's PDF engine uses have the glyphs)
        for chinese in ("智能手表", "市场调研", "样机研发", "续航"):
            self.assertIn(chinese, text)
        self.assertIn("XMBG-202403001", text)

    def test_print_action_returns_the_pdf_report(self):
        request = self.env.ref("cross_dept_collab.request_618")
        action = request.action_print_dossier()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "cross_dept_collab.report_collab_dossier")
        text = self._render(request)
        self.assertIn("XMBG-202405001", text)
        self.assertIn("+35%", text)  # the 618 retrospective
        self.assertIn("销售额同比提升 30%", text)

    def test_closing_a_request_archives_its_dossier(self):
        request = self.env.ref("cross_dept_collab.request_618")
        request.sudo().write({"state": "closed", "name": "XMBG-202405001"})
        request.with_context(force_report_rendering=True)._archive_dossier()
        stored = request.with_user(self.env.ref("cross_dept_collab.user_coordinator"))
        self.assertEqual(stored.dossier_filename, "Dossier XMBG-202405001.pdf")
        self.assertTrue(base64.b64decode(stored.dossier_pdf).startswith(b"%PDF"))
        written = stored.write_date
        request.with_context(force_report_rendering=True)._archive_dossier()
        self.assertEqual(stored.write_date, written, "archived once")
        self.assertFalse(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "collab.request"), ("res_id", "=", request.id), ("name", "like", "Dossier")]
            ),
            "the archive is no attachment that readers of the request could fetch",
        )
        # a reader of the request who may not read everything in it does not get the stored copy
        employee = self.env.ref("cross_dept_collab.user_mkt_user1")
        self.assertTrue(request.with_user(employee).has_access("read"))
        with self.assertRaises(AccessError):
            request.with_user(employee).read(["dossier_pdf"])
