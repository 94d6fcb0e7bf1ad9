"""加签 on change requests (``collab.change.request.cosign``): approvers added before, alongside or
after the sponsor; the change is applied only once every added approval is given."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import GROUP_SPONSOR
from .test_change_request import CR_ACTIVITY, ChangeRequestCase

TODO = "mail.mail_activity_data_todo"


class TestChangeRequestCosign(ChangeRequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cfo = new_test_user(cls.env, "t_cfo", groups=GROUP_SPONSOR, name="T CFO")

    def submitted_change(self):
        change = self.make_change(self.confirmed_plan())
        change.with_user(self.mkt_head).action_submit()
        return change

    def rows(self, user):
        return self.env["collab.my.decision"].with_user(user).search([("kind", "=", "added_change_approval")])

    def test_parallel_approver_is_needed_before_the_change_is_applied(self):
        change = self.submitted_change()
        cosign = self.add_approver(change, self.sponsor, [self.cfo.id], "parallel", "Budget impact")
        self.assertEqual((cosign.user_id, cosign.add_mode, cosign.added_by_id), (self.cfo, "parallel", self.sponsor))
        self.assertEqual(self.activities_of(cosign, CR_ACTIVITY).user_id, self.cfo)
        self.assertEqual(self.rows(self.cfo).res_id, cosign.id)
        change.with_user(self.sponsor).action_approve("Fine")
        self.assertEqual(change.state, "approved")
        self.assertFalse(self.activities_of(change, TODO), "not applied before the CFO approved")
        with self.assertRaisesRegex(
            UserError, r"CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch waits for T CFO to approve it before it is"
        ):
            change.with_user(self.mkt_head).action_apply()
        with self.assertRaisesRegex(
            AccessError, r"Only T CFO can decide on CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch — T CFO\."
        ):
            cosign.with_user(self.mkt_head).action_approve()
        cosign.with_user(self.cfo).action_approve("Within budget")
        self.assertEqual(self.activities_of(change, TODO).user_id, self.mkt_head)
        change.with_user(self.mkt_head).action_apply()
        self.assertEqual(change.state, "applied")

    def test_before_blocks_the_approver_and_a_refusal_rejects_the_change(self):
        change = self.submitted_change()
        cosign = self.add_approver(change, self.sponsor, self.cfo.id, "before", "CFO first")
        self.assertFalse(self.activities_of(change, CR_ACTIVITY), "the sponsor's decision waits")
        with self.assertRaisesRegex(
            UserError, r"CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch waits for T CFO to decide first\."
        ):
            change.with_user(self.sponsor).action_approve()
        with self.assertRaisesRegex(UserError, "Please give the reason for the rejection"):
            cosign.with_user(self.cfo).action_reject("")
        cosign.with_user(self.cfo).action_reject("No budget left")
        self.assertEqual((change.state, change.decision_comment), ("rejected", "No budget left"))
        self.assertFalse(self.rows(self.cfo))

    def test_after_is_asked_once_the_approver_approved(self):
        change = self.submitted_change()
        cosign = self.add_approver(change, self.sponsor, self.cfo.id, "after", "CFO countersigns")
        self.assertFalse(self.activities_of(cosign, CR_ACTIVITY))
        self.assertFalse(self.rows(self.cfo), "not asked yet")
        with self.assertRaisesRegex(
            UserError, r"CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch — T CFO waits for Test Sponsor to decide"
        ):
            cosign.with_user(self.cfo).action_approve()
        change.with_user(self.sponsor).action_approve()
        self.assertEqual(self.activities_of(cosign, CR_ACTIVITY).user_id, self.cfo)
        self.assertEqual(self.rows(self.cfo).res_id, cosign.id)
        cosign.with_user(self.cfo).action_approve()
        self.assertEqual(self.activities_of(change, TODO).user_id, self.mkt_head)

    def test_add_approver_refusals(self):
        change = self.submitted_change()
        with self.assertRaisesRegex(
            AccessError, r"Only Test Sponsor or the coordinator can do this on CR-\d{4}-\d+ XMBG-\d+"
        ):
            change.with_user(self.mkt_head).action_add_approver(self.cfo.id, "parallel", "Me too")
        with self.assertRaisesRegex(UserError, r"The mode must be one of: before, after, parallel\."):
            change.with_user(self.sponsor).action_add_approver(self.cfo.id, "sideways", "Odd")
        with self.assertRaisesRegex(UserError, r"Say why you add approvers: a reason is required\."):
            change.with_user(self.sponsor).action_add_approver(self.cfo.id, "parallel", "")
        with self.assertRaisesRegex(
            UserError, r"Test Sponsor already decide\(s\) on CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch\."
        ):
            change.with_user(self.sponsor).action_add_approver(self.sponsor.id, "parallel", "Myself")
        change.with_user(self.sponsor).action_reject("Not now")
        with self.assertRaisesRegex(
            UserError, r"CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch is Rejected: it can no longer be extended\."
        ):
            change.with_user(self.sponsor).action_add_approver(self.cfo.id, "parallel", "Too late")

    def test_an_added_approver_cannot_write_the_decision_directly(self):
        change = self.submitted_change()
        cosign = self.add_approver(change, self.sponsor, [self.cfo.id], "parallel", "Budget impact")
        for vals in ({"state": "approved"}, {"user_id": self.mkt_head.id}, {"deadline": "2099-01-01 00:00:00"}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(
                    UserError,
                    r"of Added Approval of a Change Request change only through its buttons \(the workflow\), not by editing\.",
                ),
            ):
                cosign.with_user(self.cfo).write(vals)
        self.assertEqual(cosign.state, "pending")
        # added approvals are created by the engine only, never over RPC
        with self.assertRaisesRegex(
            UserError, "Change Request, Approver, State of Added Approval of a Change Request change only through"
        ):  # AccessError included
            self.env["collab.change.request.cosign"].with_user(self.cfo).create(
                {"change_request_id": change.id, "user_id": self.cfo.id, "state": "approved"}
            )
