"""The time limit of a flow step and what the system does when it passes: a company on the Chinese
calendar (National Day 1–7 October 2026, Saturday 10 October a make-up workday), a flow of the
coordinator's whose Finance review (after the department reviews, for budgets of 500,000 and more)
has 24 working hours. The request is driven by its real deciders; the cron acts as the system."""

from freezegun import freeze_time

from odoo import Command

from .test_flow_resolution import FlowCase, at
from .test_sla_calendar import working_hours

SHANGHAI = "Asia/Shanghai"
EXTRA = "cross_dept_collab.mail_activity_type_collab_extra_review"
APPROVAL = "cross_dept_collab.mail_activity_type_collab_approval"
REVISE = "cross_dept_collab.mail_activity_type_collab_revise"
ASKED = at(SHANGHAI, 2026, 9, 30, 10)
# 24 working hours = one working day to the same clock time; 1–7 October are off
FIRES = at(SHANGHAI, 2026, 10, 8, 10)
HOLIDAY = at(SHANGHAI, 2026, 10, 3, 15)


class TestFlowTimeLimits(FlowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env["resource.calendar"].create(working_hours("T Shanghai office", SHANGHAI))
        calendar.collab_load_public_holidays("CN", 2026)
        cls.env.company.resource_calendar_id = calendar
        cls.bot = cls.env.ref("base.user_root")

    def limit_flow(self, action, reviews=None):
        """The coordinator's flow: the standard steps, then Finance review (24 working hours,
        ``action`` at the limit) for budgets from 500,000, then the sponsor. ``reviews``: the
        department reviews' own limit action (24 working hours)."""
        coordinator_group = self.env.ref("cross_dept_collab.group_collab_coordinator")
        review_limit = {"time_limit_hours": 24, "limit_action": reviews} if reviews else {}
        return self.make_flow(
            [
                {
                    "name": "PMO Review",
                    "kind": "pmo_review",
                    "approver_rule": "group",
                    "group_id": coordinator_group.id,
                },
                {"name": "Lead Confirmation", "kind": "lead_confirmation", "approver_rule": "department_head"},
                {
                    "name": "Department Reviews",
                    "kind": "department_reviews",
                    "approver_rule": "department_head",
                    **review_limit,
                },
                {
                    "name": "Finance review",
                    "kind": "extra_review",
                    "approver_rule": "users",
                    "user_ids": [Command.set(self.finance_head.ids)],
                    "condition": "[('resource_budget', '>=', 500000)]",
                    "time_limit_hours": 24,
                    "limit_action": action,
                },
                {"name": "Sponsor Approval", "kind": "sponsor_approval", "approver_rule": "sponsor"},
            ]
        )

    def to_reviews(self):
        """A request of 600,000 submitted, accepted and its lead confirmed on Wed 30 Sep 10:00."""
        self.freeze_clock(ASKED)
        request = self.make_request(resource_budget=600_000)
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        request.with_user(self.mkt_head).action_confirm_lead()
        self.assertEqual(request.state, "department_review")
        return request

    def to_finance(self, action):
        self.limit_flow(action)
        request = self.to_reviews()
        self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_approve("R&D is in")
        self.approval_of(request, self.dept_sales).with_user(self.sales_head).action_approve("Sales is in")
        self.assertEqual(request.state, "extra_review")
        self.assertEqual(request.flow_step_name, "Finance review")
        return request, self.finance_step(request)

    def finance_step(self, request):
        return request.sudo().step_ids.filtered(lambda s: s.step == "extra_review")

    def run_cron(self, moment):
        with freeze_time(moment):
            return self.env["collab.request"]._cron_collab_time_limits()

    def text(self, action):
        return f"Decided by the system: the time limit of 24 working hours of step Finance review passed ({action})."

    # ------------------------------------------------------------------------------------------
    # Approve automatically
    # ------------------------------------------------------------------------------------------
    def test_approve_automatically_after_national_day(self):
        request, step = self.to_finance("approve")
        self.assertEqual(step.user_id, self.finance_head)
        self.assertEqual(step.deadline, FIRES, "Wed 30 Sep 10:00 + 24 working hours, 1–7 Oct off: Thu 8 Oct 10:00")
        self.assertEqual(request.stage_deadline, FIRES)
        log_before = request.decision_ids

        # during the holiday, and a minute before the limit: nothing
        self.assertEqual(self.run_cron(HOLIDAY), 0)
        self.assertEqual(self.run_cron(at(SHANGHAI, 2026, 10, 8, 9, 59)), 0)
        self.assertEqual((step.state, request.state), ("pending", "extra_review"))
        self.assertEqual(request.decision_ids, log_before)

        # at the limit the system approves: the request moves on to the sponsor
        self.assertEqual(self.run_cron(FIRES), 1)
        self.assertEqual(step.state, "approved")
        self.assertEqual(step.comment, self.text("Approve automatically"))
        self.assertEqual(step.limit_fired_on, FIRES)
        self.assertEqual(request.state, "sponsor_approval")
        self.assertEqual(
            self.activities_of(request, "cross_dept_collab.mail_activity_type_collab_sponsor_approval").user_id,
            self.sponsor,
        )
        self.assertFalse(self.activities_of(step, EXTRA), "the Finance head's activity is closed")
        line = request.decision_ids - log_before
        self.assertEqual(line.action, "extra_approve")
        self.assertEqual(line.user_id, self.bot, "the system, not a person, decided")
        self.assertEqual(line.reason, self.text("Approve automatically"))
        # which rule fired, then which step of the flow it decided
        self.assertEqual(line.changes_text, self.text("Approve automatically") + "\nStep 4: Finance review")
        self.assertTrue(any("Decided by the system" in str(m.body) for m in request.message_ids), "in the chatter too")
        self.assertEqual(request.flow_path[3]["state"], "done")
        # the log line keeps data: each reader reads it in their language (the step's name too)
        self.env["res.lang"]._activate_lang("zh_CN")
        step.flow_step_id.update_field_translations("name", {"zh_CN": "财务审核"})
        self.assertIn("财务审核", line.with_context(lang="zh_CN").changes_text)
        self.assertEqual(line.with_context(lang="zh_CN").reason, self.text("Approve automatically"))

        # a second run acts on nothing
        self.assertEqual(self.run_cron(at(SHANGHAI, 2026, 10, 8, 10, 15)), 0)
        self.assertEqual(request.decision_ids, log_before | line)

    def test_a_step_decided_meanwhile_is_left_alone(self):
        request, step = self.to_finance("approve")
        with freeze_time(at(SHANGHAI, 2026, 10, 8, 9)):
            step.with_user(self.finance_head).action_approve("Budget checked")
        self.assertEqual(request.state, "sponsor_approval")
        log_before = request.decision_ids
        self.assertEqual(self.run_cron(FIRES), 0)
        self.assertEqual(step.comment, "Budget checked")
        self.assertFalse(step.limit_fired_on)
        self.assertEqual(request.decision_ids, log_before)

    def test_a_withdrawn_request_is_left_alone(self):
        request, step = self.to_finance("approve")
        request.with_user(self.mkt_user).action_withdraw("Budget to be revised")
        self.assertEqual((request.state, step.state), ("draft", "superseded"))
        self.assertEqual(self.run_cron(FIRES), 0)
        self.assertEqual((request.state, step.state), ("draft", "superseded"))

    # ------------------------------------------------------------------------------------------
    # Return automatically, hand to the coordinator, remind only
    # ------------------------------------------------------------------------------------------
    def test_return_automatically_to_the_initiator(self):
        request, step = self.to_finance("return")
        self.assertEqual(self.run_cron(HOLIDAY), 0)
        self.assertEqual(self.run_cron(FIRES), 1)
        self.assertEqual(step.state, "returned")
        self.assertEqual(step.comment, self.text("Return automatically"))
        self.assertEqual(request.state, "draft")
        revise = self.activities_of(request, REVISE)
        self.assertEqual(revise.user_id, self.mkt_user, "the initiator revises and resubmits, as after any return")
        self.assertIn("Decided by the system", str(revise.note))
        line = request.decision_ids.filtered(lambda d: d.action == "return")
        self.assertEqual((line.user_id, line.reason), (self.bot, self.text("Return automatically")))
        self.assertEqual(line.changes_text, self.text("Return automatically"))
        self.assertEqual(self.run_cron(at(SHANGHAI, 2026, 10, 9, 10)), 0)

    def test_hand_to_the_coordinator(self):
        request, step = self.to_finance("coordinator")
        self.assertEqual(self.run_cron(HOLIDAY), 0)
        self.assertEqual(self.run_cron(FIRES), 1)
        self.assertEqual(step.state, "pending")
        self.assertEqual(step.user_id, self.coordinator, "the coordinator now holds the decision")
        self.assertIn(self.finance_head, step.previous_decider_ids)
        self.assertEqual(self.activities_of(step, EXTRA).user_id, self.coordinator)
        text = (
            "Handed to the coordinator Test Coordinator by the system: the time limit of 24 working hours of "
            "step Finance review passed (Hand to the coordinator)."
        )
        line = request.decision_ids.filtered(lambda d: d.action == "time_limit")
        self.assertEqual((line.user_id, line.reason, line.changes_text), (self.bot, text, text))
        self.assertEqual(request.state, "extra_review")
        # handed once: the next runs leave the coordinator's decision alone
        self.assertEqual(self.run_cron(at(SHANGHAI, 2026, 10, 9, 10)), 0)
        self.assertEqual(len(request.decision_ids.filtered(lambda d: d.action == "time_limit")), 1)
        # the coordinator decides as the Finance head would have
        with freeze_time(at(SHANGHAI, 2026, 10, 9, 11)):
            step.with_user(self.coordinator).action_approve("Approved for Finance")
        self.assertEqual(request.state, "sponsor_approval")

    def test_remind_only_decides_nothing(self):
        request, step = self.to_finance("remind")
        log_before = request.decision_ids
        self.assertEqual(self.run_cron(at(SHANGHAI, 2026, 10, 9, 10)), 0)
        self.assertEqual((step.state, step.user_id, request.state), ("pending", self.finance_head, "extra_review"))
        self.assertFalse(step.limit_fired_on)
        self.assertEqual(request.decision_ids, log_before)

    # ------------------------------------------------------------------------------------------
    # Department reviews
    # ------------------------------------------------------------------------------------------
    def test_department_reviews_approved_at_their_limit(self):
        self.limit_flow("remind", reviews="approve")
        request = self.to_reviews()
        approvals = request.current_approval_ids
        self.assertEqual(set(approvals.mapped("deadline")), {FIRES}, "the flow step's limit, not the company's hours")
        self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_approve("R&D is in")
        self.assertEqual(self.run_cron(HOLIDAY), 0)
        self.assertEqual(self.run_cron(FIRES), 1)
        sales = self.approval_of(request, self.dept_sales)
        self.assertEqual(sales.state, "approved")
        self.assertIn(
            "Decided by the system: the time limit of 24 working hours of step Department Reviews", sales.feedback
        )
        self.assertEqual(self.approval_of(request, self.dept_rd).feedback, "R&D is in")
        self.assertEqual(request.state, "extra_review", "all departments approved: on to the Finance review")
        line = request.decision_ids.filtered(lambda d: d.action == "reviews_complete")
        self.assertEqual(line.user_id, self.bot)
        self.assertIn("step Department Reviews passed (Approve automatically)", line.changes_text)

    def test_department_reviews_returned_at_their_limit(self):
        self.limit_flow("remind", reviews="return")
        request = self.to_reviews()
        self.assertEqual(self.run_cron(FIRES), 1)
        self.assertEqual(request.state, "draft")
        self.assertEqual(set(request.approval_ids.mapped("state")), {"changes_requested"})
        self.assertEqual(self.activities_of(request, REVISE).user_id, self.mkt_user)
        self.assertFalse(self.activities_of(request.approval_ids, APPROVAL))
