import base64
import io
import random
from datetime import date

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import PlanCase, load_languages

MONDAY = date(2031, 3, 3)


def d(day):
    """Dates in March 2031; the 3rd is a Monday, the 8th/9th a weekend."""
    return date(2031, 3, day)


class TestWbsCodes(PlanCase):
    def test_codes_follow_hierarchy_and_order_and_move_with_tasks(self):
        project = self.make_project()
        phase1 = self.make_task(project, "Phase 1", sequence=1)
        phase2 = self.make_task(project, "Phase 2", sequence=2)
        a = self.make_task(project, "A", parent=phase1, sequence=1)
        b = self.make_task(project, "B", parent=phase1, sequence=2)
        b1 = self.make_task(project, "B1", parent=b, sequence=1)
        c = self.make_task(project, "C", parent=phase2, sequence=1)
        self.assertEqual([t.wbs_code for t in (phase1, phase2, a, b, b1, c)], ["1", "2", "1.1", "1.2", "1.2.1", "2.1"])
        # reorder: B before A
        b.sequence = 0
        self.assertEqual((a.wbs_code, b.wbs_code, b1.wbs_code), ("1.2", "1.1", "1.1.1"))
        # move B (and its child) under phase 2
        b.parent_id = phase2
        self.assertEqual((b.wbs_code, b1.wbs_code, c.wbs_code, a.wbs_code), ("2.1", "2.1.1", "2.2", "1.1"))
        codes = project.tasks.mapped("wbs_code")
        self.assertEqual(len(codes), len(set(codes)), "codes are unique within the project")
        self.assertEqual(self.Task.search([("wbs_code", "=", "2.1.1"), ("project_id", "=", project.id)]), b1)


class TestPlanDates(PlanCase):
    def test_end_before_start_is_refused_with_a_clear_message(self):
        project = self.make_project()
        with self.assertRaises(ValidationError) as caught:
            self.make_task(project, "Backwards", d(10), d(5))
        self.assertIn("is before its planned start", str(caught.exception))

    def test_conflict_with_predecessor_is_reported(self):
        project = self.make_project()
        first = self.make_task(project, "First", d(3), d(7))
        second = self.make_task(project, "Second", d(6), d(12), predecessors=first)
        self.assertIn("before", second.plan_conflict)
        self.assertIn("First", second.plan_conflict)
        warning = second._onchange_plan_conflict()
        self.assertIn("First", warning["warning"]["message"])
        second.date_planned_start = d(10)
        self.assertFalse(second.plan_conflict)

    def test_reschedule_shifts_forward_over_weekends_and_never_backward(self):
        project = self.make_project()
        first = self.make_task(project, "Design", d(3), d(7))  # Mon–Fri
        second = self.make_task(project, "Build", d(5), d(6), predecessors=first)  # 2 working days, too early
        third = self.make_task(project, "Test", d(10), d(10), predecessors=second)  # chained
        late = self.make_task(project, "Docs", d(24), d(25), predecessors=first)  # already after: stays
        result = project.action_recompute_schedule()
        # Build starts the first working day after Friday the 7th: Monday the 10th, keeps 2 working days
        self.assertEqual((second.date_planned_start, second.date_planned_end), (d(10), d(11)))
        self.assertEqual((third.date_planned_start, third.date_planned_end), (d(12), d(12)))
        self.assertEqual((late.date_planned_start, late.date_planned_end), (d(24), d(25)))
        self.assertIn("Build", result["params"]["message"])
        self.assertIn("Test", result["params"]["message"])
        self.assertNotIn("Docs", result["params"]["message"])
        self.assertTrue(project.message_ids.filtered(lambda m: "Schedule recomputed" in str(m.body)))
        again = project.action_recompute_schedule()
        self.assertEqual(again["params"]["type"], "info", "nothing moves twice")

    def test_cycles_are_refused_and_named(self):
        project = self.make_project()
        a = self.make_task(project, "Alpha", d(3), d(4))
        b = self.make_task(project, "Beta", d(5), d(6), predecessors=a)
        c = self.make_task(project, "Gamma", d(7), d(7), predecessors=b)
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            a.depend_on_ids = [Command.link(c.id)]
        message = str(caught.exception)
        for name in ("Alpha", "Beta", "Gamma"):
            self.assertIn(name, message)
        self.assertIn("→", message)


