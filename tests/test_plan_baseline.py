"""Plan baselines (基准计划): the signed plan kept as the yardstick, one more after each applied
change request or on the lead's demand, and the variances of tasks and project against it — each
as the people concerned."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, warmup

from .common import GROUP_USER, load_languages
from .test_change_request import ChangeRequestCase, d


class BaselineCase(ChangeRequestCase):
    def apply_change(self, project, lines):
        """A change request the lead submits, the sponsor approves and the lead applies."""
        change = self.make_change(project, lines=lines)
        change.with_user(self.mkt_head).action_submit()
        change.with_user(self.sponsor).action_approve("Agreed")
        change.with_user(self.mkt_head).action_apply()
        return change

    def baselines(self, project, user=None):
        return (
            self.env["collab.plan.baseline"]
            .with_user(user or self.mkt_head)
            .search([("project_id", "=", project.id)], order="sequence")
        )


class TestPlanBaseline(BaselineCase):
    def test_signed_plan_is_baseline_one(self):
        project = self.confirmed_plan()
        baseline = self.baselines(project)
        self.assertEqual(len(baseline), 1)
        self.assertEqual((baseline.sequence, baseline.name, baseline.kind), (1, "Signed plan", "signed"))
        # Design Mon 3 – Fri 7, Build Mon 10 – Fri 14, Launch Mon 17 – Tue 18: 12 working days
        self.assertEqual((baseline.date_start, baseline.date_end, baseline.duration), (d(3), d(18), 12))
        lines = {line.name: line for line in baseline.line_ids}
        self.assertEqual(set(lines), {"Design", "Build", "Launch"})
        design = lines["Design"]
        self.assertEqual((design.date_start, design.date_end, design.duration), (d(3), d(7), 5))
        self.assertEqual(design.owner_names, self.rd_user.name)
        self.assertEqual(design.task_id, self.design)
        self.assertEqual(lines["Launch"].duration, 2)
        # the project and its tasks have not drifted
        self.assertEqual(project.with_user(self.mkt_head).collab_active_baseline_id, baseline)
        self.assertEqual(project.with_user(self.mkt_head).collab_finish_variance, 0)
        task = self.design.with_user(self.rd_user)
        self.assertEqual((task.collab_baseline_end, task.collab_finish_variance), (d(7), 0))
        self.assertFalse(task.collab_variance_reason)

    def test_change_request_makes_a_baseline_and_the_variance_names_it(self):
        project = self.confirmed_plan()
        # Design ends Wed 12 instead of Fri 7: three working days later
        change = self.apply_change(project, [(self.design, d(3), d(12))])
        first, second = self.baselines(project)
        self.assertEqual(first.date_end, d(18), "the signed plan is kept as it was signed")
        self.assertEqual((second.sequence, second.name, second.kind), (2, change.name, "change"))
        self.assertEqual(second.change_request_id, change)
        self.assertEqual(second.date_end, d(21), "Build and Launch followed Design")
        # measured against the signed plan, by the task's owner
        design = self.design.with_user(self.rd_user)
        self.assertEqual(design.collab_baseline_end, d(7))
        self.assertEqual(design.collab_finish_variance, 3)
        self.assertEqual(design.collab_start_variance, 0)
        self.assertEqual(design.collab_duration_variance, 3)
        self.assertEqual(design.collab_variance_change_id, change)
        self.assertIn(change.name, design.collab_variance_reason)
        self.assertIn("Prototype failed acceptance", design.collab_variance_reason)
        build = self.build.with_user(self.rd_user)
        self.assertEqual((build.collab_start_variance, build.collab_finish_variance), (3, 3))
        self.assertEqual(build.collab_variance_change_id, change, "a dependant moved by the change names it")
        lead_view = project.with_user(self.mkt_head)
        self.assertEqual((lead_view.collab_baseline_date_end, lead_view.collab_finish_variance), (d(18), 3))
        # the lead compares with the change's baseline: no drift left
        lead_view.collab_baseline_id = second
        self.assertEqual(self.design.with_user(self.rd_user).collab_finish_variance, 0)
        self.assertEqual(lead_view.collab_finish_variance, 0)

    def test_only_the_lead_or_the_coordinator_takes_or_chooses_a_baseline(self):
        project = self.confirmed_plan()
        action = project.with_user(self.mkt_head).action_collab_take_baseline()
        baseline = self.env["collab.plan.baseline"].browse(action["res_id"])
        self.assertEqual((baseline.sequence, baseline.kind, baseline.taken_by_id), (2, "manual", self.mkt_head))
        self.assertEqual(len(baseline.line_ids), 3)
        project.with_user(self.coordinator).action_collab_take_baseline()
        with self.assertRaisesRegex(AccessError, "Only the project lead or the coordinator can take or choose"):
            project.with_user(self.rd_user).action_collab_take_baseline()
        self.assertEqual(len(self.baselines(project)), 3, "the refusal took nothing")
        with self.assertRaisesRegex(AccessError, "Only the project lead or the coordinator can take or choose"):
            project.with_user(self.mkt_user).write({"collab_baseline_id": baseline.id})
        # a baseline of another project is refused, and nothing is written
        other = self.make_project()
        action = other.with_user(self.coordinator).action_collab_take_baseline()
        with self.assertRaisesRegex(ValidationError, "can only be compared with one of its own baselines"):
            project.with_user(self.mkt_head).write({"collab_baseline_id": action["res_id"]})
        project.with_user(self.mkt_head).write({"collab_baseline_id": baseline.id})
        self.assertEqual(project.collab_active_baseline_id, baseline)

    def test_nobody_writes_deletes_or_creates_a_baseline(self):
        project = self.confirmed_plan()
        baseline = self.baselines(project)
        line = baseline.line_ids[:1]
        for user in (self.mkt_head, self.coordinator):
            with self.assertRaisesRegex(UserError, r"change only through its buttons \(the workflow\)"):
                baseline.with_user(user).write({"date_end": d(28)})
            with self.assertRaisesRegex(UserError, r"change only through its buttons \(the workflow\)"):
                line.with_user(user).write({"date_end": d(28)})
            with self.assertRaisesRegex(AccessError, r"You are not allowed to modify 'Plan Baseline'"):
                baseline.with_user(user).write({"company_id": baseline.company_id.id})
            with self.assertRaisesRegex(AccessError, r"You are not allowed to delete 'Plan Baseline'"):
                baseline.with_user(user).unlink()
            with self.assertRaisesRegex(AccessError, r"You are not allowed to delete 'Plan Baseline Task'"):
                line.with_user(user).unlink()
            with self.assertRaisesRegex(UserError, r"change only through its buttons \(the workflow\)"):
                self.env["collab.plan.baseline"].with_user(user).create({"project_id": project.id, "kind": "manual"})
            with self.assertRaisesRegex(AccessError, r"You are not allowed to create 'Plan Baseline'"):
                self.env["collab.plan.baseline"].with_user(user).create({})
        self.assertEqual(baseline.date_end, d(18))
        self.assertTrue(line.exists())

    def test_the_refusal_is_in_the_readers_language(self):
        load_languages(self.env)
        project = self.confirmed_plan()
        self.mkt_head.lang = "zh_CN"
        baseline = self.baselines(project).with_user(self.mkt_head).with_context(lang="zh_CN")
        # the model and its field named in Chinese, not "Plan Baseline的Name"
        with self.assertRaisesRegex(UserError, r"^基准计划的.+只能通过"):
            baseline.write({"name": "Mine"})

    def test_an_outsider_reads_no_baseline(self):
        project = self.confirmed_plan()
        baseline = self.baselines(project)
        outsider = new_test_user(self.env, "t_outsider", groups=GROUP_USER, name="Outsider")
        self.assertFalse(self.env["collab.plan.baseline"].with_user(outsider).search([("project_id", "=", project.id)]))
        with self.assertRaisesRegex(AccessError, "doesn't have 'read' access to:\n- Plan Baseline \\("):
            baseline.with_user(outsider).read(["name"])
        with self.assertRaisesRegex(AccessError, "doesn't have 'read' access to:\n- Plan Baseline Task"):
            baseline.line_ids.with_user(outsider).read(["date_end"])
        # the sponsor and the task owners read them
        self.assertEqual(self.baselines(project, self.sponsor), baseline)
        self.assertEqual(len(baseline.line_ids.with_user(self.rd_user).read(["date_end"])), 3)

    def test_eleven_baselines_are_kept_the_first_among_them(self):
        project = self.confirmed_plan()
        for _i in range(11):
            project.with_user(self.mkt_head).action_collab_take_baseline()
        baselines = self.baselines(project)
        self.assertEqual(len(baselines), 11)
        self.assertEqual(baselines.mapped("sequence"), [1, *range(3, 13)])
        self.assertEqual(baselines[0].name, "Signed plan")

    def test_a_late_task_owner_reports_reason_and_expected_end(self):
        self.freeze_clock(datetime(2031, 3, 2, 8, 0))
        project = self.confirmed_plan()
        self.freeze_clock(datetime(2031, 3, 10, 8, 0))  # Monday after Design's planned end
        self.env["project.task"]._collab_refresh_date_statuses()
        self.env.invalidate_all()
        self.assertEqual(self.design.collab_status, "delayed")
        self.env["collab.progress.update"].with_user(self.rd_user).create(
            {
                "task_id": self.design.id,
                "progress": 70,
                "summary": "Battery tests still running",
                "delay_reason": "The battery supplier delivered late",
                "date_expected": d(12),
            }
        )
        design = self.design.with_user(self.mkt_head)
        self.assertEqual(design.collab_expected_end, d(12))
        self.assertEqual(design.collab_finish_variance, 3)
        self.assertIn("The battery supplier delivered late", design.collab_variance_reason)
        self.assertIn(self.rd_user.name, design.collab_variance_reason)
        self.assertIn("2031-03-12", design.collab_variance_reason)
        self.assertEqual(len(project._collab_signed_variance()), 1)

    def test_dossier_shows_the_variance_against_the_signed_plan(self):
        project = self.confirmed_plan()
        change = self.apply_change(project, [(self.design, d(3), d(12))])
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier").with_user(self.mkt_head)
        html = str(report._render_qweb_html(report.report_name, project.collab_request_id.ids)[0])
        self.assertIn("Variance Against the Signed Plan", html)
        self.assertIn(change.name, html)
        self.assertIn("+3", html)


class TestPlanBaselineQueries(ChangeRequestCase):
    @warmup
    def test_take_a_baseline_of_fifty_tasks(self):
        project = self.make_project()
        self.env["project.task"].with_context(mail_create_nolog=True, tracking_disable=True).create(
            [
                {
                    "name": f"Task {index}",
                    "project_id": project.id,
                    "date_planned_start": d(3),
                    "date_planned_end": d(7 + index % 10),
                    "user_ids": [Command.set(self.rd_user.ids)],
                }
                for index in range(50)
            ]
        )
        self.env.flush_all()
        with self.assertQueryCount(12):  # measured: 10, whatever the number of tasks (one insert)
            project.with_user(self.mkt_head).action_collab_take_baseline()
        self.assertEqual(len(project.collab_baseline_ids[:1].line_ids), 50)
