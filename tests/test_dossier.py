import base64
import os
import re
import shutil
import subprocess
from pathlib import Path

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user

from odoo.addons.cross_dept_collab.report.collab_dossier import _runs

from .common import GROUP_COORDINATOR, load_languages
from .test_acceptance import AcceptanceCase

ZH_SECTIONS = (
    "需求",
    "部门反馈与审批",
    "决策记录",
    "项目章程与团队",
    "WBS 计划",
    "时间轴",
    "进度",
    "风险与问题",
    "变更申请",
    "会议纪要",
    "成果验收",
    "复盘",
    "附件",
)


def pdf_text(pdf):
    """Text of a PDF, through poppler's pdftotext (installed by the set-up), as a reader copies it:
    no normalisation, so a Kangxi radical (⼗) in place of the ideograph (十) fails the search."""
    result = subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


class DossierCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, modules=("web", "cross_dept_collab"))
        cls.reader = new_test_user(cls.env, "t_dossier_reader", groups=GROUP_COORDINATOR, name="Dossier Reader")

    def _render(self, request, user=None):
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier").with_user(user or self.env.user)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, request.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)


class TestDossier(DossierCase):
    def test_a_reader_of_the_request_outside_the_project_prints_its_part(self):
        """The dossier's button is on every request: a person who reads the request but not its
        project (an initiator or a CC from another department) prints the request's part — it was
        an access error on the project's tasks."""
        request = self.env.ref("cross_dept_collab.request_smartwatch")
        project = request.project_id
        # set-up: the project's plan kept to its team; a colleague outside it kept informed (CC)
        project.privacy_visibility = "followers"
        cc = new_test_user(self.env, "t_dossier_cc", groups="cross_dept_collab.group_collab_user", name="CC Reader")
        request.sudo().cc_user_ids = cc
        self.assertTrue(request.with_user(cc).has_access("read"))
        self.assertLess(len(project.tasks.with_user(cc)._filtered_access("read")), len(project.tasks))
        text = self._render(request, cc)
        self.assertIn("Decision Log", text)
        self.assertIn("printed for its team", text)
        self.assertNotIn("WBS Plan", text)

    def test_dossier_of_the_smartwatch_project_has_every_section(self):
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
        # Chinese text is searchable as written: real ideographs, no Kangxi radicals
        for chinese in ("智能手表", "市场调研", "样机研发", "续航"):
            self.assertIn(chinese, text)
        self.assertFalse(re.search("[\u2e80-\u2fdf]", text), "no radical stands in for an ideograph")
        self.assertIn("XMBG-202403001", text)

    def test_a_chinese_reader_reads_every_heading_in_chinese_with_cover_and_page_numbers(self):
        self.reader.lang = "zh_CN"
        request = self.env.ref("cross_dept_collab.request_smartwatch")
        text = self._render(request, self.reader)
        for section in ZH_SECTIONS:
            self.assertIn(section, text)
        for english in ("Department Feedback and Approvals", "Charter and Team", "Decision Log"):
            self.assertNotIn(english, text)
        # the cover: company, number, title, print date
        cover = text.split("\f")[0]
        self.assertIn(request.company_id.name, cover)
        self.assertIn("XMBG-202403001", cover)
        self.assertIn("智能手表", cover)
        self.assertIn("打印日期", cover)
        # every page is numbered "page n of total", in Chinese, and says when it was printed
        pages = [page for page in text.split("\f") if page.strip()]
        self.assertGreater(len(pages), 2)
        for number, page in enumerate(pages, start=1):
            self.assertRegex(page, rf"第\s*{number}\s*页\s*/\s*共\s*{len(pages)}\s*页")
            self.assertIn("打印于", page)

    def test_the_618_request_is_searchable_for_its_chinese_text(self):
        request = self.env.ref("cross_dept_collab.request_618")
        text = self._render(request)
        self.assertIn("双十一", text)
        self.assertIn("销售额同比提升 30%", text)
        self.assertIn("XMBG-202405001", text)

    def test_empty_sections_say_so_in_one_line(self):
        request = self.env.ref("cross_dept_collab.request_smartwatch")
        text = self._render(request)
        for empty in ("No progress reported yet.", "No change request.", "No meeting was held."):
            self.assertIn(empty, text)
        self.assertNotIn("What changed", text, "no header-only table of change requests")

    def test_print_action_returns_the_pdf_report(self):
        request = self.env.ref("cross_dept_collab.request_618")
        action = request.action_print_dossier()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "cross_dept_collab.report_collab_dossier")
        self.assertNotIn(None, action.values())


class TestDossierArchive(AcceptanceCase):
    """The coordinator closes a request whose deliverables passed and whose retrospective is done:
    the dossier is archived once, readable by the coordinator and the sponsor only."""

    request_values = {"background": "618 是全年第二大促销节点，去年双十一爆款断货。"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)

    def test_closing_a_request_archives_its_dossier(self):
        # the archive is the company's record: in its language (English here), not the closer's
        self.coordinator.lang = "zh_CN"
        self.pass_all()
        retrospective = self.request.retrospective_ids
        retrospective.with_user(self.mkt_head).write(
            {"achievement": "销售额同比提升 35%", "goal_met": "exceeded", "suggestions": "提前两周压测库存"}
        )
        retrospective.with_user(self.mkt_head).action_done()
        request = self.request.with_user(self.coordinator).with_context(force_report_rendering=True)
        request.action_close()
        self.assertEqual(request.state, "closed")
        stored = self.request.with_user(self.coordinator)
        self.assertEqual(stored.dossier_filename, f"Dossier {self.request.name}.pdf")
        self.assertTrue(base64.b64decode(stored.dossier_pdf).startswith(b"%PDF"))
        text = pdf_text(base64.b64decode(stored.dossier_pdf))
        self.assertIn("双十一", text)
        self.assertIn("Decision Log", text)
        self.assertNotIn("决策记录", text)
        written = stored.write_date
        request._archive_dossier()
        self.assertEqual(stored.write_date, written, "archived once")
        self.assertTrue(self.request.with_user(self.sponsor).dossier_pdf, "the sponsor reads the archive")
        self.assertFalse(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "collab.request"), ("res_id", "=", self.request.id), ("name", "like", "Dossier")]
            ),
            "the archive is no attachment that readers of the request could fetch",
        )
        # a reader of the request who may not read everything in it does not get the stored copy
        self.assertTrue(self.request.with_user(self.mkt_user).has_access("read"))
        with self.assertRaisesRegex(AccessError, "not have enough rights to access the fields"):
            self.request.with_user(self.mkt_user).read(["dossier_pdf"])