class TestCriticalPath(PlanCase):
    def test_demo_smartwatch_plan(self):
        project = self.env.ref("cross_dept_collab.project_smartwatch")
        self.assertEqual(project.critical_path_task_ids.mapped("wbs_code"), ["1.1", "1.2", "2.1"])
        training = project.tasks.filtered(lambda t: t.wbs_code == "2.2")
        self.assertFalse(training.is_critical)
        self.assertGreater(training.slack_days, 0)
        self.assertEqual(project.charter_state, "confirmed")
        self.assertEqual(project.plan_state, "confirmed")
        self.assertTrue(all(s.state == "signed" for s in project.signoff_ids))
        svg = str(project.plan_timeline_svg)
        self.assertIn("<svg", svg)
        self.assertIn("o_collab_timeline_critical", svg)

    def test_smartwatch_shape_with_weekend_calendar(self):
        project = self.make_project()
        research = self.make_task(project, "1.1 research", d(3), d(14))  # 10 working days
        prototype = self.make_task(project, "1.2 prototype", d(17), d(28), predecessors=research)  # 10
        promo = self.make_task(project, "2.1 promo", d(31), date(2031, 4, 4), predecessors=prototype)  # 5
        training = self.make_task(project, "2.2 training", d(31), date(2031, 4, 2), predecessors=prototype)  # 3
        self.assertEqual(project.critical_path_task_ids, research | prototype | promo)
        self.assertEqual(project.critical_path_task_ids.ids, [research.id, prototype.id, promo.id])
        self.assertEqual((research.slack_days, prototype.slack_days, promo.slack_days), (0, 0, 0))
        self.assertEqual(training.slack_days, 2)
        self.assertFalse(training.is_critical)

    def test_generated_graph_matches_brute_force(self):
        project = self.make_project()
        rng = random.Random(7)
        tasks = self.Task.create(
            [{"name": f"T{i}", "project_id": project.id, "date_planned_start": MONDAY} for i in range(40)]
        )
        durations = {}
        for task in tasks:
            days = rng.randint(1, 5)
            durations[task.id] = days
            end = MONDAY
            for _i in range(days - 1):
                end = project._plan_calendar_functions()[1](end)
            task.date_planned_end = end
        edges = []
        for index, task in enumerate(tasks[1:], start=1):
            predecessors = tasks[:index].filtered(lambda _t: rng.random() < 0.1)
            task.depend_on_ids = [Command.set(predecessors.ids)]
            edges += [(task.id, p.id) for p in predecessors]

        # longest path ending at / starting from each task, by brute force over the DAG
        preds = {t.id: [p for (s, p) in edges if s == t.id] for t in tasks}
        succs = {t.id: [s for (s, p) in edges if p == t.id] for t in tasks}
        finish, tail = {}, {}
        for task in tasks:
            finish[task.id] = durations[task.id] + max((finish[p] for p in preds[task.id]), default=0)
        for task in reversed(tasks):
            tail[task.id] = durations[task.id] + max((tail[s] for s in succs[task.id]), default=0)
        longest = max(finish.values())
        for task in tasks:
            expected_slack = longest - (finish[task.id] - durations[task.id] + tail[task.id])
            self.assertEqual(task.slack_days, expected_slack, task.name)
            self.assertEqual(task.is_critical and expected_slack == 0, task.is_critical)
        path = project.critical_path_task_ids
        self.assertEqual(sum(durations[t.id] for t in path), longest)


