"""Deciders see what they decide (README "What a decider sees"): every decision of a request —
PMO review, lead confirmation, sponsor approval, department review — shows the request, its asks,
budget, the proposed lead and why, the departments' feedback and the decision log; a refusal opens
its reason dialog at once in its own word; an objection is shown at the top of the request back at
the PMO; a round after a withdrawal says so, with what changed; an added approver reads after whom
he decides."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common import GROUP_USER, RequestCase, load_languages


class TestDecisionForms(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, codes=("zh_CN",))
        cls.outsider = new_test_user(cls.env, "t_outsider", groups=GROUP_USER, name="Test Outsider")

    def accept(self, request, reason="Marketing owns the launch calendar"):
        request.with_user(request.initiator_id).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id, reason=reason)
        return request.step_ids.filtered(lambda s: s.step == "lead_confirmation" and s.state == "pending")

    def test_lead_head_reads_the_request_and_why_his_department_is_proposed(self):
        request = self.make_request(resource_budget=120000)
        step = self.accept(request).with_user(self.mkt_head)
        self.assertEqual(step.request_title, "Smartwatch launch")
        self.assertEqual(step.request_name, request.name)
        self.assertEqual(step.request_goal, "Q3 sales 100,000 units, brand awareness +20%")
        self.assertEqual(step.request_scope, "Launch campaign, sales training, after-sales")
        self.assertEqual(step.request_budget, 120000)
        self.assertEqual(step.request_lead_department_id, self.dept_mkt)
        self.assertEqual(step.request_lead_reason, "Marketing owns the launch calendar")
        self.assertIn("Deliverable from T R&amp;D", step.request_asks_html)
        self.assertIn("Deliverable from T Sales", step.request_asks_html)
        # the earlier decisions: the PMO's acceptance with its reason
        self.assertIn("Accepted by the PMO", step.request_log_html)
        self.assertIn("Marketing owns the launch calendar", step.request_log_html)

    def test_lead_head_objecting_gets_the_dialog_in_his_word_in_chinese(self):
        self.mkt_head.lang = "zh_CN"
        request = self.make_request()
        step = self.accept(request).with_user(self.mkt_head).with_context(lang="zh_CN")
        action = step.with_context(collab_decision="return").action_open_reason_dialog()
        self.assertEqual(action["res_model"], "collab.request.reason")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["name"], "提出异议")
        wizard = (
            self.env["collab.request.reason"]
            .with_user(self.mkt_head)
            .with_context(lang="zh_CN", **action["context"])
            .create({})
        )
        self.assertEqual(wizard.prompt, "请说明异议原因。")
        self.assertNotIn("退回或否决", wizard.prompt)
        with self.assertRaisesRegex(UserError, "请说明异议原因"):
            wizard.action_confirm()
        # RPC without a reason: the same word
        with self.assertRaisesRegex(UserError, "请说明异议原因"):
            step.action_return("")
        self.assertEqual(request.state, "lead_confirmation")
        # the activity's button asks in the same word
        activity = step.sudo().activity_ids.filtered(lambda a: a.user_id == self.mkt_head).with_user(self.mkt_head)
        choices = activity.with_context(lang="zh_CN")._collab_decision_info()["choices"]
        objection = next(choice for choice in choices if choice["key"] == "return")
        self.assertEqual(objection["label"], "提出异议")
        self.assertEqual(objection["inputs"][0]["prompt"], "请说明异议原因。")
        wizard.reason = "R&D should lead: the watch firmware is the critical path"
        wizard.action_confirm()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(step.state, "returned")

        # back at the PMO: who objected, when and why, at the top of the request
        seen = request.with_user(self.coordinator)
        self.assertEqual(seen.sent_back_user_id, self.mkt_head)
        self.assertEqual(seen.sent_back_reason, "R&D should lead: the watch firmware is the critical path")
        self.assertEqual(seen.sent_back_label, "Lead department objected")
        self.assertTrue(seen.sent_back_date)
        # once the PMO accepted again, the block is gone
        seen.action_accept(self.dept_rd.id, reason="R&D has the firmware")
        self.assertFalse(seen.sent_back_decision_id)

    def test_every_refusal_opens_its_dialog_in_its_own_word(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        pmo = request.step_ids.with_user(self.coordinator)
        for decision, title, prompt in (
            ("return", "Return", "returning the request to its initiator"),
            ("reject", "Reject", "the rejection"),
        ):
            action = pmo.with_context(collab_decision=decision).action_open_reason_dialog()
            self.assertEqual(action["name"], title)
            wizard = self.env["collab.request.reason"].with_user(self.coordinator).with_context(**action["context"])
            self.assertIn(prompt, wizard.create({}).prompt)
        self.bring_to_review_from_submitted(request)
        approval = self.approval_of(request, self.dept_rd).with_user(self.rd_head)
        action = approval.with_context(collab_decision="request_changes").action_open_reason_dialog()
        self.assertEqual(action["name"], "Request Changes")
        wizard = self.env["collab.request.reason"].with_user(self.rd_head).with_context(**action["context"]).create({})
        self.assertEqual(wizard.prompt, "Please say what must change.")
        with self.assertRaisesRegex(UserError, "Please say what must change"):
            wizard.action_confirm()
        wizard.reason = "Firmware needs two more weeks"
        wizard.action_confirm()
        self.assertEqual(approval.state, "changes_requested")
        self.assertEqual(approval.feedback, "Firmware needs two more weeks")
        # a decision that is not a refusal of this record is refused with the choices
        with self.assertRaisesRegex(UserError, "is not a decision of"):
            approval.with_context(collab_decision="sign").action_open_reason_dialog()

    def bring_to_review_from_submitted(self, request):
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        request.with_user(self.mkt_head).action_confirm_lead()

    def test_sponsor_reads_goal_asks_and_the_departments_feedback(self):
        request = self.make_request(resource_budget=80000)
        self.bring_to_review(request)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).write(
                {
                    "proposed_date": request.date_expected,
                    "resources_needed": f"Two testers ({approval.department_id.name})",
                }
            )
            approval.with_user(approval.approver_id).action_approve(f"{approval.department_id.name} agrees")
        self.assertEqual(request.state, "sponsor_approval")
        step = request.step_ids.filtered(lambda s: s.step == "sponsor_approval").with_user(self.sponsor)
        self.assertTrue(step.can_decide)
        self.assertEqual(step.request_goal, "Q3 sales 100,000 units, brand awareness +20%")
        self.assertEqual(step.request_background, "Q3 launch of the new smartwatch")
        self.assertEqual(step.request_budget, 80000)
        self.assertIn("Deliverable from T Sales", step.request_asks_html)
        self.assertIn("T R&amp;D agrees", step.request_feedback_html)
        self.assertIn("Two testers (T Sales)", step.request_feedback_html)
        self.assertIn("All departments approved", step.request_log_html)
        # the send-back dialog says "send back"
        action = step.with_context(collab_decision="return").action_open_reason_dialog()
        self.assertEqual(action["name"], "Send Back")
        wizard = self.env["collab.request.reason"].with_user(self.sponsor).with_context(**action["context"]).create({})
        self.assertEqual(wizard.prompt, "Please give the reason for sending the request back.")

    def test_added_approver_reads_after_whom_in_his_language(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        approval.with_user(self.rd_head).action_add_approver(self.outsider.id, "after", "Firmware sign-off")
        added = request.approval_ids.filtered(lambda a: a.approver_id == self.outsider).with_user(self.outsider)
        self.assertEqual(added.add_position, "After T R&D Head")
        self.outsider.lang = "zh_CN"
        self.assertEqual(added.with_context(lang="zh_CN").add_position, "在 T R&D Head 之后")
        # the outsider does not read the request, but reads what he decides on
        self.assertEqual(added.request_title, "Smartwatch launch")
        self.assertIn("Deliverable from T R&amp;D", added.ask_html)
        self.assertIn("Deliverable from T Sales", added.request_asks_html)

    def test_withdraw_and_resubmit_says_so_with_what_changed_and_asks_added_approvers_again(self):
        request = self.make_request()
        self.bring_to_review(request)
        rd_round1 = self.approval_of(request, self.dept_rd)
        rd_round1.with_user(self.rd_head).action_add_approver(self.outsider.id, "after", "Firmware sign-off")
        self.approval_of(request, self.dept_sales).with_user(self.sales_head).action_approve("Fine")
        request.with_user(self.mkt_user).action_withdraw("Budget to be confirmed by Finance")
        self.assertEqual(request.state, "draft")
        # the initiator sees who would be asked again, and may untick it
        draft = request.with_user(self.mkt_user)
        self.assertEqual(draft.previous_added_approver_ids, self.outsider)
        self.assertTrue(draft.reask_added_approvers)
        rd_line = request.line_ids.filtered(lambda line: line.department_id == self.dept_rd)
        draft.write({"line_ids": [Command.update(rd_line.id, {"description": "Firmware v2 for the watch"})]})
        draft.action_submit()
        submit = request.decision_ids.filtered(lambda d: d.action == "submit")[:1]
        self.assertIn("Firmware v2 for the watch", submit.changes_text)
        self.bring_to_review_from_submitted(request)
        self.assertEqual(request.review_round, 2)

        rd_round2 = self.approval_of(request, self.dept_rd).filtered(lambda a: not a.added_by_id)
        activity = rd_round2.activity_ids.filtered(lambda a: a.user_id == self.rd_head)
        self.assertTrue(activity.summary.startswith("Round 2: resubmitted, review again · "), activity.summary)
        note = activity.note
        self.assertIn("withdrew the request", note)
        self.assertIn("Budget to be confirmed by Finance", note)
        self.assertIn("Firmware v2 for the watch", note)
        self.assertIn("Test Outsider (After T R&amp;D Head)", note)
        # the added approver is asked again, after the same head, by whom added him
        again = request.current_approval_ids.filtered(lambda a: a.approver_id == self.outsider)
        self.assertEqual((again.added_by_id, again.add_mode, again.state), (self.rd_head, "after", "pending"))
        self.assertFalse(again.activity_ids, "asked once the head approved")
        self.assertIn("Asked again as in round 1", request.message_ids[:10].mapped("body").__str__())
        rd_round2.with_user(self.rd_head).action_approve()
        self.assertTrue(again.activity_ids.filtered(lambda a: a.user_id == self.outsider))

    def test_the_initiator_may_not_ask_added_approvers_again(self):
        request = self.make_request()
        self.bring_to_review(request)
        self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_add_approver(
            self.outsider.id, "after", "Firmware sign-off"
        )
        request.with_user(self.mkt_user).action_withdraw("Wrong scope")
        request.with_user(self.mkt_user).write({"reask_added_approvers": False})
        request.with_user(self.mkt_user).action_submit()
        self.bring_to_review_from_submitted(request)
        self.assertFalse(request.current_approval_ids.filtered(lambda a: a.approver_id == self.outsider))
        self.assertIn("Not asked again", str(request.message_ids[:10].mapped("body")))
