"""The request's own decisions — PMO review, lead confirmation, sponsor approval — as decision
records of the engine (``collab.request.step``), each operation as the user who does it."""

import base64
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import GROUP_COORDINATOR, GROUP_LEAD, GROUP_SPONSOR, GROUP_USER, RequestCase
from .migration import run_migration

REVIEW = "cross_dept_collab.mail_activity_type_collab_review"
LEAD = "cross_dept_collab.mail_activity_type_collab_lead_confirmation"
SPONSOR = "cross_dept_collab.mail_activity_type_collab_sponsor_approval"
START = datetime(2020, 5, 4, 9, 0, 0)


class StepCase(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator2 = new_test_user(cls.env, "t_coord2", groups=GROUP_COORDINATOR, name="Second Coordinator")
        cls.sponsor2 = new_test_user(cls.env, "t_sponsor2", groups=GROUP_SPONSOR, name="Second Sponsor")
        cls.mkt_deputy = new_test_user(cls.env, "t_mkt_deputy", groups=GROUP_LEAD, name="Marketing Deputy")
        cls.watcher = new_test_user(cls.env, "t_watcher", groups=GROUP_USER, name="CC Watcher")
        cls.Step = cls.env["collab.request.step"]
        cls.Decision = cls.env["collab.my.decision"]

    def step_of(self, request, step):
        return request.step_ids.filtered(lambda s: s.step == step and s.state == "pending")

    def in_sponsor_approval(self):
        request = self.make_request()
        self.bring_to_review(request)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        self.assertEqual(request.state, "sponsor_approval")
        return request

    def rows(self, user):
        return {(r.kind, r.res_model, r.res_id) for r in self.Decision.with_user(user).search([])}


class TestRequestSteps(StepCase):
    def test_each_stage_is_a_decision_record_asked_with_its_deadline_and_activity(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        review = self.step_of(request, "pmo_review")
        self.assertEqual(review.user_id, self.coordinator)
        hours = self.env.company.collab_review_hours
        self.assertEqual(review.deadline, review.date_asked + timedelta(hours=hours))
        self.assertEqual(self.activities_of(review, REVIEW).user_id, self.coordinator)
        self.assertEqual(request.waiting_on_ids, self.coordinator)
        self.assertIn(("pmo_review", "collab.request.step", review.id), self.rows(self.coordinator))

        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.assertEqual((review.state, review.lead_department_id), ("approved", self.dept_mkt))
        self.assertFalse(self.activities_of(review, REVIEW), "closed by the decision")
        lead = self.step_of(request, "lead_confirmation")
        self.assertEqual(lead.user_id, self.mkt_head)
        self.assertEqual(self.activities_of(lead, LEAD).user_id, self.mkt_head)
        self.assertEqual(request.waiting_on_ids, self.mkt_head)

        request.with_user(self.mkt_head).action_confirm_lead()
        self.assertEqual((lead.state, request.state), ("approved", "department_review"))

    def test_object_asks_the_pmo_again_and_returns_need_a_comment(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_rd.id)
        lead = self.step_of(request, "lead_confirmation")
        with self.assertRaisesRegex(UserError, "reason for your objection"):
            request.with_user(self.rd_head).action_object("  ")
        with self.assertRaisesRegex(UserError, "Please give the reason for your objection"):
            lead.with_user(self.rd_head).action_return()
        request.with_user(self.rd_head).action_object("Marketing should lead")
        self.assertEqual((lead.state, lead.comment), ("returned", "Marketing should lead"))
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self.step_of(request, "pmo_review").user_id, self.coordinator)
        with self.assertRaisesRegex(UserError, "Please give the reason for the rejection"):
            self.step_of(request, "pmo_review").with_user(self.coordinator).action_reject()
        request.with_user(self.coordinator).action_reject("Out of scope")
        self.assertEqual(request.state, "rejected")
        self.assertFalse(request.step_ids.filtered(lambda s: s.state == "pending"))

    def test_transfer_pmo_review_to_another_coordinator(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        review = self.step_of(request, "pmo_review")
        review.with_user(self.coordinator).action_transfer(self.coordinator2.id, "On leave this week")
        self.assertEqual(review.user_id, self.coordinator2)
        self.assertEqual(review.previous_decider_ids, self.coordinator)
        self.assertEqual(self.activities_of(review, REVIEW).user_id, self.coordinator2, "the activity follows")
        self.assertEqual(request.waiting_on_ids, self.coordinator2)
        self.assertIn(("pmo_review", "collab.request.step", review.id), self.rows(self.coordinator2))
        messages = request.message_ids.filtered(lambda m: "On leave this week" in (m.body or ""))
        self.assertTrue(messages, "who and why in the request's chatter")
        # the old coordinator keeps a read-only trace
        self.assertFalse(request.with_user(self.coordinator).can_review)
        with self.assertRaisesRegex(AccessError, "decide on"):
            request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.assertTrue(request.with_user(self.coordinator2).can_review)
        request.with_user(self.coordinator2).action_accept(self.dept_mkt.id)
        self.assertEqual(request.state, "lead_confirmation")
        log = request.decision_ids.filtered(lambda d: d.action == "accept")
        self.assertEqual(log.user_id, self.coordinator2)

    def test_transfer_refusals(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        lead = self.step_of(request, "lead_confirmation")
        # the head hands the confirmation to a deputy of the lead department only
        with self.assertRaisesRegex(AccessError, "head or deputy"):
            lead.with_user(self.mkt_head).action_transfer(self.rd_user.id, "Busy")
        with self.assertRaisesRegex(AccessError, "Only .*coordinator"):
            lead.with_user(self.rd_head).action_transfer(self.rd_head.id, "Mine now")
        self.dept_mkt.collab_deputy_ids = self.mkt_deputy
        lead.with_user(self.mkt_head).action_transfer(self.mkt_deputy.id, "Travelling")
        with self.assertRaisesRegex(AccessError, "decide on"):
            request.with_user(self.mkt_head).action_confirm_lead()
        lead.with_user(self.mkt_deputy).action_approve("We lead")
        self.assertEqual(request.state, "department_review")

    def test_sponsor_approval_with_an_attachment_creates_the_project(self):
        request = self.in_sponsor_approval()
        step = self.step_of(request, "sponsor_approval")
        self.assertEqual(self.activities_of(step, SPONSOR).user_id, self.sponsor)
        self.assertIn(("sponsor_approval", "collab.request.step", step.id), self.rows(self.sponsor))
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.sponsor)
            .create({"name": "budget-signed.pdf", "datas": base64.b64encode(b"%PDF signed")})
        )
        step.with_user(self.sponsor).action_approve("Budget signed", attachment_ids=[attachment.id])
        self.assertEqual((step.state, step.comment), ("approved", "Budget signed"))
        self.assertEqual(step.attachment_ids, attachment)
        self.assertEqual((attachment.res_model, attachment.res_id), ("collab.request.step", step.id))
        self.assertEqual(request.state, "approved")
        self.assertTrue(request.project_id)
        self.assertFalse(self.rows(self.sponsor) & {("sponsor_approval", "collab.request.step", step.id)})

    def test_sponsor_return_goes_to_second_coordination(self):
        request = self.in_sponsor_approval()
        with self.assertRaisesRegex(UserError, "reason for sending the request back"):
            request.with_user(self.sponsor).action_sponsor_return("")
        request.with_user(self.sponsor).action_sponsor_return("Cheaper please")
        self.assertEqual(request.state, "second_coordination")
        self.assertEqual(request.step_ids.filtered(lambda s: s.step == "sponsor_approval").state, "returned")
        self.assertEqual(request.waiting_on_ids, self.coordinator)

    def test_refusals_wrong_person_wrong_state_and_cc(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit(cc_user_ids=[self.watcher.id])
        review = self.step_of(request, "pmo_review")
        # the CC'd user reads the request and its decision, never decides
        self.assertEqual(review.with_user(self.watcher).read(["step"])[0]["step"], "pmo_review")
        with self.assertRaisesRegex(AccessError, "decide on"):
            request.with_user(self.watcher).action_accept(self.dept_mkt.id)
        with self.assertRaisesRegex(AccessError, "decide on"):
            review.with_user(self.watcher).action_approve(lead_department_id=self.dept_mkt.id)
        with self.assertRaisesRegex(AccessError, "Only .*coordinator"):
            review.with_user(self.watcher).action_transfer(self.watcher.id, "Let me")
        # wrong person
        for user in (self.mkt_user, self.mkt_head, self.sponsor):
            with self.subTest(user=user.name), self.assertRaisesRegex(AccessError, "decide on"):
                request.with_user(user).action_accept(self.dept_mkt.id)
        # wrong state: no sponsor approval or lead confirmation in PMO review
        with self.assertRaisesRegex(UserError, "cannot be approved while it is in state PMO Review"):
            request.with_user(self.sponsor).action_sponsor_approve()
        with self.assertRaisesRegex(UserError, "cannot be confirmed while it is in state PMO Review"):
            request.with_user(self.mkt_head).action_confirm_lead()
        # bad arguments
        with self.assertRaisesRegex(UserError, "(?i)lead department"):
            review.with_user(self.coordinator).action_approve(lead_department_id="Marketing")
        # a department outside the request is refused server-side, whatever the client offers
        outsider = self.env["hr.department"].create({"name": "Facilities", "company_id": self.env.company.id})
        with self.assertRaisesRegex(UserError, "Facilities is not one of the departments of"):
            review.with_user(self.coordinator).action_approve(lead_department_id=outsider.id)
        with self.assertRaisesRegex(UserError, "Facilities is not one of the departments of"):
            request.with_user(self.coordinator).action_accept(outsider.id)
        self.assertEqual(
            (review.state, request.state, request.lead_department_id), ("pending", "submitted", outsider.browse())
        )
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        # a decided step is no longer decidable
        with self.assertRaisesRegex(UserError, r"has already been decided \(Approved\)"):
            review.with_user(self.coordinator).action_approve(lead_department_id=self.dept_mkt.id)
        with self.assertRaisesRegex(UserError, "can no longer be transferred"):
            review.with_user(self.coordinator).action_transfer(self.coordinator2.id, "Too late")
        self.assertEqual(request.state, "lead_confirmation")

    def test_step_fields_are_the_workflows(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        review = self.step_of(request, "pmo_review")
        for vals in ({"state": "approved"}, {"user_id": self.mkt_user.id}, {"previous_decider_ids": [Command.set([])]}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "change only through its buttons"):
                review.with_user(self.coordinator).write(vals)
        with self.assertRaisesRegex(AccessError, "not allowed to delete"):
            review.with_user(self.coordinator).unlink()
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            review.with_user(self.mkt_user).write({"comment": "Not mine"})
        # the decider writes the comment, then decides from the form
        review.with_user(self.coordinator).write({"comment": "Incomplete budget"})
        review.with_user(self.coordinator).action_return()
        self.assertEqual(request.state, "draft")

    def test_add_approver_parallel_to_the_sponsor(self):
        request = self.in_sponsor_approval()
        step = self.step_of(request, "sponsor_approval")
        added = self.add_approver(step, self.sponsor, [self.sponsor2.id], "parallel", "Big budget")
        self.assertEqual(request.waiting_on_ids, self.sponsor | self.sponsor2)
        request.with_user(self.sponsor).action_sponsor_approve()
        self.assertEqual(request.state, "sponsor_approval", "the round waits for the added approver")
        self.assertEqual(request.waiting_on_ids, self.sponsor2)
        self.assertTrue(request.with_user(self.sponsor2).can_sponsor_approve)
        request.with_user(self.sponsor2).action_sponsor_approve()
        self.assertEqual(added.state, "approved")
        self.assertEqual(request.state, "approved")

    def test_add_approver_before_the_pmo_review_keeps_the_lead_department(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        review = self.step_of(request, "pmo_review")
        added = self.add_approver(review, self.coordinator, self.coordinator2.id, "after", "Second look")
        request.with_user(self.coordinator).action_accept(self.dept_rd.id)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.waiting_on_ids, self.coordinator2)
        added.with_user(self.coordinator2).action_approve("Agreed")
        self.assertEqual((request.state, request.lead_department_id), ("lead_confirmation", self.dept_rd))

    def test_delegation_moves_the_lead_confirmation(self):
        today = self.company_today()
        self.env["collab.delegation"].with_user(self.mkt_head).create(
            {"delegate_id": self.mkt_deputy.id, "date_start": today, "date_end": today + timedelta(days=3)}
        )
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        lead = self.step_of(request, "lead_confirmation")
        self.assertEqual((lead.user_id, lead.delegated_for_id), (self.mkt_deputy, self.mkt_head))
        self.assertEqual(self.activities_of(lead, LEAD).user_id, self.mkt_deputy)
        lead.with_user(self.mkt_deputy).action_approve()
        self.assertEqual(request.state, "department_review")

    def test_withdraw_and_urge_act_on_the_step(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        review = self.step_of(request, "pmo_review")
        activity = self.activities_of(review, REVIEW)
        self.assertGreaterEqual(activity.date_deadline, self.company_today(review))
        activity.sudo().unlink()
        request.with_user(self.mkt_user).action_urge("Please")
        activity = self.activities_of(review, REVIEW)
        self.assertEqual(activity.user_id, self.coordinator, "urging asks again")
        self.assertEqual(activity.date_deadline, self.company_today(review))
        request.with_user(self.mkt_user).action_withdraw()
        self.assertEqual((request.state, review.state), ("draft", "superseded"))
        self.assertFalse(self.activities_of(review, REVIEW))
        self.assertFalse(self.rows(self.coordinator) & {("pmo_review", "collab.request.step", review.id)})


class TestRequestStepChase(StepCase):
    def _logs(self, records, rule):
        return self.env["collab.reminder.log"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids), ("rule", "=", rule)]
        )

    def test_lead_confirmation_is_chased_and_escalated_by_the_generic_rules(self):
        hours = self.env.company.collab_lead_confirmation_hours
        with freeze_time(START):
            request = self.make_request()
            request.with_user(self.mkt_user).action_submit()
            request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        lead = self.step_of(request, "lead_confirmation")
        engine = self.env["collab.reminder.engine"]
        with freeze_time(START + timedelta(hours=hours - 1)):
            engine.run_batch(limit=1000)
        self.assertFalse(self._logs(lead, "request_step_overdue"))
        with freeze_time(START + timedelta(hours=hours + 1)):
            engine.run_batch(limit=1000)
            engine.run_batch(limit=1000)
        self.assertEqual(self._logs(lead, "request_step_overdue").recipient_ids, self.mkt_head)
        self.assertEqual(len(self._logs(lead, "request_step_overdue")), 1, "once")
        self.assertFalse(self._logs(lead, "request_step_escalate_coordinator"))
        with freeze_time(START + timedelta(hours=2 * hours + 1)):
            engine.run_batch(limit=1000)
        self.assertEqual(self._logs(lead, "request_step_escalate_coordinator").recipient_ids, self.coordinator)
        self.assertFalse(self._logs(lead, "request_step_escalate_sponsor"))
        with freeze_time(START + timedelta(hours=3 * hours + 1)):
            engine.run_batch(limit=1000)
        self.assertEqual(self._logs(lead, "request_step_escalate_sponsor").recipient_ids, self.sponsor)
        escalated = request.message_ids.filtered(lambda m: (m.subject or "").startswith("Escalation"))
        self.assertEqual(escalated.partner_ids, self.coordinator.partner_id | self.sponsor.partner_id)

    def test_a_decided_step_is_not_chased(self):
        with freeze_time(START):
            request = self.make_request()
            request.with_user(self.mkt_user).action_submit()
            request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
            request.with_user(self.mkt_head).action_confirm_lead()
        with freeze_time(START + timedelta(days=10)):
            self.env["collab.reminder.engine"].run_batch(limit=1000)
        self.assertFalse(self._logs(request.step_ids, "request_step_overdue"))


class TestMyApprovalsStandIns(StepCase):
    """My Approvals lists what a user may decide as a 或签 co-decider and as a delegate."""

    def test_co_decider_of_an_any_one_review_sees_and_decides_it(self):
        self.dept_rd.write({"collab_deputy_ids": [Command.set(self.mkt_deputy.ids)], "collab_approval_mode": "any"})
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        self.assertEqual(approval.co_decider_ids, self.mkt_deputy)
        self.assertIn(("department_review", "collab.approval", approval.id), self.rows(self.mkt_deputy))
        self.assertIn(("department_review", "collab.approval", approval.id), self.rows(self.rd_head))
        row = self.Decision.with_user(self.mkt_deputy).search([("res_id", "=", approval.id)])
        wizard = self.env["collab.decision.batch"].with_user(self.mkt_deputy).create({"decision_refs": row.ids})
        wizard.action_confirm()
        self.assertEqual((wizard.approved_count, approval.state), (1, "approved"))
        self.assertFalse(self.rows(self.rd_head) & {("department_review", "collab.approval", approval.id)})

    def test_active_delegate_sees_and_decides_before_the_engine_moved_it(self):
        # My Approvals reads PostgreSQL's clock: Python's stands on it
        self.env.cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        self.freeze_clock(self.env.cr.fetchone()[0])
        request = self.in_sponsor_approval()
        step = self.step_of(request, "sponsor_approval")
        tomorrow = self.company_today() + timedelta(days=1)
        self.env["collab.delegation"].with_user(self.sponsor).create(
            {"delegate_id": self.sponsor2.id, "date_start": tomorrow, "date_end": tomorrow + timedelta(days=3)}
        )
        self.assertEqual(step.user_id, self.sponsor, "not in effect yet")
        self.assertNotIn(("sponsor_approval", "collab.request.step", step.id), self.rows(self.sponsor2))
        # the day starts (the company's date now, which freezegun cannot move in PostgreSQL), before
        # the engine's run
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE collab_delegation SET date_start = %s WHERE user_id = %s", [self.company_today(), self.sponsor.id]
        )
        self.env.invalidate_all()
        self.assertIn(("sponsor_approval", "collab.request.step", step.id), self.rows(self.sponsor2))
        self.assertIn(("sponsor_approval", "collab.request.step", step.id), self.rows(self.sponsor))
        step.with_user(self.sponsor2).action_approve("For the sponsor")
        self.assertEqual(request.state, "approved")


class TestRequestStepMigration(StepCase):
    """Requests waiting in a stage when the module is updated to 18.0.2.2.0 get their step."""

    def test_requests_in_flight_get_their_step_and_lose_the_stage_activity(self):
        submitted = self.make_request(title="Submitted")
        submitted.with_user(self.mkt_user).action_submit()
        sponsor_req = self.in_sponsor_approval()
        requests = submitted | sponsor_req
        # as 18.0.2.0.0 left them: no step records, the stage's activity on the request
        self.env.cr.execute("DELETE FROM collab_request_step WHERE request_id IN %s", [tuple(requests.ids)])
        self.env.invalidate_all()
        submitted.sudo().activity_schedule(REVIEW, user_id=self.coordinator2.id)
        sponsor_req.sudo().activity_schedule(SPONSOR, user_id=self.sponsor.id)
        self.assertFalse(requests.step_ids)

        run_migration(self.env.cr, "18.0.2.2.0", "post", "18.0.2.1.0")
        self.env.invalidate_all()

        review = self.step_of(submitted, "pmo_review")
        self.assertEqual(review.user_id, self.coordinator2, "the decider the stage activity named")
        self.assertEqual(review.deadline, submitted.stage_deadline)
        self.assertFalse(submitted.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(REVIEW)))
        self.assertEqual(self.activities_of(review, REVIEW).user_id, self.coordinator2)
        approval = self.step_of(sponsor_req, "sponsor_approval")
        self.assertEqual(approval.user_id, self.sponsor)
        approval.with_user(self.sponsor).action_approve()
        self.assertEqual(sponsor_req.state, "approved")


class TestStepsFromTheActivity(StepCase):
    def test_lead_confirms_and_sponsor_sends_back_from_their_activity(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        lead = self.step_of(request, "lead_confirmation")
        activity = self.activities_of(lead, LEAD)
        # only the lead's head is offered the step's buttons; the PMO's review opens its dialog
        with self.assertRaisesRegex(UserError, "decide on"):  # AccessError included
            activity.with_user(self.rd_head).action_collab_decide("approve")
        activity.with_user(self.mkt_head).action_collab_decide("approve")
        self.assertEqual((lead.state, request.state), ("approved", "department_review"))

        request = self.in_sponsor_approval()
        sponsor = self.step_of(request, "sponsor_approval")
        activity = self.activities_of(sponsor, SPONSOR)
        with self.assertRaisesRegex(UserError, "Please give the reason for sending the request back"):
            activity.with_user(sponsor.user_id).action_collab_decide("return", {"comment": " "})
        activity.with_user(sponsor.user_id).action_collab_decide("return", {"comment": "Budget first"})
        self.assertEqual(sponsor.state, "returned")
        self.assertEqual(sponsor.comment, "Budget first")
        self.assertNotEqual(request.state, "sponsor_approval")
