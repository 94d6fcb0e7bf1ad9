"""Approval flows in the browser, in 简体中文, for a Chinese company (CNY): the coordinator adds a
Finance head review for budgets of ¥500,000 or more to the standard flow and previews it; a
¥600,000 request then waits on the Finance head after the department reviews while a ¥100,000 one
goes straight to the sponsor; the Finance head approves from his activity and the request's path
shows his step done, on a desktop and on the initiator's phone. ``COLLAB_SCREENSHOTS=1`` saves
docs/screenshots/flow_coordinator_adds_step_zh_CN.png, flow_request_path_zh_CN.png (1366×768) and
flow_request_path_phone_zh_CN.png (390×844), the pictures of docs/approval-flows.md."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP_LEAD, load_languages
from .screenshots import tour_screenshots

FINANCE_STEP = "财务负责人审核"
EXTRA_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_extra_review"
# the shipped flow's name as this company reads it (a translation the test sets: the tour finds
# the flow's row by it, whatever the module's .po files say)
FLOW_NAME_ZH = "标准审批"


@tagged("post_install", "-at_install")
class TestFlowsInTheBrowser(HttpCase):
    def setUp(self):
        super().setUp()
        load_languages(self.env)
        ref = self.env.ref
        company = ref("base.main_company")
        # a Chinese company: its name for everybody in Chinese, its budgets in yuan
        cny = ref("base.CNY")
        cny.active = True
        company.write({"currency_id": cny.id})
        company.partner_id.lang = "zh_CN"
        self.coordinator = ref("cross_dept_collab.user_coordinator")
        self.initiator = ref("cross_dept_collab.user_mkt_user1")
        (self.coordinator | self.initiator).write({"lang": "zh_CN"})
        self.flow = ref("cross_dept_collab.collab_flow_default")
        self.flow.with_context(lang="zh_CN").name = FLOW_NAME_ZH
        # Finance: a department whose head, the Finance director, decides large budgets
        self.fin_head = new_test_user(
            self.env, "fin_head", groups=f"base.group_user,{GROUP_LEAD}", name="财务总监", lang="zh_CN"
        )
        self.dept_fin = self.env["hr.department"].create({"name": "财务部", "company_id": company.id})
        self.dept_fin.manager_id = self.env["hr.employee"].create(
            {
                "name": self.fin_head.name,
                "user_id": self.fin_head.id,
                "department_id": self.dept_fin.id,
                "company_id": company.id,
            }
        )
        self.steps_before = self.flow.step_ids

    def test_coordinator_adds_a_finance_review_the_finance_head_approves_from_his_activity(self):
        with tour_screenshots():
            self.start_tour("/odoo", "collab_flow_coordinator_adds_step_tour", login=self.coordinator.login)
        new_step = self.flow.step_ids - self.steps_before
        self.assertEqual(len(new_step), 1)
        self.assertRecordValues(
            new_step.with_context(lang="zh_CN"),
            [
                {
                    "name": FINANCE_STEP,
                    "kind": "extra_review",
                    "approver_rule": "department_head",
                    "department_id": self.dept_fin.id,
                    "time_limit_hours": 24,
                    "limit_action": "coordinator",
                }
            ],
        )
        self.assertEqual(new_step._collab_domain(), [("resource_budget", ">=", 500000)])
        self.assertEqual(
            self.flow.step_ids.sorted("sequence").mapped("kind"),
            ["pmo_review", "lead_confirmation", "department_reviews", "extra_review", "sponsor_approval"],
        )

        large = self.through_department_reviews("华东渠道扩张", 600_000)
        small = self.through_department_reviews("门店陈列更新", 100_000)
        self.assertEqual(large.state, "extra_review")
        self.assertEqual(large.waiting_on_ids, self.fin_head)
        self.assertEqual(large.with_context(lang="zh_CN").flow_step_name, FINANCE_STEP)
        self.assertEqual(small.state, "sponsor_approval")
        # the requests follow a frozen copy of the edited flow, with the new step
        version = large.flow_version_id
        self.assertEqual(version.version_of_id, self.flow)
        self.assertEqual(version.flow_state, "frozen")
        self.assertEqual(small.flow_version_id, version)
        frozen_step = version.step_ids.filtered(lambda s: s.kind == "extra_review")
        self.assertEqual(frozen_step.with_context(lang="zh_CN").name, FINANCE_STEP)
        self.assertEqual(frozen_step.department_id, self.dept_fin)
        self.assertEqual(frozen_step._collab_domain(), [("resource_budget", ">=", 500000)])
        self.assertNotIn(frozen_step.id, [entry["flow_step_id"] for entry in small.flow_path])
        # his activity is a decision: it offers him the step's choices and is not merely marked done
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "collab.request.step"),
                ("res_id", "in", large.sudo().step_ids.ids),
                ("activity_type_id", "=", self.env.ref(EXTRA_ACTIVITY).id),
            ]
        )
        self.assertEqual(activity.user_id, self.fin_head)
        info = activity.with_user(self.fin_head)._collab_decision_info()
        self.assertEqual([choice["key"] for choice in info["choices"]], ["approve", "return"])
        with self.assertRaisesRegex(UserError, "is closed by deciding"):
            activity.with_user(self.fin_head).with_context(lang="en_US").action_done()

        with tour_screenshots():
            self.start_tour("/odoo", "collab_flow_finance_head_approves_tour", login=self.fin_head.login)
            self.browser_size, self.touch_enabled = "390x844", True
            self.start_tour(
                f"/odoo/collab.request/{large.id}", "collab_flow_path_phone_tour", login=self.initiator.login
            )
        self.assertEqual(large.state, "sponsor_approval")
        extra = large.decision_ids.filtered(lambda d: d.action == "extra_approve")
        self.assertEqual(extra.user_id, self.fin_head)
        # the log names the step the request went to: the frozen version's sponsor approval
        self.assertEqual(extra.flow_step_id, version.step_ids.filtered(lambda s: s.kind == "sponsor_approval"))
        review = large.sudo().step_ids.filtered(lambda s: s.step == "extra_review")
        self.assertRecordValues(
            review, [{"flow_step_id": frozen_step.id, "user_id": self.fin_head.id, "state": "approved"}]
        )
        self.assertFalse(small.decision_ids.filtered(lambda d: d.action == "extra_approve"))
        self.assertEqual(small.state, "sponsor_approval")

    def through_department_reviews(self, title, budget):
        """A Marketing employee's request involving R&D and Sales, decided by the real deciders:
        the coordinator accepts it with Marketing leading, Marketing's head confirms, the heads of
        R&D and Sales approve their reviews."""
        ref = self.env.ref
        marketing, rd, sales = (ref(f"cross_dept_collab.{x}") for x in ("dept_marketing", "dept_rd", "dept_sales"))
        today = self.env.company.collab_today()
        request = (
            self.env["collab.request"]
            .with_user(self.initiator)
            .create(
                {
                    "title": title,
                    "request_type": "project",
                    "initiating_department_id": marketing.id,
                    "involved_department_ids": [Command.set((rd | sales).ids)],
                    "background": "华东区门店客流持续增长",
                    "goal": "新开渠道 30 家",
                    "scope": "渠道招募、培训、首批备货",
                    "date_expected": today + timedelta(days=90),
                    "priority": "high",
                    "resource_budget": budget,
                    "sponsor_id": ref("cross_dept_collab.user_sponsor").id,
                    "line_ids": [
                        Command.create(
                            {
                                "department_id": department.id,
                                "description": f"{department.name} 的交付",
                                "date_due": today + timedelta(days=30),
                            }
                        )
                        for department in rd | sales
                    ],
                }
            )
        )
        request.action_submit()
        request.with_user(self.coordinator).action_accept(marketing.id)
        request.with_user(marketing.manager_id.user_id).action_confirm_lead()
        self.assertEqual(request.state, "department_review")
        for department in rd | sales:
            approval = request.approval_ids.filtered(
                lambda a, department=department: a.department_id == department and a.round == request.review_round
            )
            approval.with_user(department.manager_id.user_id).action_approve("同意")
        return request
