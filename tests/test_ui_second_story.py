"""A second story, not the 618 one, played in Chromium by its people (demo users), desktop and phone.

Customer Service (``cs_user1``, 繁體中文) asks for a ticket-system upgrade involving R&D, Logistics
and Supply Chain. R&D's head (简体中文, on his phone) objects to leading it; the coordinator
(English) picks Customer Service, whose head (繁體中文) confirms; Logistics' head is away with a
delegation; Supply Chain decides 会签 with a deputy; R&D's head adds Product's head after him; the
initiator urges, withdraws with a reason, revises and resubmits on her phone; the sponsor approves
from My Approvals on her phone; the lead imports a phased 30-task plan from Excel; an owner posts
progress and blocks a task on her phone; Meetings → New; a deliverable whose predecessors are open
is refused; acceptance fails twice then passes; retrospective; the coordinator closes and prints.

Each step is a tour of ``collab_ticket_story_tour.js`` started on /odoo as the person who takes it.
Steps the 618 story already proves in the browser (the PMO's second acceptance, signing, the
acceptance rounds, the retrospective) are taken here over RPC as their people (``with_user``),
never as administrator. After each chapter every person of the story reads what they received —
activities, chatter notifications, mails — and a sentence in another language than theirs fails
the test (tests/reading.py).
"""

import base64
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.cross_dept_collab.models.plan_excel import write_plan_xlsx

from .common import load_languages
from .reading import watermark, wrong_language
from .screenshots import _enabled, tour_screenshots

TITLE = "客服工單系統升級 Ticket system upgrade"
TOUR_TIMEOUT = 300
PHONE = "390x844"
DESKTOP = "1366x768"
DOSSIER_PAGES = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "ticket_dossier"

# what people typed (here and in the tours): their own words, in any language
TYPED = [
    "請儘快審核，客訴量本月翻倍",
    "補充客訴分級需求後再送審",
    "研发部不宜牵头：客服部是工单系统的使用方，应由客服部牵头",
    "接口涉及产品规划，请产品部在研发之后确认",
    "接口涉及产品规划",
    "研发部同意：需 6 周开发接口",
    "供应链部副职同意：库存数据字典两周内提供",
    "产品部同意接口规划",
    "分級規則初稿完成，待物流確認時效",
    "等待物流部提供時效資料",
    "驗收通過",
    "同意",
    "Business trip to the Shenzhen warehouse",
    "Supply Chain agrees: read access to stock in 2 weeks",
    "Logistics agrees: tracking API documentation in 10 days",
    "Needs the VIP rules first",
    "Response times not measured",
]


