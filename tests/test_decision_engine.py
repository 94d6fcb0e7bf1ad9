"""The decision engine: transfer 转交, add approver 加签, 会签/或签 per department,
delegation 代理, attachments and the generic chase/escalation — each as the user who does it."""

import base64
import xmlrpc.client
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user

from .common import GROUP_LEAD, GROUP_USER, PlanCase, RequestCase

APPROVAL_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_approval"
START = datetime(2020, 5, 4, 9, 0, 0)


class TestDecisionEngine(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rd_deputy = new_test_user(cls.env, "t_rd_deputy", groups=GROUP_LEAD, name="T R&D Deputy", lang="en_US")
        cls.outsider = new_test_user(cls.env, "t_outsider", groups=GROUP_USER, name="T Outsider")
        cls.env["hr.employee"].create(
            {"name": cls.rd_deputy.name, "user_id": cls.rd_deputy.id, "department_id": cls.dept_rd.id}
        )

    def _in_review(self, departments=None):
        request = self.make_request(departments=departments)
        self.bring_to_review(request)
        # named deputy after the round opened: the reviews stay the head's alone
        self.dept_rd.collab_deputy_ids = self.rd_deputy
        return request

    def _messages(self, record, text):
        return self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id), ("body", "ilike", text)]
        )

    # ------------------------------------------------------------------------------------------
    # Transfer 转交
    # ------------------------------------------------------------------------------------------
    def test_transfer_to_deputy_moves_decision_activity_and_trace(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        approval.with_user(self.rd_head).action_transfer(self.rd_deputy.id, "On a business trip")
        self.assertEqual(approval.approver_id, self.rd_deputy)
        self.assertEqual(approval.previous_decider_ids, self.rd_head)
        activities = self.activities_of(approval, APPROVAL_ACTIVITY)
        self.assertEqual(activities.user_id, self.rd_deputy, "the activity follows the decision")
        # who / why in the chatter of the review and of the request
        self.assertTrue(self._messages(approval, "On a business trip"))
        self.assertTrue(self._messages(request, "On a business trip"))
        # the old decider keeps reading it; the new one decides
        self.assertEqual(approval.with_user(self.rd_head).read(["approver_id"])[0]["approver_id"][0], self.rd_deputy.id)
        approval.with_user(self.rd_deputy).action_approve("Fine")
        self.assertEqual(approval.state, "approved")

    def test_collaboration_user_it_was_transferred_to_types_feedback_on_the_form(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        # the coordinator asks an expert who is no department lead
        approval.with_user(self.coordinator).action_transfer(self.outsider.id, "Expert opinion")
        # the form saves what the expert types (feedback, proposed date) …
        approval.with_user(self.outsider).write(
            {"feedback": "Feasible with two engineers", "resources_needed": "2 FTE"}
        )
        # … but nobody else's, and not the workflow's fields
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            approval.with_user(self.rd_user).write({"feedback": "Not mine to say"})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            approval.with_user(self.outsider).write({"state": "approved"})
        approval.with_user(self.outsider).action_approve()
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.feedback, "Feasible with two engineers")
        # decided: the form is closed to them too
        with self.assertRaisesRegex(UserError, "can no longer be edited"):
            approval.with_user(self.outsider).write({"feedback": "Changed my mind"})

    def test_transfer_refusals(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        with self.assertRaisesRegex(AccessError, "Only .*coordinator"):  # not the decider
            approval.with_user(self.sales_head).action_transfer(self.rd_deputy.id, "Mine now")
        with self.assertRaisesRegex(AccessError, "head or deputy"):  # a decider hands it only to a head or deputy
            approval.with_user(self.rd_head).action_transfer(self.outsider.id, "Please")
        with self.assertRaisesRegex(UserError, "reason is required"):  # why?
            approval.with_user(self.rd_head).action_transfer(self.rd_deputy.id, "  ")
        for bad, reason in (
            ("x", "decider"),
            (-3, "decider"),
            (10**12, "decider"),
            ([self.rd_deputy.id, self.outsider.id], "one person"),
            (self.portal_user().id, "cannot decide"),
        ):
            with self.assertRaisesRegex(UserError, reason):
                approval.with_user(self.rd_head).action_transfer(bad, "Bad argument")
        with self.assertRaisesRegex(UserError, "already decide"):  # already theirs
            approval.with_user(self.rd_head).action_transfer(self.rd_head.id, "Me")
        # the coordinator may hand it to anyone
        approval.with_user(self.coordinator).action_transfer(self.outsider.id, "Expert opinion")
        self.assertEqual(approval.approver_id, self.outsider)
        approval.with_user(self.outsider).action_approve()
        with self.assertRaisesRegex(UserError, "can no longer be transferred"):  # decided
            approval.with_user(self.coordinator).action_transfer(self.rd_deputy.id, "Too late")

    def test_transfer_and_add_approver_through_the_dialog(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd).with_user(self.rd_head)
        action = approval.action_open_transfer_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.rd_head).with_context(action["context"])
        Wizard.create({"user_id": self.rd_deputy.id, "reason": "Holiday"}).action_confirm()
        self.assertEqual(approval.approver_id, self.rd_deputy)
        approval = approval.with_user(self.rd_deputy)
        action = approval.action_open_add_approver_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.rd_deputy).with_context(action["context"])
        Wizard.create(
            {"user_ids": [Command.set(self.outsider.ids)], "mode": "before", "reason": "Legal"}
        ).action_confirm()
        self.assertEqual(approval.waiting_for, self.outsider.name)
        with self.assertRaisesRegex(UserError, "Choose who should decide"):  # nobody chosen
            Wizard.create({"reason": "Nobody"}).action_confirm()

    def test_transfer_of_an_acceptance_by_one_acceptor(self):
        project = self.make_project()
        task = self.make_deliverable(project)
        task.with_user(self.rd_user).action_submit_for_acceptance()
        self.dept_rd.collab_deputy_ids = self.rd_deputy
        acceptance = task.acceptance_ids
        acceptor = acceptance.acceptor_ids[:1]
        self.assertTrue(acceptor)
        others = acceptance.acceptor_ids - acceptor
        acceptance.with_user(acceptor).action_transfer(self.rd_deputy.id, "My deputy checks it")
        self.assertEqual(acceptance.acceptor_ids, others | self.rd_deputy, "only the transferring acceptor leaves")
        self.assertIn(acceptor, acceptance.previous_decider_ids)
        acceptance.with_user(self.rd_deputy).action_pass("Good")
        self.assertEqual(acceptance.result, "pass")

    def portal_user(self):
        return new_test_user(self.env, "t_portal_engine", groups="base.group_portal", name="Portal")

    def test_decision_engine_fields_are_not_writable(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        for vals in (
            {"previous_decider_ids": [Command.link(self.sales_head.id)]},
            {"decision_step": -5},
            {"delegated_for_id": self.sales_head.id},
        ):
            with self.assertRaisesRegex(UserError, "change only through its buttons"):
                approval.with_user(self.rd_head).write(vals)

    # ------------------------------------------------------------------------------------------
    # Add approver 加签
    # ------------------------------------------------------------------------------------------
    def test_add_approver_before_blocks_mine_until_theirs(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        added = self.add_approver(approval, self.rd_head, [self.outsider.id], "before", "Legal check")
        self.assertEqual(added.approver_id, self.outsider)
        self.assertEqual((added.round, added.add_mode, added.added_by_id), (approval.round, "before", self.rd_head))
        self.assertFalse(self.activities_of(approval, APPROVAL_ACTIVITY), "mine waits: not asked now")
        self.assertEqual(self.activities_of(added, APPROVAL_ACTIVITY).user_id, self.outsider)
        self.assertFalse(approval.with_user(self.rd_head).can_decide)
        self.assertEqual(approval.waiting_for, self.outsider.name)
        with self.assertRaisesRegex(UserError, "waits for T Outsider to decide first"):
            approval.with_user(self.rd_head).action_approve()
        self.assertTrue(self._messages(request, "Legal check"))
        added.with_user(self.outsider).action_approve("No legal issue")
        self.assertEqual(self.activities_of(approval, APPROVAL_ACTIVITY).user_id, self.rd_head, "asked again")
        approval.with_user(self.rd_head).action_approve()
        self.approval_of(request, self.dept_sales).with_user(self.sales_head).action_approve()
        self.assertEqual(request.state, "sponsor_approval")

    def test_add_approver_after_is_asked_once_mine_is_approved_and_round_waits(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        added = self.add_approver(approval, self.rd_head, self.rd_deputy.id, "after", "Second look")
        self.assertFalse(self.activities_of(added, APPROVAL_ACTIVITY), "not asked before mine is approved")
        with self.assertRaisesRegex(UserError, "waits for T R&D Head to decide first"):
            added.with_user(self.rd_deputy).action_approve()
        self.approval_of(request, self.dept_sales).with_user(self.sales_head).action_approve()
        approval.with_user(self.rd_head).action_approve()
        self.assertEqual(request.state, "department_review", "the round waits for the added approver")
        self.assertEqual(self.activities_of(added, APPROVAL_ACTIVITY).user_id, self.rd_deputy)
        added.with_user(self.rd_deputy).action_approve()
        self.assertEqual(request.state, "sponsor_approval")

    def test_add_approver_after_is_withdrawn_when_mine_is_rejected(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        added = self.add_approver(approval, self.coordinator, self.rd_deputy.id, "after", "Check")
        approval.with_user(self.rd_head).action_reject("Not feasible")
        self.assertEqual(added.state, "superseded")
        self.assertEqual(request.state, "second_coordination")

    def test_add_approver_parallel_on_a_signoff(self):
        project = self.make_project()
        project.with_user(self.coordinator).action_request_charter_signoff()
        signoffs = project.signoff_ids
        mine = signoffs.filtered(lambda s: s.user_id == self.rd_head)
        added = self.add_approver(mine, self.rd_head, [self.rd_deputy.id], "parallel", "Co-sign")
        self.assertEqual((added.kind, added.project_id), ("charter", project))
        self.assertEqual(
            self.activities_of(added, "cross_dept_collab.mail_activity_type_collab_signoff").user_id, self.rd_deputy
        )
        for signoff in signoffs:
            signoff.with_user(signoff.user_id).action_sign()
        self.assertNotEqual(project.charter_state, "confirmed", "the added signer is part of the charter round")
        added.with_user(self.rd_deputy).action_sign()
        self.assertEqual(project.charter_state, "confirmed")

    def test_add_approver_refusals(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        with self.assertRaisesRegex(AccessError, "Only .*coordinator"):
            approval.with_user(self.sales_head).action_add_approver([self.outsider.id], "before", "Mine")
        with self.assertRaisesRegex(UserError, "[Mm]ode"):
            approval.with_user(self.rd_head).action_add_approver([self.outsider.id], "sideways", "Bad mode")
        with self.assertRaisesRegex(UserError, "already decide"):
            approval.with_user(self.rd_head).action_add_approver([self.rd_head.id], "parallel", "Myself")
        with self.assertRaisesRegex(UserError, "at least one"):
            approval.with_user(self.rd_head).action_add_approver([], "parallel", "Nobody")
        # an acceptance is one record per round, decided by its group as one: transfer it instead
        # (change requests take added approvers: tests/test_change_request_cosign.py)
        project = self.make_project()
        task = self.make_deliverable(project)
        task.with_user(self.rd_user).action_submit_for_acceptance()
        acceptance = task.acceptance_ids
        acceptor = acceptance.acceptor_ids[:1]
        with self.assertRaises(UserError) as caught:
            acceptance.with_user(acceptor).action_add_approver([self.outsider.id], "parallel", "Help")
        self.assertIn("transfer it instead", str(caught.exception))

    # ------------------------------------------------------------------------------------------
    # 会签 / 或签
    # ------------------------------------------------------------------------------------------
    def test_department_any_one_review_first_decision_counts(self):
        self.dept_rd.write({"collab_approval_mode": "any", "collab_deputy_ids": [Command.set(self.rd_deputy.ids)]})
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        self.assertEqual(len(approval), 1)
        self.assertEqual(approval.co_decider_ids, self.rd_deputy)
        self.assertEqual(self.activities_of(approval, APPROVAL_ACTIVITY).user_id, self.rd_head | self.rd_deputy)
        approval.with_user(self.rd_deputy).action_approve("For R&D")
        self.assertEqual(approval.state, "approved")
        self.assertFalse(self.activities_of(approval, APPROVAL_ACTIVITY), "the others' activities are closed")

    def test_delegation_of_a_co_decider_keeps_the_head(self):
        self.dept_rd.write({"collab_approval_mode": "any", "collab_deputy_ids": [Command.set(self.rd_deputy.ids)]})
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        self._delegate(self.rd_deputy, self.outsider)
        self.assertEqual(approval.approver_id, self.rd_head)
        self.assertEqual(approval.co_decider_ids, self.outsider)
        self.assertEqual(self.activities_of(approval, APPROVAL_ACTIVITY).user_id, self.rd_head | self.outsider)
        approval.with_user(self.outsider).action_approve("For the deputy")
        self.assertEqual(approval.state, "approved")

    def test_department_all_everyone_reviews(self):
        self.dept_rd.write({"collab_approval_mode": "all", "collab_deputy_ids": [Command.set(self.rd_deputy.ids)]})
        request = self._in_review()
        approvals = self.approval_of(request, self.dept_rd)
        self.assertEqual(approvals.approver_id, self.rd_head | self.rd_deputy)
        self.approval_of(request, self.dept_sales).with_user(self.sales_head).action_approve()
        approvals.filtered(lambda a: a.approver_id == self.rd_head).with_user(self.rd_head).action_approve()
        self.assertEqual(request.state, "department_review")
        approvals.filtered(lambda a: a.approver_id == self.rd_deputy).with_user(self.rd_deputy).action_approve()
        self.assertEqual(request.state, "sponsor_approval")

    # ------------------------------------------------------------------------------------------
    # Delegation 代理
    # ------------------------------------------------------------------------------------------
    def _delegate(self, user, delegate, by=None, days=3, **values):
        today = self.company_today()
        return (
            self.env["collab.delegation"]
            .with_user(by or user)
            .create(
                {
                    "user_id": user.id,
                    "delegate_id": delegate.id,
                    "date_start": today,
                    "date_end": today + timedelta(days=days),
                    "reason": "Holiday",
                    **values,
                }
            )
        )

    def test_delegation_moves_pending_and_new_decisions_and_back(self):
        request = self._in_review()
        self.dept_rd.collab_deputy_ids = False
        approval = self.approval_of(request, self.dept_rd)
        delegation = self._delegate(self.rd_head, self.rd_deputy)
        self.assertEqual(approval.approver_id, self.rd_deputy)
        self.assertEqual(approval.delegated_for_id, self.rd_head)
        self.assertEqual(self.activities_of(approval, APPROVAL_ACTIVITY).user_id, self.rd_deputy)
        self.assertTrue(self._messages(approval, "Deputy for T R&amp;D Head (delegation)"))
        # a new decision of the delegating user is asked of the delegate at once
        other = self._in_review()
        self.assertEqual(self.approval_of(other, self.dept_rd).approver_id, self.rd_deputy)
        # when it ends, pending decisions go back
        delegation.with_user(self.rd_head).active = False
        self.assertEqual(approval.approver_id, self.rd_head)
        self.assertFalse(approval.delegated_for_id)
        self.assertEqual(self.activities_of(approval, APPROVAL_ACTIVITY).user_id, self.rd_head)
        self.assertEqual(self.approval_of(other, self.dept_rd).approver_id, self.rd_head)

    def test_delegation_chain_resolves_and_cycles_are_refused(self):
        self._delegate(self.rd_head, self.rd_deputy)
        self._delegate(self.rd_deputy, self.outsider)
        self.dept_rd.collab_deputy_ids = False
        responsibility = self.env["collab.responsibility"]
        self.assertEqual(responsibility.resolve_decider(self.rd_head), self.outsider)
        self.assertEqual(
            responsibility.resolve_decider(self.rd_head, self.company_today() + timedelta(days=9)), self.rd_head
        )
        request = self._in_review()
        self.assertEqual(self.approval_of(request, self.dept_rd).approver_id, self.outsider)
        with self.assertRaisesRegex(ValidationError, "loop"):
            self._delegate(self.outsider, self.rd_head, by=self.coordinator)

    def test_delegation_who_may_set_it(self):
        with self.assertRaisesRegex(AccessError, "yourself|others"):  # only for oneself
            self._delegate(self.rd_head, self.rd_deputy, by=self.sales_head)
        with self.assertRaisesRegex(AccessError, "time off"):
            self._delegate(self.rd_head, self.rd_deputy, source="time_off")
        mine = self._delegate(self.rd_head, self.rd_deputy)
        # the record rule speaks first on a cold cache (RPC), the delegation's own check on a warm one
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access|yourself"):
            mine.with_user(self.sales_head).write({"reason": "Mine"})
        self.assertFalse(
            self.env["collab.delegation"].with_user(self.sales_head).search([("id", "=", mine.id)]),
            "someone else's delegation is not visible",
        )
        self.assertEqual(self.env["collab.delegation"].with_user(self.rd_deputy).search([("id", "=", mine.id)]), mine)
        theirs = self._delegate(self.sales_head, self.sales_user, by=self.coordinator)
        self.assertEqual(theirs.user_id, self.sales_head)
        with self.assertRaisesRegex(ValidationError, "themselves|oneself|yourself"):  # to oneself / dates reversed
            self._delegate(self.rd_user, self.rd_user)
        with self.assertRaisesRegex(ValidationError, "ends? .*start"):
            self._delegate(self.rd_user, self.rd_head, days=-2)

    def test_delegation_starts_and_ends_by_date_through_the_reminder_engine(self):
        request = self._in_review()
        self.dept_rd.collab_deputy_ids = False
        approval = self.approval_of(request, self.dept_rd)
        today = self.company_today()
        self._delegate(
            self.rd_head, self.rd_deputy, date_start=today + timedelta(days=1), date_end=today + timedelta(days=2)
        )
        self.assertEqual(approval.approver_id, self.rd_head, "not in effect yet")
        engine = self.env["collab.reminder.engine"]
        with freeze_time(today + timedelta(days=1, hours=1)):
            engine.run_batch(limit=1000)
        self.assertEqual(approval.approver_id, self.rd_deputy)
        with freeze_time(today + timedelta(days=3, hours=1)):
            engine.run_batch(limit=1000)
        self.assertEqual(approval.approver_id, self.rd_head)

    # ------------------------------------------------------------------------------------------
    # Attachments
    # ------------------------------------------------------------------------------------------
    def test_decide_with_attachments(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.rd_head)
            .create({"name": "estimate.txt", "datas": base64.b64encode(b"3 weeks")})
        )
        with self.assertRaisesRegex(UserError, "Attachments"):
            approval.with_user(self.rd_head).action_approve("OK", attachment_ids=["estimate"])
        approval.with_user(self.rd_head).action_approve("OK", attachment_ids=[attachment.id])
        self.assertEqual(approval.attachment_ids, attachment)
        self.assertEqual((attachment.res_model, attachment.res_id), ("collab.approval", approval.id))

    def _file(self, user, name, **values):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": name, "datas": base64.b64encode(b"content"), **values})
        )

    def _review_form(self, approval, user):
        """The review as its form reads it (the web client's web_read, with its files)."""
        return approval.with_user(user).web_read({"feedback": {}, "attachment_ids": {"fields": {"name": {}}}})[0]

    def test_a_file_the_decider_may_not_read_is_refused(self):
        """The Sales head links an R&D member's file of a draft request (which he may not read)."""
        draft = self.make_request(
            user=self.rd_user, departments=self.dept_mkt, initiating_department_id=self.dept_rd.id
        )
        secret = self._file(self.rd_user, "secret.txt", res_model="collab.request", res_id=draft.id)
        request = self._in_review()
        approval = self.approval_of(request, self.dept_sales)
        with self.assertRaisesRegex(AccessError, "You may not read the attachment"):
            approval.with_user(self.sales_head).action_approve("OK", attachment_ids=[secret.id])
        self.assertEqual(approval.state, "pending")
        self.assertEqual((secret.res_model, secret.res_id), ("collab.request", draft.id))
        # the review's readers open it, with the files it does have
        mine = self._file(self.sales_head, "estimate.txt")
        approval.with_user(self.sales_head).action_approve("OK", attachment_ids=[mine.id])
        for reader in (self.mkt_user, self.sales_head, self.coordinator):
            with self.subTest(reader=reader.login):
                form = self._review_form(approval, reader)
                self.assertEqual([file["name"] for file in form["attachment_ids"]], ["estimate.txt"])

    def test_a_file_of_another_record_or_a_public_file_is_refused_and_left_alone(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        # readable by the R&D head (he reads the request), but the request's file: it stays the request's
        on_request = self._file(self.env.user, "brief.txt", res_model="collab.request", res_id=request.id)
        with self.assertRaisesRegex(UserError, "belongs to another document"):
            approval.with_user(self.rd_head).action_approve("OK", attachment_ids=[on_request.id])
        # a public file of the superuser (a logo, a website image): never moved to the review
        public = self.env["ir.attachment"].create({"name": "logo.png", "public": True, "datas": base64.b64encode(b"x")})
        with self.assertRaisesRegex(UserError, "was not uploaded by you"):
            approval.with_user(self.rd_head).action_approve("OK", attachment_ids=[public.id])
        self.assertEqual((on_request.res_model, on_request.res_id), ("collab.request", request.id))
        self.assertEqual((public.res_model, public.res_id, public.public), (False, 0, True))
        self.assertEqual(approval.state, "pending")

    # ------------------------------------------------------------------------------------------
    # Generic chase and escalation
    # ------------------------------------------------------------------------------------------
    def _logs(self, records, rule):
        return self.env["collab.reminder.log"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids), ("rule", "=", rule)]
        )

    def _chase(self, records, prefix, decider, sponsor):
        engine = self.env["collab.reminder.engine"]
        with freeze_time(START + timedelta(hours=49)):
            engine.run_batch(limit=1000)
        self.assertEqual(self._logs(records, f"{prefix}_overdue").recipient_ids, decider)
        self.assertFalse(self._logs(records, f"{prefix}_escalate_coordinator"))
        with freeze_time(START + timedelta(hours=97)):
            engine.run_batch(limit=1000)
        self.assertEqual(self._logs(records, f"{prefix}_escalate_coordinator").recipient_ids, self.coordinator)
        self.assertFalse(self._logs(records, f"{prefix}_escalate_sponsor"))
        with freeze_time(START + timedelta(hours=145)):
            engine.run_batch(limit=1000)
        self.assertEqual(self._logs(records, f"{prefix}_escalate_sponsor").recipient_ids, sponsor)

    def test_signoff_is_chased_and_escalated(self):
        with freeze_time(START):
            project = self.make_project()
            project.with_user(self.coordinator).action_request_charter_signoff()
        signoff = project.signoff_ids.filtered(lambda s: s.user_id == self.rd_head)
        for other in project.signoff_ids - signoff:
            other.with_user(other.user_id).action_sign()
        self._chase(signoff, "signoff", self.rd_head, self.sponsor)

    def test_acceptance_is_chased_and_escalated_with_company_multipliers(self):
        self.env.company.write({"collab_decision_coordinator_factor": 2, "collab_decision_sponsor_factor": 3})
        with self.assertRaisesRegex(ValidationError, "Escalation multipliers"), self.cr.savepoint():
            self.env.company.collab_decision_sponsor_factor = 1.5
        with freeze_time(START):
            project = self.make_project()
            task = self.make_deliverable(project, START.date())
            task.with_user(self.rd_user).action_submit_for_acceptance()
        acceptance = task.acceptance_ids
        self._chase(acceptance, "acceptance", acceptance.acceptor_ids, self.sponsor)

    # ------------------------------------------------------------------------------------------
    # Performance
    # ------------------------------------------------------------------------------------------
    def test_deciding_one_review_of_a_five_department_round_is_bounded(self):
        departments = self.departments
        for code in ("fin", "ops"):
            head = new_test_user(self.env, f"t_{code}_head_q", groups=GROUP_LEAD, name=f"{code} head")
            department = self.env["hr.department"].create({"name": f"T {code}"})
            department.manager_id = self.env["hr.employee"].create(
                {"name": head.name, "user_id": head.id, "department_id": department.id}
            )
            departments |= department
        request = self._in_review(departments=departments - self.dept_mkt | self.dept_mkt)
        self.assertEqual(len(request.current_approval_ids), 5)
        approval = self.approval_of(request, self.dept_rd).with_user(self.rd_head)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(60):
            approval.action_approve("Fine")
        self.assertEqual(approval.state, "approved")


class TestAddApproverOverXmlRpc(HttpCase):
    """Over real XML-RPC, as the department head who adds: the call answers (True), it does not
    end in "cannot marshal" after the added approval was committed."""

    def test_head_adds_an_approver_over_xmlrpc(self):
        request = self.env.ref("cross_dept_collab.request_618")
        head = self.env.ref("cross_dept_collab.user_sales_head")
        colleague = self.env.ref("cross_dept_collab.user_sales_user1")
        approval = request.approval_ids.filtered(lambda a: a.state == "pending" and a.approver_id == head)
        self.assertEqual(len(approval), 1)
        head.password = "sales-head-password"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, head.login, "sales-head-password", {})
        result = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            "sales-head-password",
            "collab.approval",
            "action_add_approver",
            [[approval.id], [colleague.id], "parallel", "A second opinion"],
        )
        self.assertIs(result, True)
        added = self.env["collab.approval"].search(
            [("decision_chain", "=", approval.id), ("added_by_id", "=", head.id)]
        )
        self.assertEqual((added.approver_id, added.add_mode), (colleague, "parallel"))
        # a wrong type answers a clean refusal (a warning fault), not a traceback
        with self.assertRaisesRegex(xmlrpc.client.Fault, "The mode must be one of"):
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                uid,
                "sales-head-password",
                "collab.approval",
                "action_add_approver",
                [[approval.id], [colleague.id], [], "Unhashable mode"],
            )


class TestAddApproverDialogRefusesOutsiders(RequestCase):
    def test_a_portal_user_in_the_dialog_is_refused_not_dropped(self):
        """Over RPC the dialog can be sent anyone: a portal user is refused with the reason, never
        silently left out (which would add the others without a word)."""
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        portal = new_test_user(self.env, "t_portal_dialog", groups="base.group_portal", name="Portal Dialog")
        action = approval.with_user(self.rd_head).action_open_add_approver_wizard()
        dialog = (
            self.env[action["res_model"]]
            .with_user(self.rd_head)
            .with_context(action["context"])
            .create({"user_ids": [Command.set((portal | self.sales_head).ids)], "reason": "Legal view"})
        )
        with self.assertRaisesRegex(UserError, "Portal Dialog cannot decide"):
            dialog.action_confirm()
        self.assertFalse(approval.sudo()._decision_chain_members().filtered("added_by_id"))
