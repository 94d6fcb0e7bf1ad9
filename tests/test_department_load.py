"""Each department's load: planned task-days per week across the open collaboration projects,
per person, against the employees' capacity; who sees it; the review form shows it to the head."""

from datetime import datetime, time, timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import GROUP_USER, PlanCase
from .migration import run_migration


def monday_of(day):
    return day - timedelta(days=day.weekday())


class TestDepartmentLoad(PlanCase):
    """R&D has two employees (its head and a member) working Mon–Fri. Two projects overlap on
    R&D in week 1 (W1); week 2 (W2) has a public holiday on Wednesday and a make-up Saturday.

    W1 Mon–Fri: a1 (project A, member) 5 days; a2 (project A, head + member) 5; b1 (project B,
    head) 5 → planned 15 task-days; capacity 2 employees × 5 days = 10 → 150 %, over capacity.
    W2: a2 runs Mon–Sat: Mon, Tue, Thu, Fri and the make-up Saturday = 5 task-days (Wednesday is
    the holiday); capacity 2 × (4 + the make-up Saturday) = 10 → 50 %.
    Per person, W1: member 5 (a1) + 2.5 (half of a2) = 7.5; head 2.5 + 5 (b1) = 7.5. W2: 2.5 each.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the employees work on the company's Mon–Fri calendar (the plan's)
        cls.rd_employees = cls.env["hr.employee"].search([("department_id", "=", cls.dept_rd.id)])
        cls.rd_employees.resource_calendar_id = cls.calendar
        cls.Load = cls.env["collab.report.department.load"]
        cls.TaskLoad = cls.env["collab.task.load"]

    def setUp(self):
        super().setUp()
        self.w1 = monday_of(self.company_today()) + timedelta(days=14)
        self.w2 = self.w1 + timedelta(days=7)
        # the company calendar's public holiday (W2's Wednesday) and make-up workday (W2's Saturday)
        holiday = self.w2 + timedelta(days=2)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": self.calendar.id,
                "date_from": datetime.combine(holiday, time.min),
                "date_to": datetime.combine(holiday, time(23, 59, 59)),
                "time_type": "leave",
            }
        )
        self.env["collab.calendar.workday"].create(
            {"calendar_id": self.calendar.id, "date": self.w2 + timedelta(days=5), "name": "Make-up"}
        )
        self.project_a = self.make_project()
        self.project_b = self.make_project()
        self.lead = self.project_a.user_id
        self.a1 = self.task_as_lead(self.project_a, "a1", self.w1, self.w1 + timedelta(days=4), self.rd_user)
        self.a2 = self.task_as_lead(
            self.project_a, "a2", self.w1, self.w2 + timedelta(days=5), self.rd_user | self.rd_head
        )
        self.b1 = self.task_as_lead(
            self.project_b,
            "b1",
            self.w1,
            self.w1 + timedelta(days=4),
            self.rd_head,
            deliverable="Prototype",
            acceptance_standard="Works",
        )

    def task_as_lead(self, project, name, start, end, owners, **values):
        return (
            self.env["project.task"]
            .with_user(project.user_id)
            .create(
                {
                    "name": name,
                    "project_id": project.id,
                    "date_planned_start": start,
                    "date_planned_end": end,
                    "collab_department_id": self.dept_rd.id,
                    "user_ids": [Command.set(owners.ids)],
                    **values,
                }
            )
        )

    def weeks(self, user, department=None):
        rows = self.Load.with_user(user).search([("department_id", "=", (department or self.dept_rd).id)])
        return {
            row.week_start: (row.planned_days, row.capacity_days, round(row.load_percent), row.load_level)
            for row in rows
        }

    def per_person(self, user):
        groups = self.TaskLoad.with_user(user).read_group(
            [("department_id", "=", self.dept_rd.id)], ["days:sum"], ["user_id", "week_start:day"], lazy=False
        )
        return {(group["user_id"][0], group["week_start:day"]): group["days"] for group in groups}

    # ------------------------------------------------------------------------------------------
    def test_over_allocated_week_across_two_projects(self):
        self.assertEqual(
            self.weeks(self.rd_head),
            {self.w1: (15.0, 10.0, 150, "over"), self.w2: (5.0, 10.0, 50, "ok")},
        )
        self.assertEqual(
            self.Load.with_user(self.rd_head).search([("department_id", "=", self.dept_rd.id)])[0].task_count, 3
        )

    def test_per_person_split(self):
        load = self.TaskLoad.with_user(self.rd_head).search([("department_id", "=", self.dept_rd.id)])
        self.assertEqual(sum(load.mapped("days")), 20.0, "the persons add up to the department")
        # read_group labels a day by its formatted date: compare on the sums per owner and week
        by_owner = {}
        for row in load:
            by_owner.setdefault((row.user_id, row.week_start), 0.0)
            by_owner[row.user_id, row.week_start] += row.days
        self.assertEqual(
            by_owner,
            {
                (self.rd_user, self.w1): 7.5,
                (self.rd_head, self.w1): 7.5,
                (self.rd_user, self.w2): 2.5,
                (self.rd_head, self.w2): 2.5,
            },
        )

    def test_capacity_minus_time_off(self):
        # the member is off W2's Monday and Tuesday: capacity 10 - 2 = 8, load 5 / 8 = 62.5 % (shown 63 %)
        member = self.rd_employees.filtered(lambda e: e.user_id == self.rd_user)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Time off",
                "calendar_id": self.calendar.id,
                "resource_id": member.resource_id.id,
                "date_from": datetime.combine(self.w2, time.min),
                "date_to": datetime.combine(self.w2 + timedelta(days=1), time(23, 59, 59)),
                "time_type": "leave",
            }
        )
        self.assertEqual(self.weeks(self.rd_head)[self.w2], (5.0, 8.0, 63, "ok"))
        # an employee archived no longer counts: W1 capacity 5, the department over at 300 %
        member.active = False
        self.env.invalidate_all()  # the capacity is computed when read: read again, as the next page load
        self.assertEqual(self.weeks(self.rd_head)[self.w1], (15.0, 5.0, 300, "over"))

    def test_moving_a_task_updates_the_rows(self):
        # the lead moves b1 a week later: W1 keeps a1 + a2 = 10 (100 %, nearly full, not over);
        # W2 gains b1's Mon, Tue, Thu, Fri = 4 (Wednesday is the holiday): 9 / 10 = 90 %
        self.b1.with_user(self.project_b.user_id).write(
            {"date_planned_start": self.w2, "date_planned_end": self.w2 + timedelta(days=4)}
        )
        self.assertEqual(
            self.weeks(self.rd_head), {self.w1: (10.0, 10.0, 100, "high"), self.w2: (9.0, 10.0, 90, "high")}
        )
        # handed to Sales: R&D's rows lose it, Sales gains 4 task-days in W2
        self.b1.with_user(self.project_b.user_id).collab_department_id = self.dept_sales
        self.assertEqual(self.weeks(self.rd_head)[self.w2][0], 5.0)
        self.assertEqual(self.weeks(self.coordinator, self.dept_sales)[self.w2][0], 4.0)
        # a sub-task turns a1 into a phase: a1 counts no more, its sub-task (W1 Mon–Tue) does
        self.task_as_lead(
            self.project_a, "a1.1", self.w1, self.w1 + timedelta(days=1), self.rd_user, parent_id=self.a1.id
        )
        self.assertEqual(self.weeks(self.rd_head)[self.w1][0], 7.0)
        # owners: a2 given to the member alone, the head carries nothing of it
        self.a2.with_user(self.lead).user_ids = self.rd_user
        self.assertFalse(self.TaskLoad.search([("task_id", "=", self.a2.id), ("user_id", "=", self.rd_head.id)]))
        # deleted: its rows and its share of the sums go
        self.a2.with_user(self.lead).unlink()
        self.assertEqual(self.weeks(self.rd_head), {self.w1: (2.0, 10.0, 20, "ok")})

    def test_calendar_changes_redo_the_rows(self):
        # W1's Thursday becomes a holiday: a1, a2 and b1 lose a day each (12); removed again: 15
        thursday = self.w1 + timedelta(days=3)
        leave = self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime.combine(thursday, time.min),
                "date_to": datetime.combine(thursday, time(23, 59, 59)),
            }
        )
        self.assertEqual(self.weeks(self.rd_head)[self.w1][:2], (12.0, 8.0))
        leave.unlink()
        self.assertEqual(self.weeks(self.rd_head)[self.w1][:2], (15.0, 10.0))
        # the make-up Saturday dropped: a2 has 4 days in W2
        self.calendar.collab_workday_ids.unlink()
        self.assertEqual(self.weeks(self.rd_head)[self.w2][:2], (4.0, 8.0))

    def test_closed_or_archived_project_drops_out(self):
        # project B's deliverable passes, its retrospective is done and the coordinator closes it
        request = self.project_b.collab_request_id
        self.b1.with_user(self.rd_head).action_submit_for_acceptance()
        self.b1.acceptance_ids.with_user(self.lead).action_pass("OK")
        self.assertEqual(request.state, "accepted")
        self.assertEqual(self.weeks(self.rd_head)[self.w1][0], 15.0, "an accepted project still counts")
        retrospective = request.retrospective_ids
        retrospective.with_user(self.lead).write(
            {
                "achievement": "Done",
                "goal_met": "met",
                "highlights": "-",
                "problems": "-",
                "suggestions": "Plan R&D's load early",
            }
        )
        retrospective.with_user(self.lead).action_done()
        request.with_user(self.coordinator).action_close()
        self.assertEqual(request.state, "closed")
        self.assertEqual(self.weeks(self.rd_head)[self.w1][0], 10.0)
        self.assertFalse(self.TaskLoad.search([("task_id", "=", self.b1.id)]))
        # project A archived by the coordinator: R&D has nothing planned any more
        self.project_a.with_user(self.coordinator).action_archive()
        self.assertEqual(self.weeks(self.rd_head), {})
        self.project_a.with_user(self.coordinator).action_unarchive()
        self.assertEqual(self.weeks(self.rd_head)[self.w1][0], 10.0)

    def test_who_sees_what(self):
        self.task_as_lead(
            self.project_a, "s1", self.w1, self.w1, self.sales_user
        ).collab_department_id = self.dept_sales
        everything = self.Load.with_user(self.coordinator).search([])
        # (the demo data's departments too)
        self.assertLessEqual(self.dept_rd | self.dept_sales, everything.department_id)
        # the head: his own department only (the record rule), Sales' rows are not found
        self.assertEqual(self.Load.with_user(self.rd_head).search([]).department_id, self.dept_rd)
        self.assertEqual(self.TaskLoad.with_user(self.rd_head).search([]).department_id, self.dept_rd)
        sales_rows = everything.filtered(lambda r: r.department_id == self.dept_sales)
        with self.assertRaisesRegex(AccessError, r"(?s)top-secret records.*\(collab.report.department.load\)"):
            sales_rows.with_user(self.rd_head).read(["planned_days"])
        # a deputy of R&D sees R&D
        deputy = new_test_user(self.env, "t_rd_load_deputy", groups=GROUP_USER, name="R&D Load Deputy")
        self.dept_rd.with_user(self.coordinator).collab_deputy_ids = deputy
        self.assertEqual(self.Load.with_user(deputy).search([]).department_id, self.dept_rd)
        # an ordinary employee (even an owner of the tasks): the rules show him no department
        self.assertFalse(self.Load.with_user(self.rd_user).search([]))
        self.assertFalse(self.TaskLoad.with_user(self.rd_user).search([]))
        # a user without the collaboration app: no access right at all
        internal = new_test_user(self.env, "t_load_internal", groups="base.group_user", name="Internal")
        with self.assertRaisesRegex(AccessError, r"not allowed to access .*\(collab.report.department.load\)"):
            self.Load.with_user(internal).search([])
        # nobody writes the load: the module keeps it
        with self.assertRaisesRegex(AccessError, r"not allowed to modify .*\(collab.report.department.load\)"):
            everything[:1].with_user(self.coordinator).write({"planned_days": 1})

    def test_review_form_shows_the_load_to_the_head(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd).with_user(self.rd_head)
        html = str(approval.collab_load_html)
        w1_row = next(row for row in html.split("<tr") if self.w1.strftime("%G-W%V") in row)
        self.assertIn("table-danger", w1_row)
        self.assertIn("<td>15</td>", w1_row)
        self.assertIn("<td>150 %</td>", w1_row)
        w2_row = next(row for row in html.split("<tr") if self.w2.strftime("%G-W%V") in row)
        self.assertNotIn("table-danger", w2_row)
        action = approval.action_collab_open_department_load()
        self.assertEqual(action["res_model"], "collab.report.department.load")
        rows = self.Load.with_user(self.rd_head).search(action["domain"])
        self.assertEqual(set(rows.mapped("week_start")), {self.w1, self.w2})
        # Sales' head reviews for Sales: R&D's load is not on his form
        sales_html = str(self.approval_of(request, self.dept_sales).with_user(self.sales_head).collab_load_html)
        self.assertNotIn("<td>15</td>", sales_html)

    def test_query_count_of_a_50_task_write(self):
        tasks = (
            self.env["project.task"]
            .with_user(self.lead)
            .create(
                [
                    {
                        "name": f"t{i}",
                        "project_id": self.project_a.id,
                        "collab_department_id": self.dept_rd.id,
                        "date_planned_start": self.w1,
                        "date_planned_end": self.w2 + timedelta(days=4),
                        "user_ids": [Command.set((self.rd_user | self.rd_head).ids)],
                    }
                    for i in range(50)
                ]
            )
        )
        Load = self.env["collab.task.load"]
        # the rows of 50 tasks are rewritten in as many queries as those of one: the old rows
        # deleted (1), the tasks read with their owners (1), the company and its calendar's week,
        # holidays and make-up days (8, cold cache), the rows inserted (1), the sums redone (1)
        for batch in (tasks[:1], tasks):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(12):
                Load._collab_refresh(batch.ids)
        # and the lead's write of 50 tasks' dates costs no more load queries than one task's
        counts = []
        for batch in (tasks[:1], tasks):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            batch.with_user(self.lead).write({"date_planned_end": self.w2 + timedelta(days=4)})
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertLessEqual(counts[1], counts[0] + 5, f"1 task: {counts[0]} queries, 50 tasks: {counts[1]}")
        # 50 tasks × 2 weeks × 2 owners
        self.assertEqual(Load.search_count([("task_id", "in", tasks.ids)]), 200)
        self.assertEqual(self.weeks(self.rd_head)[self.w1][0], 15.0 + 250.0)

    def test_rows_built_by_the_update_for_a_database_without_them(self):
        # a database updated to this version: tasks planned, no load rows yet; the update builds them
        expected = self.weeks(self.rd_head)
        self.env.cr.execute("DELETE FROM collab_task_load; DELETE FROM collab_report_department_load")
        self.env.invalidate_all()
        self.assertEqual(self.weeks(self.rd_head), {})
        run_migration(self.env.cr, "18.0.2.6.0", "post", "18.0.2.5.0")
        self.env.invalidate_all()
        self.assertEqual(self.weeks(self.rd_head), expected)
