"""A task's dependants read of it only whether it is done or delayed (collab_status_fact): the
statuses stay what they were, and a move at the head of a chain no longer marks every level."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command

from .common import PlanCase

# Wednesday 1 April 2020
START = datetime(2020, 4, 1, 8, 0, 0)


class TestStatusFact(PlanCase):
    def setUp(self):
        super().setUp()
        self.freeze_clock(START)
        self.project = self.make_project()
        self.project.allow_task_dependencies = True
        self.lead = self.project.user_id
        # a chain of three: design, then build, then ship
        self.design = self.make_task(
            self.project, "Design", date(2020, 4, 1), date(2020, 4, 10), user_ids=[Command.set(self.rd_user.ids)]
        )
        self.build = self.make_task(
            self.project,
            "Build",
            date(2020, 4, 13),
            date(2020, 4, 17),
            predecessors=self.design,
            user_ids=[Command.set(self.rd_user.ids)],
        )
        self.ship = self.make_task(self.project, "Ship", date(2020, 4, 20), date(2020, 4, 24), predecessors=self.build)

    def statuses(self):
        tasks = self.design | self.build | self.ship
        return [(task.collab_status_fact, task.collab_status) for task in tasks]

    def test_a_late_head_blocks_its_dependant_only(self):
        self.assertEqual(self.statuses(), [("open", "not_started"), ("open", "waiting"), ("open", "waiting")])
        with freeze_time(datetime(2020, 4, 11, 8, 0)):
            self.env["collab.reminder.engine"].run_batch()
            self.env.invalidate_all()
            # the head is late (delayed): its dependant is blocked, the next one still waits
            self.assertEqual(self.statuses(), [("late", "delayed"), ("open", "blocked"), ("open", "waiting")])
            # the lead moves the head's end ahead: no longer late, its dependant waits again
            self.design.with_user(self.lead).date_planned_end = date(2020, 4, 14)
            self.assertEqual(self.statuses()[:2], [("open", "not_started"), ("open", "waiting")])
            # the head is done: its dependant is simply not started
            self.design.with_user(self.rd_user).state = "1_done"
            self.assertEqual(self.statuses()[:2], [("done", "done"), ("open", "not_started")])

    def test_a_phase_tells_its_dependants_what_its_sub_tasks_are(self):
        phase = self.make_task(self.project, "Phase")
        (self.design | self.build).with_user(self.lead).parent_id = phase
        self.ship.with_user(self.lead).depend_on_ids = [Command.set(phase.ids)]
        self.assertEqual((phase.collab_status_fact, self.ship.collab_status), ("open", "waiting"))
        with freeze_time(datetime(2020, 4, 11, 8, 0)):
            self.env["collab.reminder.engine"].run_batch()
            self.env.invalidate_all()
            # a sub-task past its end makes the phase delayed, and its dependant blocked
            self.assertEqual(phase.collab_status, "delayed")
            self.assertEqual((phase.collab_status_fact, self.ship.collab_status), ("late", "blocked"))
        # every sub-task done: the phase is done, its dependant free to start
        (self.design | self.build).with_user(self.rd_user).write({"state": "1_done"})
        self.assertEqual(phase.collab_status, "done")
        self.assertEqual((phase.collab_status_fact, self.ship.collab_status), ("done", "not_started"))

    def test_moving_the_head_marks_only_its_direct_dependants(self):
        self.env.flush_all()
        status = self.Task._fields["collab_status"]
        self.design.with_user(self.lead).with_context(collab_no_cascade=True).date_planned_end = date(2020, 4, 9)
        marked = self.env.transaction.tocompute.get(status, set())
        self.assertIn(self.build.id, marked)
        self.assertNotIn(self.ship.id, marked)
