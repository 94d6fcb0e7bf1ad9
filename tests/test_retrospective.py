from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .test_acceptance import AcceptanceCase


class TestRetrospective(AcceptanceCase):
    def setUp(self):
        super().setUp()
        self.pass_all()
        self.retrospective = self.request.retrospective_ids

    def fill(self, **values):
        self.retrospective.write(
            {
                "achievement": "Sales +35% YoY, satisfaction 92%",
                "goal_met": "exceeded",
                "highlights": "Data shared early",
                "problems": "Warehouse overflow",
                "suggestions": "Stress-test stock two weeks ahead\n\n- Share sales history in week one\n",
                **values,
            }
        )

    def test_done_requires_achievement_goal_met_and_a_lesson_or_suggestion(self):
        with self.assertRaises(UserError) as caught:
            self.retrospective.with_user(self.mkt_head).action_done()
        self.assertIn("achieved", str(caught.exception))
        self.fill(suggestions=False)
        with self.assertRaisesRegex(UserError, "at least one lesson"):
            self.retrospective.with_user(self.mkt_head).action_done()
        self.assertEqual(self.retrospective.state, "draft")

    def test_only_lead_head_or_coordinator_completes(self):
        self.fill()
        with self.assertRaisesRegex(AccessError, "can complete the retrospective"):
            self.retrospective.with_user(self.rd_head).action_done()
        self.retrospective.with_user(self.coordinator).action_done()
        self.assertEqual(self.retrospective.state, "done")

    def test_suggestions_become_lessons_and_activity_is_closed(self):
        self.fill()
        self.retrospective.with_user(self.mkt_head).action_done()
        self.assertEqual(self.retrospective.state, "done")
        lessons = self.retrospective.lesson_ids
        self.assertEqual(
            sorted(lessons.mapped("name")), ["Share sales history in week one", "Stress-test stock two weeks ahead"]
        )
        self.assertEqual(set(lessons.mapped("request_type")), {"project"})
        self.assertEqual(lessons.department_ids, self.dept_mkt | self.dept_rd | self.dept_sales)
        self.assertEqual(lessons.request_id, self.request)
        self.assertFalse(
            self.activities_of(self.retrospective, "cross_dept_collab.mail_activity_type_collab_retrospective")
        )

    def test_written_lessons_are_kept(self):
        self.fill()
        self.env["collab.lesson"].create(
            {"name": "Own lesson", "retrospective_id": self.retrospective.id, "request_type": "project"}
        )
        self.retrospective.with_user(self.mkt_head).action_done()
        self.assertEqual(self.retrospective.lesson_ids.mapped("name"), ["Own lesson"])

    def test_close_requires_done_retrospective(self):
        with self.assertRaisesRegex(AccessError, "Only the collaboration coordinator"):
            self.request.with_user(self.mkt_head).action_close()
        with self.assertRaisesRegex(UserError, "before its retrospective is done"):
            self.request.with_user(self.coordinator).action_close()
        self.fill()
        self.retrospective.with_user(self.mkt_head).action_done()
        self.request.with_user(self.coordinator).action_close()
        self.assertEqual(self.request.state, "closed")
        self.assertEqual(self.request.decision_ids[:1].action, "close")


class TestLessons(AcceptanceCase):
    def setUp(self):
        super().setUp()
        Tag = self.env["collab.lesson.tag"]
        self.tag_stock = Tag.create({"name": "T stock"})
        self.tag_testing = Tag.create({"name": "T testing"})
        Lesson = self.env["collab.lesson"]
        self.lesson_rd = Lesson.create(
            {
                "name": "Measure battery life first",
                "tag_ids": [Command.set(self.tag_testing.ids)],
                "department_ids": [Command.set(self.dept_rd.ids)],
                "request_type": "project",
                "project_id": self.project.id,
            }
        )
        self.lesson_sales = Lesson.create(
            {
                "name": "Stress-test stock",
                "tag_ids": [Command.set(self.tag_stock.ids)],
                "department_ids": [Command.set(self.dept_sales.ids)],
                "request_type": "resource",
            }
        )

    def test_every_collaboration_user_reads_lessons_and_searches_them(self):
        Lesson = self.env["collab.lesson"].with_user(self.sales_user)
        mine = self.lesson_rd | self.lesson_sales
        self.assertEqual(
            Lesson.search([("tag_ids", "in", self.tag_testing.ids), ("id", "in", mine.ids)]), self.lesson_rd
        )
        self.assertEqual(
            Lesson.search([("department_ids", "in", self.dept_sales.ids), ("id", "in", mine.ids)]), self.lesson_sales
        )
        self.assertEqual(Lesson.search([("request_type", "=", "resource"), ("id", "in", mine.ids)]), self.lesson_sales)
        self.assertEqual(self.lesson_rd.with_user(self.sales_user).name, "Measure battery life first")
        with self.assertRaisesRegex(AccessError, "not allowed to modify"):
            self.lesson_rd.with_user(self.sales_user).name = "changed"

    def test_new_request_suggests_lessons_of_earlier_requests(self):
        self.assertEqual(self.lesson_rd.request_id, self.request)
        self.assertNotIn(self.lesson_rd, self.request.suggested_lesson_ids, "not its own lessons")
        new = self.make_request(title="Smartwatch 2", date_expected=date(2020, 9, 1))
        suggested = new.with_user(self.mkt_user).suggested_lesson_ids
        self.assertIn(self.lesson_rd, suggested, "same type, shares R&D")
        self.assertNotIn(self.lesson_sales, suggested, "another request type")
        other = self.make_request(title="Other", departments=self.dept_sales, request_type="project")
        self.assertNotIn(self.lesson_rd, other.suggested_lesson_ids, "no shared department")