class TestSignoffs(PlanCase):
    def test_charter_signoff_by_every_head_then_locked(self):
        project = self.make_project()
        project.with_user(self.mkt_head).action_request_charter_signoff()
        self.assertEqual(project.charter_state, "confirming")
        signoffs = project.signoff_ids.filtered(lambda s: s.kind == "charter")
        self.assertEqual(signoffs.user_id, self.mkt_head | self.rd_head | self.sales_head)
        for signoff in signoffs:
            self.assertEqual(signoff.activity_ids.user_id, signoff.user_id)
        with self.assertRaisesRegex(AccessError, "Only .*decide"):
            signoffs.filtered(lambda s: s.user_id == self.rd_head).with_user(self.sales_head).action_sign("not mine")
        for signoff in signoffs:
            signoff.with_user(signoff.user_id).action_sign("OK")
        self.assertEqual(project.charter_state, "confirmed")
        self.assertTrue(all(s.signed_on for s in signoffs))
        with self.assertRaisesRegex(ValidationError, "change it through a change request"):
            project.charter_goal = "Changed after signing"

    def test_charter_refusal_returns_it_to_draft_with_the_comment(self):
        project = self.make_project()
        project.with_user(self.coordinator).action_request_charter_signoff()
        signoffs = project.signoff_ids
        signoffs.filtered(lambda s: s.user_id == self.mkt_head).with_user(self.mkt_head).action_sign()
        refusing = signoffs.filtered(lambda s: s.user_id == self.rd_head)
        with self.assertRaisesRegex(UserError, "a comment is required"):
            refusing.with_user(self.rd_head).action_refuse("")
        refusing.with_user(self.rd_head).action_refuse("Success criteria are not measurable")
        self.assertEqual(project.charter_state, "draft")
        self.assertTrue(project.message_ids.filtered(lambda m: "Success criteria are not measurable" in str(m.body)))
        self.assertFalse(signoffs.filtered(lambda s: s.exists() and s.state == "pending"))
        project.charter_success_criteria = "≥ 30,000 units in month one"
        project.with_user(self.coordinator).action_request_charter_signoff()
        self.assertEqual(len(project.signoff_ids), 3, "a new round; the refused round stays archived")

    def test_plan_signoff_by_task_owners_then_changes_need_a_change_request(self):
        project = self.make_project()
        first = self.make_task(project, "First", d(3), d(7), user_ids=[Command.set(self.rd_user.ids)])
        self.make_task(project, "Second", d(10), d(14), predecessors=first, user_ids=[Command.set(self.sales_user.ids)])
        with self.assertRaisesRegex(UserError, "can ask for sign-offs"):
            project.with_user(self.rd_user).action_request_plan_signoff()
        project.with_user(self.mkt_head).action_request_plan_signoff()
        signoffs = project.signoff_ids.filtered(lambda s: s.kind == "plan")
        self.assertEqual(signoffs.user_id, self.rd_user | self.sales_user)
        self.assertEqual(project.collab_request_id.state, "approved")
        for signoff in signoffs:
            signoff.with_user(signoff.user_id).action_sign()
        self.assertEqual(project.plan_state, "confirmed")
        self.assertEqual(project.collab_request_id.state, "in_progress", "a confirmed plan starts execution")
        with self.assertRaises(ValidationError) as caught:
            first.date_planned_end = d(8)
        self.assertIn("change request", str(caught.exception))
        with self.assertRaisesRegex(ValidationError, "needs an approved change request"):
            self.make_task(project, "Scope creep", d(17), d(18))
        first.with_context(collab_plan_change_approved=True).date_planned_end = d(8)
        self.assertEqual(first.date_planned_end, d(8))


class TestTeam(PlanCase):
    def test_one_liaison_per_department(self):
        project = self.make_project()
        with self.assertRaises(Exception) as caught, self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.env["collab.project.member"].create(
                {"project_id": project.id, "department_id": self.dept_rd.id, "liaison_id": self.rd_user.id}
            )
            self.env.flush_all()
        self.assertIn("collab_project_member_department_unique", str(caught.exception))

    def test_changing_the_liaison_hands_over_activities(self):
        project = self.make_project()
        task = self.make_task(
            project, "R&D deliverable", collab_department_id=self.dept_rd.id, user_ids=[Command.set(self.rd_head.ids)]
        )
        activity = task.activity_schedule("mail.mail_activity_data_todo", user_id=self.rd_head.id, summary="Chase")
        member = project.member_ids.filtered(lambda m: m.department_id == self.dept_rd)
        self.assertEqual(member.liaison_id, self.rd_head)
        member.with_user(self.rd_head).liaison_id = self.rd_user
        self.assertEqual(activity.user_id, self.rd_user)
        self.assertEqual(task.user_ids, self.rd_user)
        self.assertTrue(project.message_ids.filtered(lambda m: "Liaison of" in str(m.body)))


