"""Delegation from Odoo's Time Off app (hr_holidays): an approved time off of a decider with a
"delegate on time off" starts a delegation; when the time off no longer covers the day (refused,
cancelled, over) the delegation ends and the decisions come back.

hr_holidays is OPTIONAL for cross_dept_collab: this file runs only in the CI database that has
the Time Off app installed (the main test database does not: the lead wires it into that run).
"""

from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user

from ..common import GROUP_LEAD, RequestCase


class TestDelegationTimeOff(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deputy = new_test_user(cls.env, "t_rd_deputy_leave", groups=GROUP_LEAD, name="T R&D Deputy")
        cls.rd_head.collab_delegate_id = cls.deputy
        cls.leave_type = cls.env["hr.leave.type"].create(
            {"name": "T Annual leave", "requires_allocation": "no", "leave_validation_type": "no_validation"}
        )

    def test_approved_time_off_delegates_and_its_end_returns_the_decisions(self):
        self.assertIn("hr.leave", self.env, "this file runs only with the Time Off app installed")
        # the company's day, not the server's UTC date (they differ from 16:00 UTC in Shanghai)
        today = self.company_today()
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        employee = self.rd_head.employee_ids[:1]
        leave = (
            self.env["hr.leave"]
            .sudo()
            .create(
                {
                    "holiday_status_id": self.leave_type.id,
                    "employee_id": employee.id,
                    "request_date_from": today,
                    "request_date_to": today + timedelta(days=2),
                }
            )
        )
        if leave.state != "validate":
            leave.action_approve()
        self.assertEqual(leave.state, "validate")
        engine = self.env["collab.reminder.engine"]
        engine.run_batch(limit=1000)
        delegation = self.env["collab.delegation"].search([("leave_ref", "=", leave.id)])
        self.assertEqual(
            (delegation.user_id, delegation.delegate_id, delegation.source), (self.rd_head, self.deputy, "time_off")
        )
        self.assertEqual(approval.approver_id, self.deputy)
        self.assertEqual(approval.delegated_for_id, self.rd_head)

        # the time off is refused: the next day's run ends the delegation and gives the decision back
        leave.action_refuse()
        with freeze_time(self.env.company._collab_day_start(today + timedelta(days=1)) + timedelta(hours=1)):
            engine.run_batch(limit=1000)
        self.assertFalse(delegation.active)
        self.assertEqual(approval.approver_id, self.rd_head)
