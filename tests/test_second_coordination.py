"""Second coordination (二次协调): the coordinator and the initiator revise what the departments are
asked, then restart the review with a comment; the decision log shows what changed."""

from datetime import timedelta

from markupsafe import escape

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form
from odoo.tools import format_date

from .common import RequestCase, load_languages

APPROVAL = "cross_dept_collab.mail_activity_type_collab_approval"


class SecondCoordinationCase(RequestCase):
    def setUp(self):
        super().setUp()
        self.request = self.make_request()
        self.bring_to_review(self.request)
        self.approval_of(self.request, self.dept_rd).with_user(self.rd_head).action_request_changes(
            "The prototype needs two more weeks: deliver on the later date"
        )
        self.assertEqual(self.request.state, "second_coordination")
        self.today = self.company_today(self.request)

    def ask_of(self, department):
        return self.request.line_ids.filtered(lambda line: line.department_id == department)


class TestWhoRevisesWhat(SecondCoordinationCase):
    def test_initiator_revises_asks_and_dates_through_the_form(self):
        new_due = self.today + timedelta(days=44)
        new_expected = self.today + timedelta(days=120)
        self.assertTrue(self.request.with_user(self.mkt_user).can_revise)
        with Form(self.request.with_user(self.mkt_user)) as form:
            form.date_expected = new_expected
            form.scope = "Launch campaign and sales training"
            with form.line_ids.edit(0) as line:
                line.date_due = new_due
        self.assertEqual(self.request.date_expected, new_expected)
        self.assertEqual(self.request.line_ids[0].date_due, new_due)
        self.assertEqual(self.request.scope, "Launch campaign and sales training")

    def test_coordinator_adds_and_removes_departments_and_asks(self):
        request = self.request.with_user(self.coordinator)
        self.assertTrue(request.can_revise)
        request.write(
            {
                "involved_department_ids": [Command.link(self.dept_mkt.id), Command.unlink(self.dept_sales.id)],
                "line_ids": [
                    Command.delete(self.ask_of(self.dept_sales).id),
                    Command.create(
                        {
                            "department_id": self.dept_mkt.id,
                            "description": "Campaign plan for the launch",
                            "date_due": self.today + timedelta(days=20),
                        }
                    ),
                ],
            }
        )
        self.assertEqual(self.request.involved_department_ids, self.dept_rd | self.dept_mkt)
        self.assertEqual(self.request.line_ids.department_id, self.dept_rd | self.dept_mkt)

    def test_everyone_else_is_refused(self):
        ask = self.ask_of(self.dept_rd)
        for user in (self.rd_head, self.sales_head, self.sales_user, self.rd_user, self.sponsor):
            self.assertFalse(self.request.with_user(user).can_revise)
            with self.assertRaisesRegex(AccessError, "can revise .* in second coordination"):
                self.request.with_user(user).write({"date_expected": self.today + timedelta(days=100)})
            with self.assertRaisesRegex(AccessError, "can revise .* in second coordination"):
                ask.with_user(user).write({"date_due": self.today + timedelta(days=50)})
            with self.assertRaisesRegex(AccessError, "can revise .* in second coordination"):
                self.env["collab.request.line"].with_user(user).create(
                    {"request_id": self.request.id, "department_id": self.dept_rd.id, "description": "More"}
                )
        with self.assertRaisesRegex(AccessError, "can revise .* in second coordination"):
            ask.with_user(self.rd_head).unlink()
        self.assertEqual(ask.date_due, self.today + timedelta(days=30))

    def test_only_the_asks_dates_scope_and_departments_are_revised(self):
        for user in (self.mkt_user, self.coordinator):
            for values in ({"title": "Another title"}, {"priority": "low"}, {"goal": "Another goal"}):
                with self.assertRaises(UserError) as caught:
                    self.request.with_user(user).write(values)
                self.assertIn("second coordination", str(caught.exception))
        self.assertEqual(self.request.title, "Smartwatch launch")

    def test_view_locks_the_rest(self):
        form = Form(self.request.with_user(self.mkt_user))
        with self.assertRaises(AssertionError):
            form.title = "Another title"
        form = Form(self.request.with_user(self.rd_head))
        with self.assertRaises(AssertionError):
            form.date_expected = self.today + timedelta(days=100)

    def test_nothing_is_revised_outside_second_coordination(self):
        self.request.with_user(self.coordinator).action_restart_review("Same asks, please review again")
        self.assertEqual(self.request.state, "department_review")
        self.assertFalse(self.request.with_user(self.mkt_user).can_revise)
        with self.assertRaisesRegex(UserError, "can no longer be edited"):
            self.ask_of(self.dept_rd).with_user(self.mkt_user).write({"date_due": self.today + timedelta(days=50)})
        with self.assertRaisesRegex(UserError, "can no longer be edited"):
            self.request.with_user(self.coordinator).write({"date_expected": self.today + timedelta(days=100)})