class TestPlanExcel(PlanCase):
    def _project_with_plan(self):
        project = self.make_project()
        phase = self.make_task(project, "Readiness", sequence=1, collab_department_id=self.dept_mkt.id)
        research = self.make_task(
            project,
            "Market research",
            d(3),
            d(14),
            parent=phase,
            sequence=1,
            collab_department_id=self.dept_mkt.id,
            user_ids=[Command.set(self.mkt_user.ids)],
            deliverable="Research report",
            acceptance_standard="5 competitors",
        )
        self.make_task(
            project,
            "Prototype",
            d(17),
            d(28),
            parent=phase,
            sequence=2,
            predecessors=research,
            collab_department_id=self.dept_rd.id,
            user_ids=[Command.set(self.rd_user.ids)],
            deliverable="Prototype",
        )
        return project

    def _export(self, project):
        action = project.action_export_plan_xlsx()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        return base64.b64decode(attachment.datas)

    def _snapshot(self, project):
        return sorted(
            (
                t.wbs_code,
                t.name,
                t.collab_department_id.id,
                tuple(t.user_ids.ids),
                t.date_planned_start,
                t.date_planned_end,
                t.deliverable,
                t.acceptance_standard,
                tuple(sorted(t.depend_on_ids.ids)),
            )
            for t in project.tasks
        )

    def test_export_in_the_plan_table_layout_and_round_trip_changes_nothing(self):
        project = self._project_with_plan()
        content = self._export(project)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows[0]), 8)
        self.assertEqual(rows[1][0], "1")
        self.assertEqual(rows[3][:2], ("1.2", "Prototype"))
        self.assertEqual(rows[3][6], "1.1")
        before = self._snapshot(project)
        wizard = self.env["collab.plan.import"].create(
            {"project_id": project.id, "file": base64.b64encode(content), "filename": "plan.xlsx"}
        )
        wizard.action_import()
        self.assertEqual(self._snapshot(project), before)

    def test_export_headers_in_the_users_language(self):
        load_languages(self.env)
        project = self._project_with_plan()
        content = self._export(project.with_context(lang="zh_CN"))
        headers = next(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
        self.assertEqual(
            list(headers), ["任务编号", "任务名称", "负责部门", "负责人", "起止时间", "交付物标准", "前置任务", "状态"]
        )

    def test_import_creates_and_updates_by_code(self):
        project = self._project_with_plan()
        content = self._export(project)
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.active
        sheet.append(
            [
                "1.3",
                "Sales training",
                self.dept_sales.name,
                self.sales_user.name,
                "2031-03-31 ~ 2031-04-02",
                "Deck: 95% pass",
                "1.2",
                "",
            ]
        )
        sheet["B3"] = "Market research (extended)"
        out = io.BytesIO()
        book.save(out)
        self.env["collab.plan.import"].create(
            {"project_id": project.id, "file": base64.b64encode(out.getvalue()), "filename": "plan.xlsx"}
        ).action_import()
        training = project.tasks.filtered(lambda t: t.wbs_code == "1.3")
        self.assertEqual(training.name, "Sales training")
        self.assertEqual(training.collab_department_id, self.dept_sales)
        self.assertEqual(training.user_ids, self.sales_user)
        self.assertEqual((training.deliverable, training.acceptance_standard), ("Deck", "95% pass"))
        self.assertEqual(training.depend_on_ids.mapped("wbs_code"), ["1.2"])
        self.assertEqual(project.tasks.filtered(lambda t: t.wbs_code == "1.1").name, "Market research (extended)")

    def test_bad_rows_import_nothing_and_are_all_reported(self):
        project = self._project_with_plan()
        before = self._snapshot(project)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(project._plan_headers())
        sheet.append(["1", "Readiness", self.dept_mkt.name, "", "", "", "", ""])
        sheet.append(["1.1", "", "Nowhere dept", "", "2031-03-10 ~ 2031-03-05", "", "", ""])
        sheet.append(["1.2", "Prototype", self.dept_rd.name, "nobody_at_all", "2031-03-17 ~ 2031-03-28", "", "9.9", ""])
        sheet.append(["x.y", "Bad code", "", "", "", "", "", ""])
        sheet.append(
            ["1.3", "Fine row", self.dept_rd.name, self.rd_user.name, "2031-03-31 ~ 2031-04-01", "", "1.2", ""]
        )
        out = io.BytesIO()
        book.save(out)
        wizard = self.env["collab.plan.import"].create(
            {"project_id": project.id, "file": base64.b64encode(out.getvalue()), "filename": "bad.xlsx"}
        )
        with self.assertRaises(UserError) as caught:
            wizard.action_import()
        message = str(caught.exception)
        self.assertIn("Nothing was imported", message)
        for expected in ("Row 3:", "Row 4:", "Row 5:", "Nowhere dept", "nobody_at_all", "9.9", "x.y", "end is before"):
            self.assertIn(expected, message)
        self.assertNotIn("Row 2:", message)
        self.assertNotIn("Row 6:", message)
        self.assertEqual(self._snapshot(project), before)

    def test_xls_files_are_read(self):
        import xlwt

        project = self._project_with_plan()
        book = xlwt.Workbook()
        sheet = book.add_sheet("WBS")
        for col, header in enumerate(project._plan_headers()):
            sheet.write(0, col, header)
        for col, value in enumerate(["2", "Launch", self.dept_mkt.name, "", "", "", "", ""]):
            sheet.write(1, col, value)
        out = io.BytesIO()
        book.save(out)
        # a partial file: it only adds phase 2 and leaves the other tasks alone
        self.env["collab.plan.import"].create(
            {"project_id": project.id, "file": base64.b64encode(out.getvalue()), "filename": "plan.xls"}
        ).action_import()
        self.assertEqual(project.tasks.filtered(lambda t: t.wbs_code == "2").name, "Launch")


class TestTaskSubscription(PlanCase):
    def test_subscribing_tasks_of_several_followed_projects(self):
        """Odoo's project.task.message_subscribe fails on tasks of several projects the partner
        follows; reminders create such batches of activities."""
        first, second = self.make_project(), self.make_project()
        partner = self.rd_user.partner_id
        (first | second).message_subscribe(partner_ids=partner.ids)
        tasks = self.make_task(first, "In first") | self.make_task(second, "In second")
        tasks.message_subscribe(partner_ids=partner.ids)
        for task in tasks:
            self.assertIn(partner, task.message_partner_ids)
