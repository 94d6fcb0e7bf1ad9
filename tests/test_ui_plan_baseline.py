"""The timeline against the signed plan in the browser and in the dossier, as the project lead in
简体中文: the demo smartwatch project, its plan signed, then a change request moves its promotion
material 3 working days. ``COLLAB_SCREENSHOTS=1`` saves docs/screenshots/baseline_timeline.png
(1366×768), baseline_timeline_phone.png (390×844) and baseline_dossier*.png (the dossier's pages
with the variance table and with the timeline)."""

import re
import shutil
import subprocess

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import load_languages
from .screenshots import SCREENSHOTS, _enabled, tour_screenshots


@tagged("post_install", "-at_install")
class TestBaselineInTheBrowser(HttpCase):
    def setUp(self):
        super().setUp()
        load_languages(self.env)
        ref = self.env.ref
        self.lead, self.sponsor = ref("cross_dept_collab.user_mkt_head"), ref("cross_dept_collab.user_sponsor")
        self.lead.lang = "zh_CN"
        self.project = ref("cross_dept_collab.project_smartwatch")
        # a Chinese company: what it stores for everybody (the change's summary) is in Chinese
        (self.project.company_id or self.env.company).partner_id.lang = "zh_CN"
        self.assertEqual(self.project.plan_state, "confirmed")
        # the demo's plan was signed at install (an upgraded database took it at the update)
        self.assertTrue(self.project.collab_baseline_ids.filtered(lambda b: b.kind == "signed"))
        self.promotion = ref("cross_dept_collab.task_smartwatch_2_1")
        self.signed_end = self.promotion.date_planned_end
        add_working_days = self.project._plan_calendar_functions()[2]
        change = (
            self.env["collab.change.request"]
            .with_user(self.lead)
            .create(
                {
                    "project_id": self.project.id,
                    "change_type": "schedule",
                    "description": "宣传物料需配合新包装重新设计",
                    "reason": "包装供应商延期交付",
                    "impact": "上市推广顺延 3 个工作日",
                    "line_ids": [
                        Command.create(
                            {
                                "task_id": self.promotion.id,
                                "date_planned_start": self.promotion.date_planned_start,
                                "date_planned_end": add_working_days(self.signed_end, 3),
                            }
                        )
                    ],
                }
            )
        )
        change.action_submit()
        change.with_user(self.sponsor).action_approve("同意")
        change.with_user(self.lead).action_apply()
        self.change = change
        self.assertEqual(self.promotion.with_user(self.lead).collab_finish_variance, 3)

    def test_lead_sees_the_baseline_bars_on_desktop_and_phone_and_in_the_dossier(self):
        url = f"/odoo/project.project/{self.project.id}"
        with tour_screenshots():
            self.start_tour(url, "collab_baseline_timeline_tour", login=self.lead.login)
            self.browser_size, self.touch_enabled = "390x844", True
            self.start_tour(url, "collab_baseline_timeline_phone_tour", login=self.lead.login)
        self.dossier_pages()

    def dossier_pages(self):
        """The dossier as the lead prints it: its timeline with the baseline bars, its variance
        table naming the change request; with COLLAB_SCREENSHOTS=1 those pages go to docs/."""
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier").with_user(self.lead)
        request = self.project.collab_request_id
        html = str(report._render_qweb_html(report.report_name, request.ids)[0])
        self.assertIn("o_collab_timeline_baseline", html)
        self.assertIn("o_collab_timeline_slip", html)
        pdf, _kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, request.ids)
        pages = (
            subprocess.run([shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
            .stdout.decode()
            .split("\f")
        )
        variance_page = next(n for n, text in enumerate(pages, 1) if self.change.name in text and "+3" in text)
        timeline_page = next(n for n, text in enumerate(pages, 1) if re.search(r"时间轴", text))
        if _enabled():
            for name, page in (("baseline_dossier", variance_page), ("baseline_dossier_timeline", timeline_page)):
                if name == "baseline_dossier_timeline" and page == variance_page:
                    continue
                pages_arg = ["-f", str(page), "-l", str(page), "-singlefile"]
                target = str(SCREENSHOTS / name)
                subprocess.run(
                    [shutil.which("pdftoppm"), "-png", "-r", "80", *pages_arg, "-", target], input=pdf, check=True
                )
