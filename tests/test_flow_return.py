"""Return to any earlier step (退回到任意节点): the decider of the request's current step sends it
back to a step of its path already passed, or to its initiator, with a reason; the flow's
resubmit mode says how it flows on — every step after the returned-to one again, or straight
back to the step that returned it. Every decision taken by its real decider."""

from odoo.exceptions import AccessError, UserError

from .common import GROUP_COORDINATOR
from .test_flow_resolution import FlowCase

LEAD = "cross_dept_collab.mail_activity_type_collab_lead_confirmation"
REVIEW = "cross_dept_collab.mail_activity_type_collab_review"
REVISE = "cross_dept_collab.mail_activity_type_collab_revise"
SPONSOR = "cross_dept_collab.mail_activity_type_collab_sponsor_approval"


class TestFlowReturn(FlowCase):
    def standard_flow(self, mode, legal=False):
        """PMO review, lead confirmation, department reviews, sponsor approval — and, with
        ``legal``, a step nobody decides (skipped) after the PMO review."""
        steps = [
            {
                "name": "PMO Review",
                "kind": "pmo_review",
                "approver_rule": "group",
                "group_id": self.env.ref(GROUP_COORDINATOR).id,
            },
            {"name": "Lead Confirmation", "kind": "lead_confirmation", "approver_rule": "department_head"},
            {"name": "Department Reviews", "kind": "department_reviews", "approver_rule": "department_head"},
            {"name": "Sponsor Approval", "kind": "sponsor_approval", "approver_rule": "sponsor"},
        ]
        if legal:
            steps.insert(1, {"name": "Legal", "approver_rule": "initiator_picks"})
        return self.make_flow(steps, resubmit_mode=mode, empty_approver="skip", repeat_approver="each")

    def at_sponsor(self):
        """A request through PMO review, lead confirmation and both departments' reviews."""
        request = self.make_request()
        self.bring_to_review(request)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve("Fine")
        self.assertEqual(request.state, "sponsor_approval")
        return request

    def log(self, request):
        lines = request.decision_ids.sorted("id")
        return [(line.action, line.state_to) for line in lines]

    def path_states(self, request):
        return [entry["state"] for entry in request.flow_path]

    def approve_reviews(self, request):
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve("Fine again")

    # ------------------------------------------------------------------------------------------
    # The two resubmission modes
    # ------------------------------------------------------------------------------------------
    def test_sponsor_returns_to_lead_confirmation_and_every_later_step_runs_again(self):
        self.standard_flow("rerun_from_target")
        request = self.at_sponsor()
        sponsor_step = request.sudo().step_ids.filtered(lambda s: s.step == "sponsor_approval")
        request.with_user(self.sponsor).action_return_to(1, "Budget doubled: the lead must confirm again")

        self.assertEqual(request.state, "lead_confirmation")
        self.assertEqual(request.flow_position, 1)
        self.assertEqual(request.flow_return_from, 3)
        self.assertEqual(self.path_states(request), ["done", "current", "todo", "todo"])
        self.assertEqual(sponsor_step.state, "returned")
        self.assertEqual(sponsor_step.comment, "Budget doubled: the lead must confirm again")
        self.assertFalse(self.activities_of(request, SPONSOR), "the sponsor's activity is done with the return")
        self.assertEqual(self.activities_of(request, LEAD).user_id, self.mkt_head, "the lead's head is asked again")
        line = request.decision_ids.sorted("id")[-1]
        self.assertEqual((line.action, line.user_id, line.state_to), ("return_to", self.sponsor, "lead_confirmation"))
        self.assertEqual(line.reason, "Budget doubled: the lead must confirm again")
        self.assertEqual(
            line.with_context(lang="en_US").changes_text,
            "Returned from step 4 (Sponsor Approval) to step 2 (Lead Confirmation)",
        )
        self.assertEqual(request.sent_back_user_id, self.sponsor, "the form's banner says who sent it back")

        request.with_user(self.mkt_head).action_confirm_lead()
        self.assertEqual(request.state, "department_review", "rerun: the departments review again")
        self.assertEqual(request.review_round, 2)
        self.assertEqual(request.flow_return_from, -1)
        note = request.current_approval_ids[:1].sudo()._decision_activity_note()
        self.assertIn("returned the request on", note)
        self.assertIn("Reason: Budget doubled", note)
        self.approve_reviews(request)
        self.assertEqual(request.state, "sponsor_approval")
        request.with_user(self.sponsor).action_sponsor_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(
            self.log(request),
            [
                ("submit", "submitted"),
                ("accept", "lead_confirmation"),
                ("confirm_lead", "department_review"),
                ("reviews_complete", "sponsor_approval"),
                ("return_to", "lead_confirmation"),
                ("confirm_lead", "department_review"),
                ("reviews_complete", "sponsor_approval"),
                ("sponsor_approve", "approved"),
            ],
        )
        self.assertEqual(self.path_states(request), ["done"] * 4)

    def test_sponsor_returns_to_lead_confirmation_and_goes_straight_back(self):
        self.standard_flow("to_returning_step")
        request = self.at_sponsor()
        round_one = request.current_approval_ids
        request.with_user(self.sponsor).action_return_to(1, "Budget doubled: the lead must confirm again")
        self.assertEqual(request.state, "lead_confirmation")
        self.assertEqual(request.flow_return_from, 3)
        self.assertEqual(
            self.path_states(request),
            ["done", "current", "done", "todo"],
            "the departments' reviews keep their approvals",
        )

        request.with_user(self.mkt_head).action_confirm_lead()
        self.assertEqual(request.state, "sponsor_approval", "straight back to the step that returned it")
        self.assertEqual(request.flow_position, 3)
        self.assertEqual(request.flow_return_from, -1)
        self.assertEqual(request.review_round, 1)
        self.assertEqual(set(round_one.mapped("state")), {"approved"})
        self.assertEqual(self.activities_of(request, SPONSOR).user_id, self.sponsor)
        request.with_user(self.sponsor).action_sponsor_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(
            self.log(request),
            [
                ("submit", "submitted"),
                ("accept", "lead_confirmation"),
                ("confirm_lead", "department_review"),
                ("reviews_complete", "sponsor_approval"),
                ("return_to", "lead_confirmation"),
                ("confirm_lead", "sponsor_approval"),
                ("sponsor_approve", "approved"),
            ],
        )
        self.assertEqual(self.path_states(request), ["done"] * 4)

    def test_straight_back_after_the_pmo_accepts_again(self):
        """Returned to the PMO review (the path is resolved again once it accepts): the steps up to
        the one that returned it keep their approvals."""
        self.standard_flow("to_returning_step")
        request = self.at_sponsor()
        request.with_user(self.sponsor).action_return_to(0, "Check the lead department")
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self.activities_of(request, REVIEW).user_id, self.coordinator)
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.assertEqual(request.state, "sponsor_approval")
        self.assertEqual(self.path_states(request), ["done", "done", "done", "current"])

    def test_an_objection_after_a_return_runs_the_path_again(self):
        """Straight back only follows the returned-to step's approval: an objection there sends the
        request to the PMO, and the path runs on from there."""
        self.standard_flow("to_returning_step")
        request = self.at_sponsor()
        request.with_user(self.sponsor).action_return_to(1, "Confirm the lead again")
        request.with_user(self.mkt_head).action_object("R&D should lead")
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.flow_return_from, -1)
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.assertEqual(request.state, "lead_confirmation")

    # ------------------------------------------------------------------------------------------
    # Other deciders, other targets
    # ------------------------------------------------------------------------------------------
    def test_a_department_returns_the_request_to_the_pmo_review(self):
        self.standard_flow("rerun_from_target")
        request = self.make_request()
        self.bring_to_review(request)
        rd = self.approval_of(request, self.dept_rd)
        sales = self.approval_of(request, self.dept_sales)
        request.with_user(self.rd_head).action_return_to(0, "The asks to R&D belong to another department")
        self.assertEqual(request.state, "submitted")
        self.assertEqual(rd.state, "returned")
        self.assertEqual(rd.feedback, "The asks to R&D belong to another department")
        self.assertEqual(sales.state, "superseded", "the other departments' reviews are withdrawn")
        self.assertEqual(self.path_states(request), ["current", "todo", "todo", "todo"])
        self.assertEqual(self.activities_of(request, REVIEW).user_id, self.coordinator)
        self.assertEqual(
            request.decision_ids.sorted("id")[-1].with_context(lang="en_US").changes_text,
            "Returned from step 3 (Department Reviews) to step 1 (PMO Review)",
        )

    def test_return_to_the_initiator(self):
        self.standard_flow("to_returning_step")
        request = self.at_sponsor()
        sponsor_step = request.sudo().step_ids.filtered(lambda s: s.step == "sponsor_approval")
        sponsor_step.with_user(self.sponsor).action_return_to(False, "Rewrite the goal")
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.flow_return_from, -1)
        revise = self.activities_of(request, REVISE)
        self.assertEqual(revise.user_id, self.mkt_user, "the initiator is asked to revise, as after a return")
        self.assertIn("Rewrite the goal", str(revise.note))
        self.assertEqual(
            request.decision_ids.sorted("id")[-1].with_context(lang="en_US").changes_text,
            "Returned from step 4 (Sponsor Approval) to the initiator",
        )
        request.with_user(self.mkt_user).action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self.path_states(request), ["current", "todo", "todo", "todo"])

    def test_the_coordinator_returns_from_second_coordination(self):
        self.standard_flow("rerun_from_target")
        request = self.make_request()
        self.bring_to_review(request)
        self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_request_changes("Later")
        self.assertEqual(request.state, "second_coordination")
        with self.assertRaisesRegex(AccessError, "Only the collaboration coordinator"):
            request.with_user(self.mkt_head).action_return_to(1, "Confirm again")
        request.with_user(self.coordinator).action_return_to(1, "The lead must confirm the new scope")
        self.assertEqual(request.state, "lead_confirmation")
        self.assertFalse(self.approval_of(request, self.dept_sales).state == "pending")
        self.assertEqual(self.activities_of(request, LEAD).user_id, self.mkt_head)

    # ------------------------------------------------------------------------------------------
    # Refusals: why, and nothing written
    # ------------------------------------------------------------------------------------------
    def test_refusals_say_why_and_change_nothing(self):
        self.standard_flow("rerun_from_target", legal=True)
        request = self.at_sponsor()
        self.assertEqual([e["state"] for e in request.flow_path], ["done", "skipped", "done", "done", "current"])
        step = request.sudo().step_ids.filtered(lambda s: s.step == "sponsor_approval")
        as_sponsor = request.with_user(self.sponsor)
        with self.assertRaisesRegex(AccessError, "Only Test Sponsor can decide on"):
            request.with_user(self.rd_head).action_return_to(2, "I would rather")
        with self.assertRaisesRegex(AccessError, "Only Test Sponsor can decide on"):
            step.with_user(self.mkt_head).action_return_to(2, "I would rather")
        with self.assertRaisesRegex(UserError, r"Step 5 \(Sponsor Approval\) has not been passed yet"):
            as_sponsor.action_return_to(4, "Again")
        with self.assertRaisesRegex(UserError, r"Step 2 \(Legal\) was skipped: .* can only be returned to a step"):
            as_sponsor.action_return_to(1, "Legal must see it")
        with self.assertRaisesRegex(UserError, "has no step 9: its path has 5 steps"):
            as_sponsor.action_return_to(9, "Again")
        with self.assertRaisesRegex(UserError, "Please give the reason for returning the request to an earlier step"):
            as_sponsor.action_return_to(2, "   ")
        with self.assertRaisesRegex(UserError, "Please give the reason for returning the request to an earlier step"):
            as_sponsor.action_return_to(2)
        for bad in ("2", 2.0, True, [2], {"index": 2}):
            with self.assertRaisesRegex(UserError, "The step to return to must be the number of a step of the path"):
                as_sponsor.action_return_to(bad, "Again")
        with self.assertRaisesRegex(UserError, "The reason must be a text"):
            as_sponsor.action_return_to(2, 42)
        self.assertEqual(request.state, "sponsor_approval")
        self.assertEqual(step.state, "pending")
        self.assertNotIn("return_to", request.decision_ids.mapped("action"))
        self.assertEqual(self.activities_of(request, SPONSOR).user_id, self.sponsor)
        # the memory of the return is the workflow's
        with self.assertRaisesRegex(UserError, r"change only through its buttons \(the workflow\), not by editing"):
            request.with_user(self.coordinator).write({"flow_return_from": 1})
        # a request not at a step: nothing to return
        draft = self.make_request()
        with self.assertRaisesRegex(UserError, "cannot be returned to an earlier step while it is in state Draft"):
            draft.with_user(self.coordinator).action_return_to(-1, "No")

    # ------------------------------------------------------------------------------------------
    # The dialog
    # ------------------------------------------------------------------------------------------
    def test_the_dialog_offers_the_passed_steps_and_the_initiator(self):
        self.standard_flow("rerun_from_target", legal=True)
        request = self.at_sponsor()
        self.assertTrue(request.with_user(self.sponsor).can_return_to)
        self.assertFalse(request.with_user(self.rd_head).can_return_to)
        with self.assertRaisesRegex(AccessError, "Only Test Sponsor can decide on"):
            request.with_user(self.rd_head).action_open_return_to_wizard()
        action = request.with_user(self.sponsor).action_open_return_to_wizard()
        wizard = self.env[action["res_model"]].with_user(self.sponsor).browse(action["res_id"])
        self.assertEqual(
            wizard.option_ids.mapped("name"),
            ["The initiator", "Step 1 (PMO Review)", "Step 3 (Lead Confirmation)", "Step 4 (Department Reviews)"],
        )
        lead = wizard.option_ids.filtered(lambda o: o.target_index == 2)
        wizard.write({"option_id": lead.id, "reason": "Confirm the lead again"})
        wizard.action_confirm()
        self.assertEqual(request.state, "lead_confirmation")
        self.assertEqual(request.decision_ids.sorted("id")[-1].reason, "Confirm the lead again")

    def test_the_dialog_refuses_a_choice_of_another_dialog(self):
        self.standard_flow("rerun_from_target")
        request = self.at_sponsor()
        step = request.sudo().step_ids.filtered(lambda s: s.step == "sponsor_approval")
        Wizard = self.env["collab.request.return.to"].with_user(self.sponsor)
        first = Wizard.browse(step.with_user(self.sponsor).action_open_return_to_wizard()["res_id"])
        second = Wizard.browse(step.with_user(self.sponsor).action_open_return_to_wizard()["res_id"])
        for bad in (first.option_ids[:1].id, "abc", 999_999, True):
            with self.assertRaisesRegex(UserError, "Choose the step to return the request to among those the dialog"):
                second.write({"option_id": bad, "reason": "Again"})
        with self.assertRaisesRegex(UserError, "Choose the step to return the request to among those the dialog"):
            Wizard.create({"request_id": request.id, "option_id": "abc"})
        with self.assertRaisesRegex(UserError, "Choose the step to return the request to"):
            second.action_confirm()
        self.assertEqual(request.state, "sponsor_approval")