@tagged("post_install", "-at_install")
class TestSecondStory(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(
            cls.env,
            ("zh_CN", "zh_TW"),
            cls.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name"),
        )
        ref = cls.env.ref
        users = {
            name: ref(f"cross_dept_collab.user_{name}")
            for name in (
                "cs_user1",
                "cs_head",
                "rd_head",
                "rd_user1",
                "log_head",
                "log_user1",
                "scm_head",
                "scm_user1",
                "prod_head",
                "coordinator",
                "sponsor",
            )
        }
        for name, user in users.items():
            setattr(cls, name, user)
        cls.langs = {
            cls.cs_user1: "zh_TW",
            cls.cs_head: "zh_TW",
            cls.rd_head: "zh_CN",
            cls.rd_user1: "zh_CN",
            cls.sponsor: "zh_CN",
            cls.prod_head: "zh_CN",
            cls.scm_user1: "zh_CN",
            cls.coordinator: "en_US",
            cls.log_head: "en_US",
            cls.log_user1: "en_US",
            cls.scm_head: "en_US",
        }
        for user, lang in cls.langs.items():
            user.lang = lang
        cls.dept = {
            code: ref(f"cross_dept_collab.dept_{xmlid}")
            for code, xmlid in (
                ("cs", "customer_service"),
                ("rd", "rd"),
                ("log", "logistics"),
                ("scm", "supply_chain"),
                ("prod", "product"),
            )
        }
        # Supply Chain decides 会签: its head and a deputy each review (set by the coordinator)
        cls.dept["scm"].with_user(cls.coordinator).write(
            {"collab_approval_mode": "all", "collab_deputy_ids": [Command.set(cls.scm_user1.ids)]}
        )
        # the story's texts come after this; the demo's own messages were written at install, in
        # English, before these people chose their languages
        cls.since = watermark(cls.env)

    # -- helpers ---------------------------------------------------------------------------------

    def step(self, tour, user, phone=False, cookies=None):
        """Run one tour as ``user``, from the web client's start page, on a desktop or a phone."""
        self.browser_size, self.touch_enabled = (PHONE, True) if phone else (DESKTOP, False)
        with tour_screenshots():
            self.start_tour("/odoo", tour, login=user.login, timeout=TOUR_TIMEOUT, cookies=cookies)
        self.env.invalidate_all()

    def request_as(self, user):
        request = self.env["collab.request"].with_user(user).search([("title", "=", TITLE)])
        self.assertEqual(len(request), 1)
        return request

    def assert_each_reads_their_language(self):
        wrong = wrong_language(self.env, self.langs, TYPED, self.since)
        self.assertFalse(wrong, "texts in another language than the reader's:\n" + "\n".join(wrong))

    def today(self):
        return self.env.company.collab_today()

    def raise_over_rpc(self):
        """The request as the initiator raises it, reviewed up to the departments (RPC as each)."""
        today = self.today()
        departments = self.dept["rd"] | self.dept["log"] | self.dept["scm"]
        request = (
            self.env["collab.request"]
            .with_user(self.cs_user1)
            .create(
                {
                    "title": TITLE,
                    "request_type": "project",
                    "involved_department_ids": [Command.set(departments.ids)],
                    "background": "客服工單系統已用五年，無法對接物流追蹤與供應鏈庫存。",
                    "goal": "客訴平均處理時間由 3 天降至 1 天",
                    "scope": "工單系統升級：物流追蹤、庫存查詢、客訴分級",
                    "date_expected": today + timedelta(days=90),
                    "line_ids": [
                        Command.create(
                            {
                                "department_id": d.id,
                                "description": f"介面與資料：{d.name}",
                                "date_due": today + timedelta(days=30),
                            }
                        )
                        for d in departments
                    ],
                }
            )
        )
        self.env["collab.delegation"].with_user(self.log_head).create(
            {"delegate_id": self.log_user1.id, "date_end": today + timedelta(days=30), "reason": TYPED[0]}
        )
        request.with_user(self.cs_user1).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept["cs"].id)
        request.with_user(self.cs_head).action_confirm_lead()
        rd = request.approval_ids.filtered(lambda a: a.department_id == self.dept["rd"])
        rd.with_user(self.rd_head).action_add_approver(self.prod_head.ids, "after", "接口涉及产品规划")
        rd.with_user(self.rd_head).action_approve("研发部同意：需 6 周开发接口")
        return request

    def approve_over_rpc(self, request):
        """Every pending review decided by its decider, then the sponsor (RPC as each)."""
        for _round in range(3):
            pending = request.approval_ids.filtered(lambda a: a.state == "pending")
            for approval in pending:
                approval.with_user(approval.approver_id).action_approve("同意")
        request.with_user(self.sponsor).action_sponsor_approve()
        self.assertEqual(request.state, "approved")
        return request

    # -- chapter 1 ---------------------------------------------------------------------------------

    def test_1_intake_objection_delegation_withdraw_resubmit(self):
        self.step("collab_ticket_delegation", self.log_head)
        delegation = self.env["collab.delegation"].with_user(self.log_head).search([("user_id", "=", self.log_head.id)])
        self.assertEqual(delegation.delegate_id, self.log_user1)
        self.assertTrue(delegation.in_effect)

        self.step("collab_ticket_raise", self.cs_user1)
        request = self.request_as(self.cs_user1)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(len(request.line_ids), 3)

        self.step("collab_ticket_pmo_proposes_rd", self.coordinator)
        request = self.request_as(self.coordinator)
        self.assertEqual((request.state, request.lead_department_id), ("lead_confirmation", self.dept["rd"]))

        self.step("collab_ticket_rd_objects", self.rd_head, phone=True)
        request = self.request_as(self.coordinator)
        self.assertEqual(request.state, "submitted", "an objection goes back to the coordinator")
        objection = request.decision_ids.filtered(lambda d: d.action == "object")
        self.assertEqual(objection.user_id, self.rd_head)
        self.assertIn("客服部牵头", objection.reason)

        self.step("collab_ticket_pmo_picks_cs", self.coordinator)
        self.step("collab_ticket_cs_confirms", self.cs_head)
        request = self.request_as(self.cs_head)
        self.assertEqual((request.state, request.lead_department_id), ("department_review", self.dept["cs"]))

        self.step("collab_ticket_rd_adds_after", self.rd_head)
        request = self.request_as(self.rd_head)
        rd = request.approval_ids.filtered(
            lambda a: a.department_id == self.dept["rd"] and a.approver_id == self.rd_head
        )
        self.assertEqual(rd.state, "approved")
        added = request.approval_ids.filtered(lambda a: a.approver_id == self.prod_head)
        self.assertEqual((added.state, added.added_by_id), ("pending", self.rd_head))
        self.assertEqual(added.add_position, "在 陈刚 Chen Gang 之后", "after him, in his language")
        # the delegate of Logistics' head decides for him; Supply Chain's head and deputy each review
        logistics = request.approval_ids.filtered(lambda a: a.department_id == self.dept["log"])
        self.assertEqual(logistics.approver_id, self.log_user1)
        self.assertEqual(logistics.delegated_for_id, self.log_head)
        scm = request.approval_ids.filtered(lambda a: a.department_id == self.dept["scm"])
        self.assertEqual(scm.approver_id, self.scm_head | self.scm_user1)

        self.step("collab_ticket_initiator_withdraws", self.cs_user1, phone=True)
        request = self.request_as(self.cs_user1)
        self.assertEqual(request.state, "submitted")
        actions = request.decision_ids.mapped("action")
        self.assertIn("urge", actions)
        self.assertIn("withdraw", actions)
        self.assertIn("VIP", request.scope)

        self.assert_each_reads_their_language()

    # -- chapter 2 ---------------------------------------------------------------------------------

    def test_2_cosign_delegate_added_approver_sponsor(self):
        request = self.raise_over_rpc()
        self.step("collab_ticket_scm_head_approves", self.scm_head)
        self.step("collab_ticket_scm_deputy_approves", self.scm_user1, phone=True)
        scm = self.request_as(self.scm_head).approval_ids.filtered(lambda a: a.department_id == self.dept["scm"])
        self.assertEqual(set(scm.mapped("state")), {"approved"}, "会签: both decided")

        self.step("collab_ticket_log_delegate_approves", self.log_user1)
        self.step("collab_ticket_prod_head_approves", self.prod_head)
        request = self.request_as(self.sponsor)
        self.assertEqual(request.state, "sponsor_approval")

        self.step("collab_ticket_sponsor_approves", self.sponsor, phone=True)
        request = self.request_as(self.sponsor)
        self.assertEqual(request.state, "approved")
        self.assertTrue(request.project_id)

        self.assert_each_reads_their_language()

    # -- chapter 3 ---------------------------------------------------------------------------------

    def plan_rows(self):
        """The lead's spreadsheet: 5 phases of 5 tasks, owners from four departments."""
        start = self.today() + timedelta(days=1)
        owners = {
            "cs": (self.dept["cs"], self.cs_user1),
            "rd": (self.dept["rd"], self.rd_user1),
            "log": (self.dept["log"], self.log_user1),
            "scm": (self.dept["scm"], self.scm_user1),
        }
        phases = [
            ("需求確認", ["客訴分級規則", "物流追蹤需求", "庫存查詢需求", "VIP 規則", "需求評審"]),
            ("系統設計", ["介面設計", "資料模型", "權限設計", "介面評審", "設計定稿"]),
            ("開發", ["物流介面", "庫存介面", "分級引擎", "工單畫面", "工單介面開發"]),
            ("測試", ["物流測試", "庫存測試", "分級測試", "效能測試", "使用者測試"]),
            ("上線", ["資料遷移", "教育訓練", "試運行", "切換", "上線驗收報告"]),
        ]
        who = ["cs", "log", "scm", "cs", "rd"]
        rows = []
        day = start
        for p, (phase, tasks) in enumerate(phases, start=1):
            rows.append(self.row(f"{p}", phase, "", "", None, None, "", []))
            for t, name in enumerate(tasks, start=1):
                department, owner = owners[who[t - 1]]
                if name == "上線驗收報告":
                    department, owner = owners["cs"]
                code = f"{p}.{t}"
                previous = [f"{p}.{t - 1}"] if t > 1 else ([f"{p - 1}.5"] if p > 1 else [])
                if name == "客訴分級規則":
                    previous = []
                standard = {"工單介面開發": "介面程式: 全部介面測試通過", "上線驗收報告": "驗收報告: 全部用例通過"}
                rows.append(
                    self.row(
                        code,
                        name,
                        department.name,
                        owner.name,
                        day,
                        day + timedelta(days=2),
                        standard.get(name, ""),
                        previous,
                    )
                )
                day += timedelta(days=3)
        return rows

    @staticmethod
    def row(code, name, department, owner, date_start, date_end, standard, predecessors):
        return {
            "code": code,
            "name": name,
            "department": department,
            "owner": owner,
            "date_start": date_start,
            "date_end": date_end,
            "standard": standard,
            "predecessors": predecessors,
            "status": None,
        }

    def test_3_plan_execution_acceptance_dossier(self):
        request = self.approve_over_rpc(self.raise_over_rpc())
        project = request.project_id.with_user(self.cs_head)
        self.assertEqual(project.user_id, self.cs_head)
        # the lead's first screen, once the charter is signed: the project waiting for its plan
        for signoff in project.signoff_ids.filtered(lambda s: s.state == "pending"):
            signoff.with_user(signoff.user_id).action_sign()
        landing = self.env["collab.my.decision"].with_user(self.cs_head).action_landing()
        self.assertEqual(landing["xml_id"], "cross_dept_collab.project_project_action_collab")
        content = write_plan_xlsx(project.with_context(lang="zh_TW")._plan_headers(), self.plan_rows())
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.cs_head)
            .create(
                {
                    "name": "plan.xlsx",
                    "datas": base64.b64encode(content),
                    "res_model": "project.project",
                    "res_id": project.id,
                }
            )
        )
        self.step("collab_ticket_lead_imports", self.cs_head, cookies={"collab_plan_file": str(attachment.id)})
        tasks = project.tasks
        # the tasks seeded from the asks were numbered 1–3: the file's phases 1–3 update them
        self.assertEqual(len(tasks), 30)
        self.assertEqual(len(tasks.filtered(lambda t: t.wbs_code and "." not in t.wbs_code and t.child_ids)), 5)
        for signoff in project.signoff_ids.filtered(lambda s: s.state == "pending"):
            signoff.with_user(signoff.user_id).action_sign()
        self.assertEqual(project.plan_state, "confirmed")
        # the owner's first screen: all her open tasks (the one starting next month too)
        landing = self.env["collab.my.decision"].with_user(self.cs_user1).action_landing()
        self.assertEqual(
            (landing["xml_id"], landing["context"]), ("cross_dept_collab.project_task_action_follow_ups", {})
        )

        self.step("collab_ticket_owner_phone", self.cs_user1, phone=True)
        grading = tasks.filtered(lambda t: t.name == "客訴分級規則").with_user(self.cs_user1)
        self.assertEqual(grading.progress_update_ids.user_id, self.cs_user1)
        self.assertTrue(grading.collab_blocked)

        self.step("collab_ticket_lead_meeting", self.cs_head)
        meeting = self.env["collab.meeting"].with_user(self.cs_head).search([("project_id", "=", project.id)])
        self.assertEqual(meeting.name, "工單系統升級啟動會")

        self.step("collab_ticket_predecessors_refused", self.cs_user1)
        report = tasks.filtered(lambda t: t.name == "上線驗收報告").with_user(self.cs_user1)
        self.assertFalse(report.acceptance_ids, "nothing was submitted")

        # a risk raised by an owner, answered by the lead (RPC as each)
        self.env["collab.risk"].with_user(self.log_user1).create(
            {"project_id": project.id, "name": "物流介面延期", "description": "Response times not measured"}
        )
        # the work is done in plan order by its owners; each deliverable goes through acceptance:
        # the interface fails twice, then passes
        Task = self.env["project.task"]
        for task in tasks.filtered(lambda t: not t.child_ids).sorted(
            lambda t: (t.date_planned_start or self.today(), t.id)
        ):
            owner = task.user_ids[:1]
            task = Task.with_user(owner).browse(task.id)
            if task.collab_blocked:
                task.action_collab_unblock()
            if not task.deliverable:
                task.write({"state": "1_done"})
                continue
            rounds = 3 if task.name == "工單介面開發" else 1
            for round_ in range(rounds):
                task.action_submit_for_acceptance()
                acceptance = task.acceptance_ids.filtered(lambda a: a.result == "pending")
                acceptance = acceptance.with_user(acceptance.acceptor_ids[:1])
                if round_ < rounds - 1:
                    acceptance.action_fail(TYPED[3], self.today() + timedelta(days=3))
                else:
                    acceptance.action_pass("驗收通過")
        self.assertEqual(self.request_as(self.cs_head).state, "accepted")
        self.assertEqual(
            tasks.filtered(lambda t: t.name == "工單介面開發").acceptance_ids.mapped("result"), ["pass", "fail", "fail"]
        )
        retrospective = self.request_as(self.cs_head).retrospective_ids.with_user(self.cs_head)
        retrospective.write({"achievement": "客訴處理時間降至 1.2 天", "goal_met": "partly", "suggestions": "介面先行"})
        retrospective.action_done()

        self.step("collab_ticket_close_and_print", self.coordinator)
        request = self.request_as(self.coordinator)
        self.assertEqual(request.state, "closed")
        self.assert_each_reads_their_language()
        self.dossier_pages(request)

    def dossier_pages(self, request):
        """The dossier as its lead reads it (繁體中文), page by page: every page printed, the story's
        title on it; with COLLAB_SCREENSHOTS=1 the pages go to docs/screenshots/ticket_dossier/."""
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier").with_user(self.cs_head)
        pdf, _kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, request.ids)
        text = subprocess.run(
            [shutil.which("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        self.assertIn("客服工單系統升級", text)
        self.assertIn("決策記錄", text)
        if _enabled():
            DOSSIER_PAGES.mkdir(parents=True, exist_ok=True)
            for old in DOSSIER_PAGES.glob("page-*.png"):
                old.unlink()
            subprocess.run(
                [shutil.which("pdftoppm"), "-png", "-r", "60", "-", str(DOSSIER_PAGES / "page")], input=pdf, check=True
            )
