from datetime import datetime, timedelta

from freezegun import freeze_time

from .common import RequestCase

# Before the demo data's own deadlines, so only this test's records are due.
START = datetime(2020, 5, 4, 9, 0, 0)


class TestRequestReminders(RequestCase):
    """The chase/escalation rules of the request's decisions, driven through the one reminder engine."""

    def setUp(self):
        super().setUp()
        self.engine = self.env["collab.reminder.engine"]
        self.Log = self.env["collab.reminder.log"]

    def _run(self, at):
        with freeze_time(at):
            return self.engine.run_batch(limit=1000)

    def _logs(self, records, rule):
        return self.Log.search([("res_model", "=", records._name), ("res_id", "in", records.ids), ("rule", "=", rule)])

    def _messages_to(self, records, user, subject=("Overdue", "Escalation")):
        """Reminder messages (not activity assignment notices) addressed to ``user``."""
        messages = self.env["mail.message"].search(
            [
                ("model", "=", records._name),
                ("res_id", "in", records.ids),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )
        return messages.filtered(lambda m: (m.subject or "").startswith(subject))

    def _request_in_review(self):
        with freeze_time(START):
            request = self.make_request()
            approvals = self.bring_to_review(request)
        return request, approvals

    def test_nothing_due_before_the_deadline(self):
        _request, approvals = self._request_in_review()
        self._run(START + timedelta(hours=47))
        self.assertFalse(self._logs(approvals, "approval_overdue"))

    def test_overdue_review_chases_approver_then_coordinator_then_sponsor_once(self):
        """The decision engine's chase: overdue → the approver; 2× the time → the coordinator;
        3× → the sponsor (the company's multipliers), each once."""
        request, approvals = self._request_in_review()
        rd_approval = self.approval_of(request, self.dept_rd)
        rd_approval.with_user(self.rd_head).action_approve("done in time")
        sales_approval = self.approval_of(request, self.dept_sales)

        self._run(START + timedelta(hours=49))
        logs = self._logs(approvals, "approval_overdue")
        self.assertEqual(logs.mapped("res_id"), sales_approval.ids, "only the undecided review is chased")
        self.assertEqual(logs.recipient_ids, self.sales_head)
        chased = self._messages_to(sales_approval, self.sales_head)
        self.assertEqual(len(chased), 1)
        self.assertIn("Overdue", chased.subject)
        self.assertFalse(self._messages_to(request, self.coordinator), "the coordinator is told at twice the time")
        self.assertFalse(self._messages_to(request, self.sponsor), "the sponsor is told at three times the time")

        # a second run (or a second worker) at the same or a later moment sends nothing new
        self._run(START + timedelta(hours=49))
        self._run(START + timedelta(hours=60))
        self.assertEqual(len(self._logs(approvals, "approval_overdue")), 1)
        self.assertEqual(len(self._messages_to(sales_approval, self.sales_head)), 1)

        # twice the time given (48 h): the coordinator, once
        self._run(START + timedelta(hours=97))
        self._run(START + timedelta(hours=98))
        coordinator_logs = self._logs(approvals, "approval_escalate_coordinator")
        self.assertEqual(coordinator_logs.recipient_ids, self.coordinator)
        self.assertEqual(len(self._messages_to(request, self.coordinator)), 1)
        self.assertFalse(self._messages_to(request, self.sponsor))

        # three times: the sponsor, once
        self._run(START + timedelta(hours=145))
        self._run(START + timedelta(hours=146))
        sponsor_logs = self._logs(approvals, "approval_escalate_sponsor")
        self.assertEqual(len(sponsor_logs), 1)
        self.assertEqual(sponsor_logs.recipient_ids, self.sponsor)
        self.assertEqual(len(self._messages_to(request, self.sponsor)), 1)

    def test_chasing_reasks_an_activity_closed_without_decision(self):
        request, _approvals = self._request_in_review()
        sales_approval = self.approval_of(request, self.dept_sales)
        sales_approval.sudo().activity_ids.unlink()
        self._run(START + timedelta(hours=49))
        activity = sales_approval.activity_ids
        self.assertEqual(activity.user_id, self.sales_head)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("cross_dept_collab.mail_activity_type_collab_approval")
        )

    def test_overdue_lead_confirmation_is_chased_and_escalated(self):
        """The lead confirmation is a decision record (collab.request.step): the generic rules."""
        with freeze_time(START):
            request = self.make_request()
            request.with_user(self.mkt_user).action_submit()
            request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        step = request.step_ids.filtered(lambda s: s.step == "lead_confirmation")
        self._run(START + timedelta(hours=25))
        self._run(START + timedelta(hours=26))
        logs = self._logs(step, "request_step_overdue")
        self.assertEqual(len(logs), 1)
        self.assertEqual(logs.recipient_ids, self.mkt_head)
        self.assertEqual(len(self._messages_to(step, self.mkt_head)), 1)
        self._run(START + timedelta(hours=49))
        self.assertEqual(self._logs(step, "request_step_escalate_coordinator").recipient_ids, self.coordinator)
        self._run(START + timedelta(hours=73))
        self._run(START + timedelta(hours=74))
        self.assertEqual(len(self._logs(step, "request_step_escalate_sponsor")), 1)
        self.assertEqual(len(self._messages_to(request, self.sponsor)), 1)

    def test_a_decided_request_is_no_longer_chased(self):
        with freeze_time(START):
            request = self.make_request()
            request.with_user(self.mkt_user).action_submit()
            request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
            request.with_user(self.mkt_head).action_confirm_lead()
        self._run(START + timedelta(hours=30))
        self.assertFalse(self._logs(request.step_ids, "request_step_overdue"))

    def test_crash_mid_batch_then_restart_reminds_each_once(self):
        requests = self.env["collab.request"]
        with freeze_time(START):
            for _i in range(3):
                request = self.make_request()
                self.bring_to_review(request)
                requests |= request
        approvals = requests.approval_ids
        self.assertEqual(len(approvals), 6)
        at = START + timedelta(hours=49)

        # first batch of 2 commits; the next batch crashes half-way and rolls back
        done, remaining = self._run_limited(at, 2)
        self.assertEqual((done, remaining), (2, 4))
        Approval = self.env.registry["collab.approval"]
        original = Approval._remind_decision_overdue

        def crashing(records, rule):
            original(records, rule)
            raise RuntimeError("worker killed")

        Approval._remind_decision_overdue = crashing
        try:
            with self.assertRaises(RuntimeError), self.cr.savepoint():
                self._run_limited(at, 2)
        finally:
            Approval._remind_decision_overdue = original
        self.assertEqual(len(self._logs(approvals, "approval_overdue")), 2)

        # restart: the rest is sent, nothing twice
        while self._run_limited(at, 2)[1]:
            pass
        logs = self._logs(approvals, "approval_overdue")
        self.assertEqual(len(logs), 6)
        self.assertEqual(sorted(logs.mapped("res_id")), sorted(approvals.ids))
        for approval in approvals:
            self.assertEqual(len(self._messages_to(approval, approval.approver_id)), 1)

    def _run_limited(self, at, limit):
        with freeze_time(at):
            return self.engine.run_batch(limit=limit)

    def test_cron_is_registered_and_runs(self):
        cron = self.env.ref("cross_dept_collab.ir_cron_collab_reminders")
        self.assertEqual(cron.code.strip(), "model._cron_run_reminders()")
        _request, approvals = self._request_in_review()
        with freeze_time(START + timedelta(hours=49)):
            cron.method_direct_trigger()
        self.assertEqual(len(self._logs(approvals, "approval_overdue")), 2)

    def test_safety_net_leaves_open_and_completed_review_rounds_alone(self):
        """The engine's safety net applies a complete round only when its transition did not
        happen: a round still waiting for a department and a round that moved on are left alone."""
        request, _approvals = self._request_in_review()
        with freeze_time(START + timedelta(minutes=30)):
            self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_approve()
        self._run(START + timedelta(hours=1))
        self.assertEqual(request.state, "department_review")
        self.assertFalse(self._logs(request, "request_outcome_review_round"))
        with freeze_time(START + timedelta(minutes=90)):
            self.approval_of(request, self.dept_sales).with_user(self.sales_head).action_approve()
        self.assertEqual(request.state, "sponsor_approval")
        self._run(START + timedelta(hours=2))
        self.assertEqual(request.state, "sponsor_approval")
        self.assertFalse(self._logs(request, "request_outcome_review_round"))
        self.assertEqual(len(request.decision_ids.filtered(lambda d: d.action == "reviews_complete")), 1)
