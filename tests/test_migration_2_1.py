"""Upgrading from 18.0.2.0.x: phases roll up, the plan status means what it says, and the stored
statuses, warnings and project badges are recomputed once (cross_dept_collab/migrations/18.0.2.1.0)."""

from datetime import timedelta

from .common import PlanCase
from .migration import run_migration


class TestMigrationTo21(PlanCase):
    def setUp(self):
        super().setUp()
        self.project = self.make_project()
        today = self.company_today(self.project)
        self.phase = self.make_task(self.project, "Launch phase")
        self.design = self.make_task(
            self.project, "Design", today - timedelta(days=10), today + timedelta(days=5), parent=self.phase
        )
        self.campaign = self.make_task(
            self.project,
            "Campaign",
            today + timedelta(days=6),
            today + timedelta(days=20),
            parent=self.phase,
            predecessors=self.design,
        )
        self.late = self.make_task(self.project, "Survey", today - timedelta(days=8), today - timedelta(days=3))
        self.env.flush_all()
        # as 18.0.2.0.x left them: "blocked" meant Odoo waits on an open predecessor, a phase kept
        # dates and % of its own, the design's 40 % was written straight to its row, and the late
        # survey's status, warning and the project's badge were not refreshed yet
        cr = self.env.cr
        cr.execute(
            "UPDATE project_task SET collab_progress = 40, collab_status = 'not_started' WHERE id = %s",
            [self.design.id],
        )
        cr.execute("UPDATE project_task SET collab_status = 'blocked' WHERE id = %s", [self.campaign.id])
        cr.execute(
            """UPDATE project_task SET date_planned_start = '2000-01-01', date_planned_end = '2000-12-31',
                      collab_progress = 80, collab_status = 'delayed' WHERE id = %s""",
            [self.phase.id],
        )
        cr.execute(
            """UPDATE project_task SET collab_status = 'not_started', warning_level = 'none', warning_reason = NULL
                WHERE id = %s""",
            [self.late.id],
        )
        cr.execute(
            "UPDATE project_project SET collab_warning_level = 'none', collab_red_task_count = 0 WHERE id = %s",
            [self.project.id],
        )
        self.env.invalidate_all()

    def stored(self, task):
        self.env.cr.execute(
            """SELECT date_planned_start, date_planned_end, collab_progress, collab_status, warning_level
                 FROM project_task WHERE id = %s""",
            [task.id],
        )
        return self.env.cr.fetchone()

    def test_roll_ups_statuses_warnings_and_badges_are_recomputed(self):
        run_migration(self.env.cr, "18.0.2.1.0", "post", "18.0.2.0.0")
        self.env.invalidate_all()

        design, campaign = self.design, self.campaign
        self.assertEqual(self.stored(design)[2:4], (40, "in_progress"), "its own % now counts")
        self.assertEqual(self.stored(campaign)[3], "waiting", "an open predecessor on time: waiting, not blocked")
        # the phase spans its sub-tasks, weighted by their planned days
        weight_design = (design.date_planned_end - design.date_planned_start).days + 1
        weight_campaign = (campaign.date_planned_end - campaign.date_planned_start).days + 1
        self.assertEqual(
            self.stored(self.phase),
            (
                design.date_planned_start,
                campaign.date_planned_end,
                round(40 * weight_design / (weight_design + weight_campaign), 2),
                "in_progress",
                "none",
            ),
        )
        self.assertEqual(self.stored(self.late)[3:], ("delayed", "red"))
        self.assertIn("Past its planned end", self.late.warning_reason)
        self.env.cr.execute(
            "SELECT collab_warning_level, collab_red_task_count FROM project_project WHERE id = %s",
            [self.project.id],
        )
        self.assertEqual(self.env.cr.fetchone(), ("red", 1))

    def test_fresh_install_changes_nothing(self):
        before = [self.stored(task) for task in (self.phase, self.design, self.campaign, self.late)]

        run_migration(self.env.cr, "18.0.2.1.0", "post", None)

        self.env.invalidate_all()
        self.assertEqual([self.stored(task) for task in (self.phase, self.design, self.campaign, self.late)], before)
