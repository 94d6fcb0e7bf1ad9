"""Who decides is protected data, and nobody decides his own request: deputies, decision mode,
delegations, the time-off delegate and the company's coordinator/sponsor are changed only by HR
officers or the coordinator (a user his own delegations), each change logged old → new; one check
of a candidate decider (delegation, transfer, add approver, deputies, CC); delegates read only while
the delegation is in effect; segregation of duties with the company's self-approval setting —
each as the user who does it."""

from contextlib import contextmanager
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import GROUP_COORDINATOR, GROUP_LEAD, GROUP_USER, RequestCase

NOT_AUTHORITY = "Only HR officers or the collaboration coordinator can change"


class TestAuthority(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rd_deputy = new_test_user(cls.env, "t_auth_rd_deputy", groups=GROUP_LEAD, name="T R&D Deputy")
        cls.mkt_deputy = new_test_user(cls.env, "t_auth_mkt_deputy", groups=GROUP_LEAD, name="T Mkt Deputy")
        for deputy, department in ((cls.rd_deputy, cls.dept_rd), (cls.mkt_deputy, cls.dept_mkt)):
            cls.env["hr.employee"].create({"name": deputy.name, "user_id": deputy.id, "department_id": department.id})
        cls.outsider = new_test_user(cls.env, "t_auth_outsider", groups=GROUP_USER, name="T Outsider")
        cls.internal = new_test_user(cls.env, "t_auth_internal", groups="base.group_user", name="T Internal")
        cls.portal = new_test_user(cls.env, "t_auth_portal", groups="base.group_portal", name="T Portal")
        cls.hr_officer = new_test_user(cls.env, "t_auth_hr", groups="hr.group_hr_user", name="T HR Officer")
        cls.rights_admin = new_test_user(
            cls.env, "t_auth_rights", groups="base.group_erp_manager", name="T Access Rights Admin"
        )
        cls.company_b = cls.env["res.company"].create({"name": "T Other Co"})
        cls.user_b = new_test_user(
            cls.env,
            "t_auth_user_b",
            groups=GROUP_USER,
            name="T User B",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

    @contextmanager
    def refused(self, exception, reason):
        """Refused with ``exception`` for ``reason`` (a regular expression); what the refused call
        wrote is rolled back (a savepoint), as the transaction of an RPC call would be."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), reason)

    def _messages(self, record, text):
        return self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id), ("body", "ilike", text)]
        )

    def _in_review(self, user=None, departments=None, **values):
        request = self.make_request(user=user, departments=departments, **values)
        self.bring_to_review(request)
        return request

    # ------------------------------------------------------------------------------------------
    # Deputies and decision mode: HR officers and the coordinator only, logged
    # ------------------------------------------------------------------------------------------
    def test_demo_employees_cannot_make_themselves_deputies(self):
        mkt_user1 = self.env.ref("cross_dept_collab.user_mkt_user1")
        sales_user1 = self.env.ref("cross_dept_collab.user_sales_user1")
        logistics = self.env.ref("cross_dept_collab.dept_logistics")
        rd = self.env.ref("cross_dept_collab.dept_rd")
        with self.refused(AccessError, NOT_AUTHORITY):
            logistics.with_user(mkt_user1).write({"collab_deputy_ids": [Command.link(mkt_user1.id)]})
        with self.refused(AccessError, NOT_AUTHORITY):
            rd.with_user(sales_user1).write({"collab_deputy_ids": [Command.link(sales_user1.id)]})
        with self.refused(AccessError, NOT_AUTHORITY):
            rd.with_user(sales_user1).write({"collab_approval_mode": "all"})
        self.assertNotIn(mkt_user1, logistics.collab_deputy_ids)
        self.assertNotIn(sales_user1, rd.collab_deputy_ids)
        # Odoo's hr lets them edit the department otherwise
        logistics.with_user(mkt_user1).write({"note": "Warehouse on floor 2"})

    def test_internal_user_without_collaboration_group_cannot_name_deputies(self):
        with self.refused(AccessError, NOT_AUTHORITY):
            self.dept_rd.with_user(self.internal).write({"collab_deputy_ids": [Command.set(self.internal.ids)]})
        with self.refused(AccessError, NOT_AUTHORITY):
            self.dept_rd.with_user(self.rd_head).write({"collab_deputy_ids": [Command.link(self.rd_user.id)]})

    def test_hr_officer_and_coordinator_name_deputies_logged_old_to_new(self):
        self.dept_rd.with_user(self.hr_officer).write({"collab_deputy_ids": [Command.link(self.rd_deputy.id)]})
        self.assertEqual(self.dept_rd.collab_deputy_ids, self.rd_deputy)
        log = self._messages(self.dept_rd, "Deputies (Collaboration): — → T R&amp;D Deputy")
        self.assertEqual(log.author_id, self.hr_officer.partner_id, "who")
        self.assertTrue(log.date, "when")
        self.env.cr.precommit.run()  # tracking is written when the transaction commits
        self.dept_rd.with_user(self.coordinator).write(
            {"collab_deputy_ids": [Command.set(self.outsider.ids)], "collab_approval_mode": "all"}
        )
        log = self._messages(self.dept_rd, "T R&amp;D Deputy → T Outsider")
        self.assertEqual(log.author_id, self.coordinator.partner_id)
        self.env.cr.precommit.run()  # tracking is written when the transaction commits
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "hr.department"),
                ("mail_message_id.res_id", "=", self.dept_rd.id),
                ("field_id.name", "=", "collab_approval_mode"),
            ]
        )
        self.assertEqual((tracking.old_value_char, tracking.new_value_char), ("Any One (或签)", "Everyone (会签)"))
        self.assertEqual(tracking.mail_message_id.author_id, self.coordinator.partner_id)

    def test_deputies_are_checked_like_every_decider(self):
        for user, reason in (
            (self.portal, "external \\(portal\\) user"),
            (self.internal, "does not have the collaboration user group"),
            (self.user_b, "not allowed in"),
        ):
            with self.refused(UserError, f"cannot be a deputy of T R&D: .*{reason}"):
                self.dept_rd.with_user(self.hr_officer).write({"collab_deputy_ids": [Command.link(user.id)]})
        self.rd_deputy.active = False
        with self.refused(UserError, "archived"):
            self.dept_rd.with_user(self.coordinator).write({"collab_deputy_ids": [Command.link(self.rd_deputy.id)]})

    # ------------------------------------------------------------------------------------------
    # The company's coordinator, sponsor and self-approval
    # ------------------------------------------------------------------------------------------
    def test_company_authority_settings_only_by_hr_or_coordinator_and_logged(self):
        company = self.env.company
        with self.refused(AccessError, NOT_AUTHORITY):
            company.with_user(self.rights_admin).write({"collab_coordinator_id": self.rights_admin.id})
        with self.refused(AccessError, NOT_AUTHORITY):
            company.with_user(self.rights_admin).write({"collab_allow_self_approval": True})
        settings = self.env["collab.settings"].with_user(self.coordinator).create({})
        settings.write({"collab_allow_self_approval": True})
        self.assertTrue(company.collab_allow_self_approval)
        log = self._messages(company.partner_id, "Allow Self-Approval: No → Yes")
        self.assertEqual(log.author_id, self.coordinator.partner_id)
        with self.refused(UserError, "on or off"):
            settings.write({"collab_allow_self_approval": "yes"})

    def test_company_coordinator_must_be_able_to_decide_there(self):
        other_coordinator = new_test_user(
            self.env,
            "t_auth_coord_b",
            groups=GROUP_COORDINATOR,
            name="T Coordinator B",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        with self.refused(UserError, "cannot be the collaboration coordinator of .*not allowed in"):
            self.env.company.write({"collab_coordinator_id": other_coordinator.id})

    # ------------------------------------------------------------------------------------------
    # Delegations: to whom, in which company, who sets them
    # ------------------------------------------------------------------------------------------
    def _delegate(self, user, delegate, by=None, start=None, end=None, **values):
        today = fields.Date.context_today(self.env["collab.delegation"])
        return (
            self.env["collab.delegation"]
            .with_user(by or user)
            .create(
                {
                    "user_id": user.id,
                    "delegate_id": delegate.id,
                    "date_start": start or today,
                    "date_end": end or today + timedelta(days=3),
                    "reason": "Holiday",
                    **values,
                }
            )
        )

    def test_delegation_to_someone_who_cannot_decide_is_refused_on_create_and_write(self):
        cases = (
            (self.portal, "external \\(portal\\) user"),
            (self.internal, "does not have the collaboration user group"),
            (self.user_b, "not allowed in"),
        )
        for user, reason in cases:
            with self.refused(UserError, f"cannot be the delegate of T R&D Head: .*{reason}"):
                self._delegate(self.rd_head, user)
        delegation = self._delegate(self.rd_head, self.rd_deputy)
        for user, reason in cases:
            with self.refused(UserError, f"cannot be the delegate of T R&D Head: .*{reason}"):
                delegation.with_user(self.rd_head).write({"delegate_id": user.id})
        self.assertEqual(delegation.delegate_id, self.rd_deputy)

    def test_delegation_company_cannot_move_to_another_company(self):
        delegation = self._delegate(self.rd_head, self.rd_deputy)
        with self.refused(AccessError, "only in your own companies, not in T Other Co"):
            delegation.with_user(self.rd_head).write({"company_id": self.company_b.id})
        with self.refused(AccessError, "only in your own companies"):
            self._delegate(self.rd_head, self.rd_deputy, company_id=self.company_b.id)
        # even an HR officer allowed in both: the delegating user is not allowed there
        self.hr_officer.write({"company_ids": [Command.link(self.company_b.id)]})
        with self.refused(UserError, "cannot be the person delegating: the user is not allowed in"):
            delegation.with_user(self.hr_officer).write({"company_id": self.company_b.id})
        self.assertEqual(delegation.company_id, self.env.company)

    def test_hr_officer_sets_anyones_delegation_others_only_their_own_and_changes_are_tracked(self):
        with self.refused(AccessError, "for yourself only"):
            self._delegate(self.rd_head, self.rd_deputy, by=self.sales_head)
        delegation = self._delegate(self.rd_head, self.rd_deputy, by=self.hr_officer)
        self.env.cr.precommit.run()
        delegation.with_user(self.rd_head).write({"delegate_id": self.outsider.id})
        self.env.cr.precommit.run()  # tracking is written when the transaction commits
        tracking = delegation.sudo().message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "delegate_id")
        self.assertEqual((tracking.old_value_char, tracking.new_value_char), ("T R&D Deputy", "T Outsider"))
        self.assertEqual(tracking.mail_message_id.author_id, self.rd_head.partner_id)

    def test_time_off_delegate_must_be_able_to_decide_and_is_logged(self):
        with self.refused(UserError, "cannot be the delegate of T R&D Head: .*external \\(portal\\)"):
            self.rd_head.with_user(self.rd_head).write({"collab_delegate_id": self.portal.id})
        with self.refused(UserError, "cannot be the delegate of T R&D Head: .*not allowed in"):
            self.rd_head.with_user(self.rd_head).write({"collab_delegate_id": self.user_b.id})
        # a portal user may not name a delegate for himself either
        with self.refused(UserError, "cannot be the person delegating: an external \\(portal\\) user"):
            self.portal.with_user(self.portal).write({"collab_delegate_id": self.rd_deputy.id})
        self.assertFalse(self.portal.collab_delegate_id)
        self.rd_head.with_user(self.rd_head).write({"collab_delegate_id": self.rd_deputy.id})
        log = self._messages(self.rd_head.partner_id, "Delegate on Time Off of T R&amp;D Head: — → T R&amp;D Deputy")
        self.assertEqual(log.author_id, self.rd_head.partner_id)

    def test_delegate_reads_only_while_the_delegation_is_in_effect(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        Approval = self.env["collab.approval"].with_user(self.outsider)
        Step = self.env["collab.request.step"].with_user(self.outsider)
        lead_request = self.make_request(title="Lead step")
        lead_request.with_user(self.mkt_user).action_submit()
        lead_request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        step = lead_request.step_ids.filtered(lambda s: s.step == "lead_confirmation" and s.state == "pending")
        self.assertEqual(step.user_id, self.mkt_head)
        for start, end in ((date(2020, 1, 1), date(2020, 1, 2)), (date(2031, 3, 1), date(2031, 3, 9))):
            self._delegate(self.rd_head, self.outsider, start=start, end=end)
            self._delegate(self.mkt_head, self.outsider, start=start, end=end)
            self.assertFalse(Approval.search([("id", "=", approval.id)]), f"{start}: not in effect")
            self.assertFalse(Step.search([("id", "=", step.id)]), f"{start}: not in effect")
            self.assertEqual(approval.approver_id, self.rd_head)
        # in effect today: the decisions are the delegate's to read and take
        self._delegate(self.rd_head, self.outsider)
        self._delegate(self.mkt_head, self.outsider)
        self.assertEqual(Approval.search([("id", "=", approval.id)]), approval)
        self.assertEqual(Step.search([("id", "=", step.id)]), step)

    # ------------------------------------------------------------------------------------------
    # Transfer, add approver, CC: the same check
    # ------------------------------------------------------------------------------------------
    def test_add_approver_and_transfer_refuse_the_initiator_and_other_companies(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        with self.refused(UserError, "T Marketing Member cannot be an added approver of .*initiated the request"):
            approval.with_user(self.rd_head).action_add_approver([self.mkt_user.id], "parallel", "Your view?")
        with self.refused(UserError, "T User B cannot be an added approver of .*not allowed in"):
            approval.with_user(self.rd_head).action_add_approver([self.user_b.id], "parallel", "Your view?")
        with self.refused(UserError, "T Marketing Member cannot be the decider of .*initiated the request"):
            approval.with_user(self.coordinator).action_transfer(self.mkt_user.id, "You know it best")
        with self.refused(UserError, "T User B cannot be the decider of .*not allowed in"):
            approval.with_user(self.coordinator).action_transfer(self.user_b.id, "Expert elsewhere")
        self.assertEqual(approval.approver_id, self.rd_head)
        self.assertFalse(approval.decision_chain, "nobody was added")

    def test_cc_only_internal_users_of_the_request_company(self):
        request = self.make_request()
        with self.refused(UserError, "T User B cannot be CC'd on .*not allowed in"):
            request.with_user(self.mkt_user).write({"cc_user_ids": [Command.link(self.user_b.id)]})
        with self.refused(UserError, "T Portal cannot be CC'd on .*external \\(portal\\)"):
            request.with_user(self.mkt_user).write({"cc_user_ids": [Command.link(self.portal.id)]})
        request.with_user(self.mkt_user).write({"cc_user_ids": [Command.link(self.outsider.id)]})
        self.assertEqual(request.cc_user_ids, self.outsider)

    # ------------------------------------------------------------------------------------------
    # Segregation of duties
    # ------------------------------------------------------------------------------------------
    def test_head_initiating_a_request_of_his_department_does_not_review_it_deputy_does(self):
        self.dept_rd.collab_deputy_ids = self.rd_deputy
        request = self._in_review(user=self.rd_head, initiating_department_id=self.dept_rd.id)
        approval = self.approval_of(request, self.dept_rd)
        self.assertEqual(approval.approver_id, self.rd_deputy)
        self.assertNotIn(self.rd_head, approval._decider())
        with self.refused(AccessError, "Only T R&D Deputy can decide"):
            approval.with_user(self.rd_head).action_approve("My own idea, approved")
        approval.with_user(self.rd_deputy).action_approve("Fine")
        self.assertEqual(approval.state, "approved")

    def test_head_initiating_without_deputy_goes_to_the_coordinator(self):
        request = self._in_review(user=self.rd_head, initiating_department_id=self.dept_rd.id)
        approval = self.approval_of(request, self.dept_rd)
        self.assertEqual(approval.approver_id, self.coordinator)
        self.assertTrue(self._messages(request, "may not decide T R&amp;D: Test Coordinator decides instead"))
        with self.refused(AccessError, "Only Test Coordinator can decide"):
            approval.with_user(self.rd_head).action_approve()

    def test_lead_head_initiating_lead_confirmation_goes_to_deputy(self):
        self.dept_mkt.collab_deputy_ids = self.mkt_deputy
        request = self.make_request(user=self.mkt_head)
        request.with_user(self.mkt_head).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        step = request.step_ids.filtered(lambda s: s.step == "lead_confirmation" and s.state == "pending")
        self.assertEqual(step.user_id, self.mkt_deputy)
        with self.refused(AccessError, "Only T Mkt Deputy can decide"):
            request.with_user(self.mkt_head).action_confirm_lead()
        request.with_user(self.mkt_deputy).action_confirm_lead()
        self.assertEqual(request.state, "department_review")

    def test_coordinator_initiating_does_not_review_his_request(self):
        request = self.make_request(user=self.coordinator)
        request.with_user(self.coordinator).action_submit()
        step = request.step_ids.filtered(lambda s: s.step == "pmo_review" and s.state == "pending")
        self.assertTrue(step.user_id)
        self.assertNotEqual(step.user_id, self.coordinator)
        self.assertTrue(step.user_id.has_group(GROUP_COORDINATOR) or step.user_id == self.sponsor)
        with self.refused(AccessError, "can decide"):
            request.with_user(self.coordinator).action_accept(self.dept_mkt.id)

    def test_delegation_to_the_initiator_of_a_pending_decision_is_refused(self):
        request = self._in_review()
        approval = self.approval_of(request, self.dept_rd)
        with self.refused(UserError, "T Marketing Member cannot decide for T R&D Head: .*initiated"):
            self._delegate(self.rd_head, self.mkt_user)
        self.assertEqual(approval.approver_id, self.rd_head)

    def test_delegate_who_initiated_a_later_request_hands_it_to_the_next_one(self):
        self.dept_rd.collab_deputy_ids = self.rd_deputy
        self._delegate(self.rd_head, self.rd_user)
        request = self._in_review(user=self.rd_user)
        approval = self.approval_of(request, self.dept_rd)
        self.assertNotIn(self.rd_user, approval._decider())
        self.assertNotIn(self.rd_user, approval.co_decider_ids)
        with self.refused(AccessError, "can decide"):
            approval.with_user(self.rd_user).action_approve()

    def test_company_allowing_self_approval(self):
        self.env["collab.settings"].with_user(self.coordinator).create({"collab_allow_self_approval": True})
        self.assertTrue(self.env.company.collab_allow_self_approval)
        request = self._in_review(user=self.rd_head, initiating_department_id=self.dept_rd.id)
        approval = self.approval_of(request, self.dept_rd)
        self.assertEqual(approval.approver_id, self.rd_head)
        approval.with_user(self.rd_head).action_approve("Allowed here")
        self.assertEqual(approval.state, "approved")
        # and the initiator may be added or handed a decision
        other = self._in_review()
        sales = self.approval_of(other, self.dept_sales)
        sales.with_user(self.coordinator).action_transfer(self.mkt_user.id, "Self-approval allowed")
        self.assertEqual(sales.approver_id, self.mkt_user)