class TestDossierOverRpc(HttpCase):
    """The print button's action travels over XML-RPC and JSON-RPC to the people who can read the request."""

    def test_print_action_over_xmlrpc_and_jsonrpc(self):
        request = self.env.ref("cross_dept_collab.request_618")
        initiator = request.initiator_id
        initiator.password = "initiator-password"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, initiator.login, "initiator-password", {})
        self.assertEqual(uid, initiator.id)
        action = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, "initiator-password", "collab.request", "action_print_dossier", [[request.id]]
        )
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "cross_dept_collab.report_collab_dossier")

        self.authenticate(initiator.login, "initiator-password")
        action = self.make_jsonrpc_request(
            "/web/dataset/call_kw/collab.request/action_print_dossier",
            {"model": "collab.request", "method": "action_print_dossier", "args": [[request.id]], "kwargs": {}},
        )
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["context"]["active_ids"], [request.id])


def pdf_words(pdf):
    """``[(page, word, height_pt, y_pt, page_height_pt)]`` of a PDF, through poppler's ``pdftotext -bbox``."""
    result = subprocess.run([shutil.which("pdftotext"), "-bbox", "-", "-"], input=pdf, capture_output=True, check=True)
    root = etree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", result.stdout), etree.XMLParser(recover=True))
    words = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        height = float(page.get("height"))
        for word in page.iter("{*}word"):
            y_min, y_max = float(word.get("yMin")), float(word.get("yMax"))
            words.append((number, word.text or "", y_max - y_min, y_min, height))
    return words


class TestDossierReadable(DossierCase):
    """What a reader met on paper: rows split over two pages, a letter-spaced running header,
    4–5 pt timeline labels."""

    def _pdf(self, request, user=None):
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier").with_user(user or self.env.user)
        pdf, _kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, request.ids)
        return pdf

    def test_running_header_draws_latin_with_latin_metrics(self):
        self.assertEqual(
            _runs("XMBG-202612001 客服工單系統升級"),
            [("Helvetica", "XMBG-202612001 "), ("STSong-Light", "客服工單系統升級")],
        )
        pdf = self._pdf(self.env.ref("cross_dept_collab.request_smartwatch"))
        lines = pdf_text(pdf).splitlines()
        # the header reads as written (a letter-spaced "X M BG-…" extracts with spaces)
        self.assertTrue(any("XMBG-202403001" in line for line in lines[5:]), "the running header on page 2+")
        self.assertFalse(any(re.search(r"X M ?BG", line) for line in lines))
        self.assertFalse(any("YourC ompany" in line for line in lines))

    def test_timeline_labels_print_at_seven_points_or_more(self):
        self.reader.lang = "zh_CN"
        pdf = self._pdf(self.env.ref("cross_dept_collab.request_smartwatch"), self.reader)
        words = pdf_words(pdf)
        pages = {page for page, word, *_rest in words if word == "时间轴"}
        self.assertTrue(pages, "the timeline is printed")
        labels = [
            (word, height)
            for page, word, height, y, page_height in words
            if page in pages and 20 * 72 / 25.4 < y < page_height - 20 * 72 / 25.4 and word.startswith("市场")
        ]
        self.assertTrue(labels)
        # a label's box is about one em high: at least 7 pt (4–5 pt when the picture was shrunk)
        self.assertGreaterEqual(min(height for _word, height in labels), 7, labels)
        if os.environ.get("COLLAB_SCREENSHOTS") == "1":
            self._save_pages(pdf)

    def _save_pages(self, pdf):
        """docs/screenshots/dossier/page-N.png at 60 dpi, for the README."""
        target = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "dossier"
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("page-*.png"):
            old.unlink()
        subprocess.run([shutil.which("pdftoppm"), "-png", "-r", "60", "-", str(target / "page")], input=pdf, check=True)

    def test_no_row_is_cut_across_two_pages(self):
        """A long decision log: every word lies within a page's text area (a row split by the page
        break left half its glyphs below the last line of one page and half above the next's)."""
        request = self.env.ref("cross_dept_collab.request_smartwatch")
        self.env["collab.request.decision"].create(
            [
                {
                    "request_id": request.id,
                    "user_id": self.reader.id,
                    "action": "urge",
                    "reason": f"Decision log line {n}: " + "a reason long enough to wrap over two lines " * (n % 3),
                }
                for n in range(80)
            ]
        )
        words = pdf_words(self._pdf(request))
        mm = 72 / 25.4
        cut = [
            (page, word, round(y, 1))
            for page, word, height, y, page_height in words
            # the text area: below the stamped header (20 mm), above the stamped footer (18 mm)
            if (page > 1 and 12 * mm < y < 20 * mm - 2)
            or (page_height - 18 * mm + 2 < y + height < page_height - 12 * mm)
        ]
        self.assertFalse(cut, "words cut at a page break")
