"""The request's workflow in one room: one transition table, one "may the user do it" answer for
the buttons and the actions, and activities reconciled from the state (idempotent)."""

from odoo.exceptions import AccessError, UserError

from odoo.addons.cross_dept_collab.models.collab_request_workflow import (
    ACTIONS,
    COMPUTED_TARGETS,
    ENTER,
    TRANSITIONS,
)

from .common import RequestCase

REVISE = "cross_dept_collab.mail_activity_type_collab_revise"
REVIEW = "cross_dept_collab.mail_activity_type_collab_review"


class TestTransitionTable(RequestCase):
    def test_every_transition_leads_to_a_state_of_the_request(self):
        states = dict(self.env["collab.request"]._fields["state"].selection)
        actions = dict(self.env["collab.request.decision"]._fields["action"].selection)
        for (state, event), (target, hours, effect) in TRANSITIONS.items():
            self.assertIn(state, states, event)
            # an approval goes to the next step of the request's path, a return to a step already
            # passed (or the initiator): one of the states entered, computed per request
            self.assertIn(target, [*states, *COMPUTED_TARGETS], event)
            self.assertIn(event, actions, "each event is a line of the decision log")
            if hours:
                self.assertIn(hours, self.env["res.company"]._fields, event)
            if effect:
                self.assertTrue(hasattr(self.env["collab.request"], effect), effect)
        for state, (hours, enter) in ENTER.items():
            self.assertIn(state, states)
            self.assertTrue(hasattr(self.env["collab.request"], enter), enter)
            if hours:
                self.assertIn(hours, self.env["res.company"]._fields, state)

    def test_an_event_the_state_does_not_take_is_refused_and_changes_nothing(self):
        request = self.make_request()
        with self.assertRaisesRegex(UserError, "cannot be close while it is in state Draft"):
            request._fire("close")
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.decision_ids)


class TestMayTheUserDoIt(RequestCase):
    def test_the_button_and_the_action_give_the_same_answer(self):
        """Withdrawing: only the initiator, only under review — the button hides and the action
        refuses with the same reason."""
        request = self.make_request()
        outsider = request.with_user(self.rd_user)
        self.assertFalse(outsider.can_withdraw)
        error, message = outsider._collab_cannot("withdraw")
        self.assertIs(error, UserError)
        self.assertRegex(message, "cannot be withdrawn while it is in state Draft")
        with self.assertRaisesRegex(UserError, "cannot be withdrawn while it is in state Draft"):
            outsider.action_withdraw()

        request.with_user(self.mkt_user).action_submit()
        self.assertTrue(request.with_user(self.mkt_user).can_withdraw)
        self.assertFalse(outsider.can_withdraw)
        error, message = outsider._collab_cannot("withdraw")
        self.assertIs(error, AccessError)
        with self.assertRaisesRegex(AccessError, "Only the initiator of .* can withdraw it"):
            outsider.action_withdraw()
        self.assertEqual(request.state, "submitted")

    def test_every_action_of_the_table_answers_for_every_role(self):
        """A draft request: each role is refused each action of the table for its own reason —
        the first failing check in the table's order (state, then who; "close" and "restart
        review" ask who first)."""
        request = self.make_request()
        coordinator_only = (AccessError, r"^Only the collaboration coordinator \(PMO\) can do this\.$")
        initiator_or_coordinator = (AccessError, r"^Only the initiator of .* or the coordinator can do this\.$")

        def in_draft(word):
            return (UserError, rf"cannot be {word} while it is in state Draft\.$")

        expected = {
            self.mkt_user: {
                "submit": None,
                "cancel": None,
                "urge": in_draft("urged"),
                "withdraw": in_draft("withdrawn"),
                "close": coordinator_only,
                "restart_review": coordinator_only,
            },
            self.rd_user: {
                "submit": initiator_or_coordinator,
                "cancel": initiator_or_coordinator,
                "urge": in_draft("urged"),
                "withdraw": in_draft("withdrawn"),
                "close": coordinator_only,
                "restart_review": coordinator_only,
            },
            self.coordinator: {
                "submit": None,
                "cancel": None,
                "urge": in_draft("urged"),
                "withdraw": in_draft("withdrawn"),
                "close": in_draft("closed"),
                "restart_review": in_draft("sent back to department review"),
            },
        }
        for user, answers in expected.items():
            self.assertEqual(set(answers), set(ACTIONS), "every action of the table is answered")
            for action, answer in answers.items():
                refusal = request.with_user(user)._collab_cannot(action)
                if answer is None:
                    self.assertFalse(refusal, (user.login, action))
                    continue
                error, pattern = answer
                self.assertTrue(refusal, (user.login, action))
                self.assertIs(refusal[0], error, (user.login, action))
                self.assertRegex(refusal[1], pattern, (user.login, action))


class TestActivitiesFromState(RequestCase):
    def open_activities(self, request, xmlid):
        return self.activities_of(request, xmlid)

    def test_a_returned_request_asks_its_initiator_once_and_resubmitting_closes_it(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_return("Please add Sales")
        revise = self.open_activities(request, REVISE)
        self.assertEqual(revise.user_id, self.mkt_user)
        self.assertIn("Please add Sales", str(revise.note))

        request._collab_sync_activities()
        request._collab_sync_activities()
        self.assertEqual(self.open_activities(request, REVISE), revise, "reconciling twice changes nothing")

        revise.with_user(self.mkt_user).unlink()
        request._collab_sync_activities()
        again = self.open_activities(request, REVISE)
        self.assertEqual(again.user_id, self.mkt_user, "the initiator is still expected to revise")

        request.with_user(self.mkt_user).action_submit()
        self.assertFalse(self.open_activities(request, REVISE), "resubmitted: nothing left to revise")

    def test_second_coordination_asks_the_coordinator_once_and_restarting_is_its_feedback(self):
        request = self.make_request()
        self.bring_to_review(request)
        self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_request_changes("Two more weeks")
        self.assertEqual(request.state, "second_coordination")
        asked = self.open_activities(request, REVIEW)
        self.assertEqual(asked.user_id, self.coordinator)
        self.assertEqual(asked.summary, "Second coordination: departments asked for changes")

        request._collab_sync_activities()
        self.assertEqual(self.open_activities(request, REVIEW), asked)

        request.with_user(self.coordinator).action_restart_review("Dates moved as asked")
        self.assertEqual(request.state, "department_review")
        self.assertFalse(self.open_activities(request, REVIEW))
        done = (
            self.env["mail.message"]
            .sudo()
            .search(
                [("model", "=", "collab.request"), ("res_id", "=", request.id), ("mail_activity_type_id", "!=", False)]
            )
        )
        self.assertTrue(any("Dates moved as asked" in str(message.body) for message in done))
