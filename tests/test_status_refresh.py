"""Date-dependent statuses stay right for every task: the reminder engine's refresh."""

from datetime import timedelta

from freezegun import freeze_time

from .common import CollabCase


class TestStatusRefresh(CollabCase):
    def test_task_of_any_project_turns_delayed_and_red_once_its_end_passes(self):
        today = self.company_today()
        # a plain project, not created from a collaboration request: no reminder rule watches it
        project = self.env["project.project"].create({"name": "Plain project"})
        late, later = self.env["project.task"].create(
            [
                {"name": "Ends tomorrow", "project_id": project.id, "date_planned_end": today + timedelta(days=1)},
                {"name": "Ends next month", "project_id": project.id, "date_planned_end": today + timedelta(days=30)},
            ]
        )
        self.assertEqual((late.collab_status, late.warning_level), ("not_started", "none"))
        engine = self.env["collab.reminder.engine"]
        with freeze_time(today + timedelta(days=3)):
            engine.run_batch()
            self.env.invalidate_all()
            self.assertEqual((late.collab_status, late.warning_level), ("delayed", "red"))
            self.assertEqual(project.collab_warning_level, "red")
            self.assertEqual(project.collab_red_task_count, 1)
            self.assertEqual(later.collab_status, "not_started")
            # only the rows whose status changed are touched: nothing is left for the next run
            self.assertEqual(self.env["project.task"]._collab_refresh_date_statuses(), 0)
        # the planned end moved ahead (or the clock went back): delayed no more
        with freeze_time(today + timedelta(days=3)):
            late.date_planned_end = today + timedelta(days=10)
            self.assertEqual(late.collab_status, "not_started")