class TestRestartWithComment(SecondCoordinationCase):
    def test_restart_requires_a_comment_and_only_the_coordinator(self):
        with self.assertRaisesRegex(UserError, "give a reason to restart"):
            self.request.with_user(self.coordinator).action_restart_review()
        with self.assertRaisesRegex(UserError, "give a reason to restart"):
            self.request.with_user(self.coordinator).action_restart_review("   ")
        with self.assertRaisesRegex(UserError, "(?i)reason"):
            self.request.with_user(self.coordinator).action_restart_review(42)
        with self.assertRaisesRegex(AccessError, "Only the collaboration coordinator"):
            self.request.with_user(self.mkt_user).action_restart_review("I restart it myself")
        self.assertEqual(self.request.state, "second_coordination")

    def test_restart_through_the_reason_dialog(self):
        action = self.request.with_user(self.coordinator).with_context(collab_action="restart_review")
        action = action.action_open_reason_wizard()
        self.assertEqual(action["name"], "Restart the department review")
        wizard = Form(self.env["collab.request.reason"].with_user(self.coordinator).with_context(action["context"]))
        wizard.reason = "R&D's later date adopted"
        wizard.save().action_confirm()
        self.assertEqual(self.request.state, "department_review")
        self.assertEqual(self.request.review_round, 2)
        restart = self.request.decision_ids.filtered(lambda d: d.action == "restart_review")
        self.assertEqual(restart.reason, "R&D's later date adopted")

    def test_restart_refuses_an_incomplete_revision(self):
        self.request.with_user(self.coordinator).write({"involved_department_ids": [Command.link(self.dept_mkt.id)]})
        with self.assertRaises(ValidationError) as caught:
            self.request.with_user(self.coordinator).action_restart_review("Marketing joins")
        self.assertIn(self.dept_mkt.name, str(caught.exception))
        self.assertEqual(self.request.state, "second_coordination")

    def test_comment_and_changes_reach_the_departments_in_their_language(self):
        load_languages(self.env, ("zh_CN",))
        self.sales_head.lang = "zh_CN"
        old_due = self.ask_of(self.dept_rd).date_due
        new_due = old_due + timedelta(days=14)
        self.ask_of(self.dept_rd).with_user(self.mkt_user).date_due = new_due
        self.request.with_user(self.coordinator).action_restart_review("The date of R&D <b>adopted</b>")
        rd = self.activities_of(self.approval_of(self.request, self.dept_rd), APPROVAL)
        sales = self.activities_of(self.approval_of(self.request, self.dept_sales), APPROVAL)
        self.assertEqual((rd | sales).user_id, self.rd_head | self.sales_head)
        self.assertIn("comment: The date of R&amp;D &lt;b&gt;adopted&lt;/b&gt;", str(rd.note))
        en_change = f"{self.dept_rd.name}: due date {format_date(self.env, old_due)} → {format_date(self.env, new_due)}"
        self.assertIn(escape(en_change), str(rd.note))
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        zh_change = f"{self.dept_rd.name}：交付日期 {format_date(zh, old_due)} → {format_date(zh, new_due)}"
        self.assertIn("协调人意见：The date of R&amp;D &lt;b&gt;adopted&lt;/b&gt;", str(sales.note))
        self.assertIn(escape(zh_change), str(sales.note))
        self.assertNotIn("comment: The date", str(sales.note))


class TestDiffInTheDecisionLog(SecondCoordinationCase):
    def test_log_and_chatter_show_what_changed_since_the_previous_round(self):
        old_due = self.ask_of(self.dept_rd).date_due
        new_due = old_due + timedelta(days=14)
        old_expected = self.request.date_expected
        new_expected = old_expected + timedelta(days=10)
        request = self.request.with_user(self.coordinator)
        request.write(
            {
                "date_expected": new_expected,
                "involved_department_ids": [Command.link(self.dept_mkt.id)],
                "line_ids": [
                    Command.update(self.ask_of(self.dept_rd).id, {"date_due": new_due}),
                    Command.update(self.ask_of(self.dept_sales).id, {"description": "Sales <script>x</script>"}),
                    Command.create(
                        {
                            "department_id": self.dept_mkt.id,
                            "description": "Campaign plan",
                            "date_due": self.today + timedelta(days=20),
                        }
                    ),
                ],
            }
        )
        request.action_restart_review("Dates adopted")
        restart = self.request.decision_ids.filtered(lambda d: d.action == "restart_review")
        text = restart.with_user(self.sales_head).changes_text
        day = lambda value: format_date(self.env, value)  # noqa: E731
        expected = [
            f"Department added: {self.dept_mkt.name}",
            f"{self.dept_rd.name}: due date {day(old_due)} → {day(new_due)}",
            f"{self.dept_sales.name}: ask Deliverable from {self.dept_sales.name} → Sales <script>x</script>",
            f"{self.dept_mkt.name}: new ask: Campaign plan (due {day(self.today + timedelta(days=20))})",
            f"Expected completion: {day(old_expected)} → {day(new_expected)}",
        ]
        for line in expected:
            self.assertIn(line, text)
        note = self.request.message_ids.filtered(lambda m: "Changes since the previous round" in str(m.body))
        self.assertEqual(len(note), 1)
        self.assertIn("Sales &lt;script&gt;x&lt;/script&gt;", str(note.body))
        self.assertNotIn("<script>", str(note.body))

        # the next round compares with what round 2 was asked, not with round 1
        self.approval_of(self.request, self.dept_sales).with_user(self.sales_head).action_reject("Still not")
        self.assertEqual(self.request.state, "second_coordination")
        self.request.with_user(self.coordinator).action_restart_review("Nothing more to change")
        last = self.request.decision_ids.filtered(lambda d: d.action == "restart_review").sorted("id")[-1]
        self.assertEqual(last.review_round, 2)
        self.assertFalse(last.changes)
        self.assertFalse(last.changes_text)
        self.assertEqual(self.request.review_round, 3)
