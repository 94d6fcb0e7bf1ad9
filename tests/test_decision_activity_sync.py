"""The decision's activities follow its state: ``_collab_sync_activities()`` is one idempotent
reconciler (like ``hr.leave.activity_update``) — a pending decision nobody waits for asks each
current decider once, a waiting one asks nobody, a decided one closes them with the decision as
feedback, a superseded one removes them."""

from odoo.exceptions import AccessError

from .common import PlanCase

APPROVAL_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_approval"


class TestDecisionActivitySync(PlanCase):
    def snapshot(self, records):
        """What a decider sees of the decisions' activities."""
        activities = self.activities_of(records, APPROVAL_ACTIVITY)
        return sorted(
            (a.id, a.res_id, a.user_id.id, a.date_deadline, a.summary, str(a.note), a.active) for a in activities
        )

    def test_sync_is_idempotent(self):
        request = self.make_request()
        approvals = self.bring_to_review(request)
        before = self.snapshot(approvals)
        self.assertEqual(len(before), 2, "one review activity per department head")
        approvals._collab_sync_activities()
        approvals._collab_sync_activities()
        self.assertEqual(self.snapshot(approvals), before, "syncing twice changes nothing")

    def test_sync_restores_a_cancelled_activity_and_keeps_the_others(self):
        request = self.make_request()
        approvals = self.bring_to_review(request)
        rd = self.approval_of(request, self.dept_rd)
        activity = self.activities_of(rd, APPROVAL_ACTIVITY)
        expected = (activity.user_id, activity.date_deadline, activity.summary, str(activity.note))
        others = self.snapshot(approvals - rd)
        # a colleague may not cancel the head's decision activity; the head himself may
        with self.assertRaisesRegex(AccessError, r"Only T R&D Head or the coordinator can cancel the activity"):
            activity.with_user(self.sales_head).unlink()
        activity.with_user(self.rd_head).unlink()
        self.assertFalse(self.activities_of(rd, APPROVAL_ACTIVITY))
        approvals._collab_sync_activities()
        restored = self.activities_of(rd, APPROVAL_ACTIVITY)
        self.assertEqual(len(restored), 1, "the pending review asks its decider again")
        self.assertEqual((restored.user_id, restored.date_deadline, restored.summary, str(restored.note)), expected)
        self.assertEqual(self.snapshot(approvals - rd), others, "the other review's activity is left alone")

    def test_sync_removes_a_stale_deciders_activity_and_asks_the_new_one(self):
        request = self.make_request()
        self.bring_to_review(request)
        rd = self.approval_of(request, self.dept_rd)
        old = self.activities_of(rd, APPROVAL_ACTIVITY)
        self.assertEqual(old.user_id, self.rd_head)
        deadline = old.date_deadline
        # the decider changed behind the engine's back (superuser: the guard keeps the field)
        rd.sudo().write({"approver_id": self.rd_user.id})
        rd._collab_sync_activities()
        self.assertFalse(old.exists(), "the former decider's activity is removed")
        new = self.activities_of(rd, APPROVAL_ACTIVITY)
        self.assertEqual(new.user_id, self.rd_user)
        self.assertEqual(new.date_deadline, deadline)
        self.assertEqual(new.summary, rd.with_context(lang=self.rd_user.lang)._decision_activity_summary())
        snapshot = self.snapshot(rd)
        rd._collab_sync_activities()
        self.assertEqual(self.snapshot(rd), snapshot)

    def test_decided_closes_with_feedback_and_superseded_removes(self):
        request = self.make_request()
        approvals = self.bring_to_review(request)
        rd = self.approval_of(request, self.dept_rd)
        sales = approvals - rd
        rd.with_user(self.rd_head).action_approve("Fine by us")
        self.assertFalse(self.activities_of(rd, APPROVAL_ACTIVITY), "deciding closes the activity")
        done = self.env["mail.message"].search(
            [("model", "=", rd._name), ("res_id", "=", rd.id), ("body", "ilike", "Approved: Fine by us")]
        )
        self.assertTrue(done, "the decision is the activity's feedback")
        messages = rd.message_ids
        rd._collab_sync_activities()
        self.assertEqual(rd.message_ids, messages, "a decided review has nothing left to close")
        self.assertFalse(self.activities_of(rd, APPROVAL_ACTIVITY), "nor to ask")
        # the request is withdrawn from the review: the pending review is superseded, its activity goes
        sales._supersede_pending()
        self.assertEqual(sales.state, "superseded")
        self.assertFalse(self.activities_of(sales, APPROVAL_ACTIVITY))
        sales._collab_sync_activities()
        self.assertFalse(self.activities_of(sales, APPROVAL_ACTIVITY))
