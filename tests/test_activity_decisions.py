"""Deciding from the activity: ``mail.activity.action_collab_decide`` and what the web client is
told about a decision activity (docs/api.md, "Deciding from the activity")."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import GROUP_USER, PlanCase, load_languages

REVIEW = "cross_dept_collab.mail_activity_type_collab_approval"
SIGNOFF = "cross_dept_collab.mail_activity_type_collab_signoff"


class TestActivityDecisions(PlanCase):
    def review_activity(self, request, department):
        approval = self.approval_of(request, department)
        activity = self.activities_of(approval, REVIEW)
        self.assertEqual(len(activity), 1)
        return approval, activity

    def test_head_approves_from_the_activity(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval, activity = self.review_activity(request, self.dept_rd)
        self.assertEqual(activity.user_id, self.rd_head)
        result = activity.with_user(self.rd_head).action_collab_decide("approve")
        self.assertEqual(approval.state, "approved")
        self.assertTrue(approval.decided_on)
        self.assertFalse(activity.exists(), "deciding closes the activity")
        self.assertEqual(result["tag"], "display_notification")
        # the decision is the head's (tracked on the review in his name)
        self.assertIn(self.rd_head.partner_id, approval.message_ids.author_id)
        # the other department still decides: the request waits
        self.assertEqual(request.state, "department_review")

    def test_request_changes_and_reject_need_feedback(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval, activity = self.review_activity(request, self.dept_sales)
        head_activity = activity.with_user(self.sales_head)
        with self.assertRaisesRegex(UserError, "Please say what must change"):
            head_activity.action_collab_decide("request_changes")
        with self.assertRaisesRegex(UserError, "Please give the reason for the rejection"):
            head_activity.action_collab_decide("reject", {"feedback": "   "})
        self.assertEqual(approval.state, "pending")
        head_activity.action_collab_decide("request_changes", {"feedback": "Give us the purchase data by May 5"})
        self.assertEqual(approval.state, "changes_requested")
        self.assertEqual(approval.feedback, "Give us the purchase data by May 5")
        self.assertEqual(request.state, "second_coordination")

    def test_others_are_refused(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval, activity = self.review_activity(request, self.dept_rd)
        for intruder in (self.sales_head, self.mkt_user, self.coordinator):
            with (
                self.subTest(user=intruder.login),
                self.assertRaisesRegex(
                    AccessError,
                    r"(Only T R&D Head can decide on XMBG-\d+ Smartwatch launch — T R&D \(round 1\)\.|doesn't have 'read' access to:\n- .*\(mail\.activity\))",
                ),
            ):
                activity.with_user(intruder).action_collab_decide("approve")
        self.assertEqual(approval.state, "pending")
        self.assertTrue(activity.exists())

    def test_decided_already_is_refused(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval, activity = self.review_activity(request, self.dept_rd)
        # decided on the form while the activity was still shown in a browser tab
        approval.with_user(self.rd_head).action_approve("OK")
        stale = self.env["mail.activity"].browse(activity.id).with_user(self.rd_head)
        with self.assertRaisesRegex(
            UserError, r"This activity is closed already: the decision has been taken or withdrawn\."
        ):
            stale.action_collab_decide("reject", {"feedback": "changed my mind"})
        self.assertEqual(approval.state, "approved")

    def test_decided_record_with_a_leftover_activity_is_refused(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval, _activity = self.review_activity(request, self.dept_rd)
        approval.with_user(self.rd_head).action_approve("OK")
        # an activity of the decision kind left on a decided review (e.g. re-asked by hand)
        leftover = approval.sudo().activity_schedule(REVIEW, user_id=self.rd_head.id)
        with self.assertRaisesRegex(
            UserError, r"XMBG-\d+ Smartwatch launch — T R&D \(round 1\) has already been decided \(Approved\)\."
        ):
            leftover.with_user(self.rd_head).action_collab_decide("approve")
        self.assertFalse(leftover.with_user(self.rd_head)._collab_decision_info()["choices"])

    def test_wrong_arguments_are_refused_clearly(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval, activity = self.review_activity(request, self.dept_rd)
        head_activity = activity.with_user(self.rd_head)
        for decision, values in (
            (5, None),
            ("", None),
            ("sign", None),
            ("approve", ["x"]),
            ("approve", {"feedback": "not an input of approve"}),
            ("reject", {"feedback": 42}),
        ):
            with (
                self.subTest(decision=decision, values=values),
                self.assertRaisesRegex(
                    UserError,
                    r"(Approve takes no feedback\.|Feedback must be a text\.|Name the decision to take \(for example “approve”\)\.|The decision's values must be a dictionary of its inputs\.|“sign” is not a decision of XMBG-\d+ Smartwatch launch — T R&D \(round 1\); choose)",
                ),
            ):
                head_activity.action_collab_decide(decision, values)
        with self.assertRaisesRegex(UserError, r"Decide on one activity at a time\."):
            (activity | self.activities_of(self.approval_of(request, self.dept_sales), REVIEW)).with_user(
                self.rd_head
            ).action_collab_decide("approve")
        todo = request.sudo().activity_schedule("mail.mail_activity_data_todo", user_id=self.rd_head.id)
        with self.assertRaisesRegex(
            UserError, r"The activity “To-Do” does not ask for a decision that can be taken here\."
        ):
            todo.with_user(self.rd_head).action_collab_decide("approve")
        self.assertIsNone(todo.with_user(self.rd_head)._collab_decision_info())
        self.assertEqual(approval.state, "pending")

    def test_the_client_is_told_the_choices_of_the_decider_only(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval, activity = self.review_activity(request, self.dept_rd)
        payload = activity.with_user(self.rd_head).activity_format()
        (data,) = payload["mail.activity"]
        info = data["collab_decision"]
        self.assertEqual([c["key"] for c in info["choices"]], ["approve", "request_changes", "reject"])
        self.assertEqual((info["res_model"], info["res_id"]), ("collab.approval", approval.id))
        self.assertTrue(info["can_cancel"])
        self.assertNotIn("method", info["choices"][0], "the client names a choice, the server maps it")
        # the coordinator sees the activity, may cancel it, but does not decide for the department
        info = activity.with_user(self.coordinator)._collab_decision_info()
        self.assertEqual(info["choices"], [])
        self.assertTrue(info["can_cancel"])

    def test_the_assignee_cannot_hand_the_decision_activity_to_someone_else(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval, activity = self.review_activity(request, self.dept_rd)
        for vals in ({"user_id": self.rd_user.id}, {"res_id": request.id, "res_model_id": activity.res_model_id.id}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "changes hands only by transferring"):
                activity.with_user(self.rd_head).write(vals)
        self.assertEqual((activity.user_id, approval.approver_id), (self.rd_head, self.rd_head))
        # what the assignee may still change: the date, the note
        activity.with_user(self.rd_head).write({"note": "Looking into it"})
        # transfer moves the decision and its activity together
        self.dept_rd.collab_deputy_ids = self.rd_user
        approval.with_user(self.rd_head).action_transfer(self.rd_user.id, "On leave")
        self.assertEqual(approval.approver_id, self.rd_user)
        self.assertEqual(self.activities_of(approval, REVIEW).user_id, self.rd_user)

    def test_only_the_assignee_or_the_coordinator_is_offered_cancel(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        activity = self.activities_of(request, "cross_dept_collab.mail_activity_type_collab_review")
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertFalse(activity.with_user(self.mkt_user)._collab_decision_info()["can_cancel"])
        self.assertTrue(activity.with_user(self.coordinator)._collab_decision_info()["can_cancel"])
        # the initiator is not offered the coordinator's decision either
        self.assertEqual(activity.with_user(self.mkt_user)._collab_decision_info()["choices"], [])

    def test_choices_are_in_the_deciders_language(self):
        load_languages(self.env)
        self.rd_head.lang = "zh_CN"
        request = self.make_request()
        self.bring_to_review(request)
        _approval, activity = self.review_activity(request, self.dept_rd)
        head = activity.with_user(self.rd_head).with_context(lang="zh_CN")
        labels = [choice["label"] for choice in head._collab_decision_info()["choices"]]
        self.assertEqual(labels, ["批准", "要求修改", "驳回"])

    def test_signer_refuses_from_the_activity_with_a_comment(self):
        project = self.make_project()
        project.with_user(self.coordinator).action_request_charter_signoff()
        signoff = project.signoff_ids.filtered(lambda s: s.kind == "charter" and s.user_id == self.sales_head)
        activity = self.activities_of(signoff, SIGNOFF)
        self.assertEqual(activity.user_id, self.sales_head)
        choices = activity.with_user(self.sales_head)._collab_decision_info()["choices"]
        self.assertEqual([c["key"] for c in choices], ["sign", "refuse"])
        # not the signer: refused as such, or earlier, by the activity's read rule (which check
        # speaks first depends on what the cache already holds)
        with self.assertRaisesRegex(
            AccessError,
            r"(Only T Sales Head can decide on Charter of XMBG-\d+ Smartwatch launch|"
            r"doesn't have 'read' access to:\n- .*\(mail\.activity\))",
        ):
            activity.with_user(self.rd_head).action_collab_decide("sign")
        with self.assertRaisesRegex(UserError, "Please give the reason for refusing to sign"):
            activity.with_user(self.sales_head).action_collab_decide("refuse")
        activity.with_user(self.sales_head).action_collab_decide("refuse", {"comment": "Scope unclear"})
        self.assertEqual(signoff.state, "refused")
        self.assertEqual(signoff.comment, "Scope unclear")
        self.assertEqual(project.charter_state, "draft")


class TestWhatIsDecided(PlanCase):
    """The decision's form shows what is decided, to the person who decides."""

    def test_review_shows_the_departments_asks(self):
        request = self.make_request(background="Stock-outs <b>last year</b>")
        request.line_ids.filtered(lambda line: line.department_id == self.dept_rd).description = "Specs\nby <i>May</i>"
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd).with_user(self.rd_head)
        self.assertIn("Specs<br>by &lt;i&gt;May&lt;/i&gt;", approval.ask_html.replace("<br/>", "<br>"))
        self.assertNotIn("Deliverable from T Sales", approval.ask_html, "only this department's asks")
        self.assertEqual(approval.request_title, "Smartwatch launch")
        self.assertEqual(approval.request_background, "Stock-outs <b>last year</b>")

    def test_an_added_approver_from_elsewhere_reads_the_ask(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        outsider = new_test_user(self.env, "t_outsider", groups=GROUP_USER, name="Outside Expert")
        approval.with_user(self.rd_head).action_add_approver([outsider.id], "parallel", "A second opinion")
        added = approval.search([("approver_id", "=", outsider.id)]).with_user(outsider)
        # whoever is asked to decide reads what he decides on, and writes nothing of it
        request.with_user(outsider).check_access("read")
        with self.assertRaisesRegex(AccessError, r"doesn't have 'write' access|not allowed to modify"):
            request.with_user(outsider).check_access("write")
        self.assertIn("Deliverable from T R&amp;D", added.ask_html)
        self.assertEqual(added.request_title, "Smartwatch launch")
        activity = self.activities_of(added, REVIEW)
        self.assertEqual(
            [c["key"] for c in activity.with_user(outsider)._collab_decision_info()["choices"]],
            ["approve", "request_changes", "reject"],
        )
        activity.with_user(outsider).action_collab_decide("approve")
        self.assertEqual(added.state, "approved")

    def test_plan_signoff_shows_the_tasks_to_the_signer(self):
        project = self.make_project()
        self.make_task(project, "Write the specs", user_ids=[(6, 0, self.rd_user.ids)], deliverable="Spec v1")
        project.with_user(project.user_id).action_request_plan_signoff()
        signoff = project.signoff_ids.filtered(lambda s: s.kind == "plan" and s.user_id == self.rd_user)
        html = signoff.with_user(self.rd_user).plan_html
        self.assertIn("Write the specs", html)
        self.assertIn("Spec v1", html)
        self.assertIn("T R&amp;D Member", html, "names are escaped")
