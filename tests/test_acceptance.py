from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PlanCase

# Wednesday 1 April 2020: before every demo deadline, so only this test's records are due.
START = datetime(2020, 4, 1, 8, 0, 0)


class AcceptanceCase(PlanCase):
    def setUp(self):
        super().setUp()
        self.freeze_clock(START)
        self.project = self.make_project()
        self.request = self.project.collab_request_id
        self.prototype = self.make_task(
            self.project,
            "Prototype",
            date(2020, 4, 1),
            date(2020, 4, 10),
            collab_department_id=self.dept_rd.id,
            user_ids=[Command.set(self.rd_user.ids)],
            deliverable="Working prototype",
            acceptance_standard="Battery >= 7 days",
        )
        self.training = self.make_task(
            self.project,
            "Sales training",
            date(2020, 4, 1),
            date(2020, 4, 10),
            collab_department_id=self.dept_sales.id,
            user_ids=[Command.set(self.sales_user.ids)],
            deliverable="Training deck",
        )

    def submit(self, task, user=None):
        task.with_user(user or task.user_ids[:1]).action_submit_for_acceptance()
        return task.acceptance_ids.sorted("round")[-1]

    def acceptance_activities(self, acceptance):
        return self.activities_of(acceptance, "cross_dept_collab.mail_activity_type_collab_acceptance")

    def pass_all(self):
        for task in (self.prototype, self.training):
            self.submit(task).with_user(self.mkt_head).action_pass("OK")


class TestAcceptanceRounds(AcceptanceCase):
    def test_submit_opens_round_with_acceptors_and_activities(self):
        acceptance = self.submit(self.prototype)
        self.assertEqual(acceptance.round, 1)
        self.assertEqual(acceptance.result, "pending")
        self.assertEqual(acceptance.deliverable, "Working prototype")
        self.assertEqual(acceptance.acceptance_standard, "Battery >= 7 days")
        self.assertEqual(acceptance.department_id, self.dept_rd)
        self.assertEqual(acceptance.owner_id, self.rd_user)
        # heads of the lead department (Marketing) and of the task's department (R&D) + project lead
        self.assertEqual(acceptance.acceptor_ids, self.mkt_head | self.rd_head | self.project.user_id)
        self.assertEqual(self.acceptance_activities(acceptance).user_id, self.mkt_head | self.rd_head)
        self.assertEqual(self.prototype.acceptance_state, "submitted")
        with self.assertRaisesRegex(UserError, r"The deliverable of Prototype is already submitted or accepted\."):
            self.prototype.with_user(self.rd_user).action_submit_for_acceptance()

    def test_only_owner_or_project_lead_submits_and_a_deliverable_is_required(self):
        # not an owner: refused as such, or earlier, by the task's read rule (which check speaks
        # first depends on what the cache already holds)
        with self.assertRaisesRegex(
            AccessError,
            r"(Only the owners of Prototype or the project lead can submit it for acceptance|"
            r"doesn't have 'read' access to:\n- .*\(project\.task\))",
        ):
            self.prototype.with_user(self.sales_user).action_submit_for_acceptance()
        self.assertEqual(self.submit(self.training, user=self.project.user_id).round, 1)
        bare = self.make_task(self.project, "No deliverable", user_ids=[Command.set(self.rd_user.ids)])
        with self.assertRaisesRegex(UserError, r"No deliverable has no deliverable to submit for acceptance\."):
            bare.with_user(self.rd_user).action_submit_for_acceptance()

    def test_fail_rework_resubmit_pass_keeps_history(self):
        first = self.submit(self.prototype)
        first.with_user(self.rd_head).action_fail("Optimise the battery module", date(2020, 4, 8))
        self.assertEqual(first.result, "fail")
        self.assertEqual(first.improvement_notes, "Optimise the battery module")
        self.assertEqual(first.rework_deadline, date(2020, 4, 8))
        self.assertFalse(self.acceptance_activities(first), "a decision closes every acceptor's activity")
        self.assertEqual(self.prototype.state, "01_in_progress")
        self.assertEqual(self.prototype.acceptance_state, "rework")
        rework = self.activities_of(self.prototype, "cross_dept_collab.mail_activity_type_collab_rework")
        self.assertEqual(rework.user_id, self.rd_user)
        self.assertEqual(rework.date_deadline, date(2020, 4, 8))

        second = self.submit(self.prototype)
        self.assertEqual(second.round, 2)
        self.assertFalse(self.activities_of(self.prototype, "cross_dept_collab.mail_activity_type_collab_rework"))
        second.with_user(self.mkt_head).action_pass()
        self.assertEqual(second.result, "pass")
        self.assertTrue(second.date_accepted)
        self.assertEqual(self.prototype.state, "1_done")
        self.assertEqual(self.prototype.acceptance_state, "passed")
        self.assertEqual(self.prototype.acceptance_ids.mapped("round"), [2, 1])
        self.assertEqual(self.prototype.acceptance_ids.mapped("result"), ["pass", "fail"])

    def test_fail_requires_notes_and_deadline(self):
        acceptance = self.submit(self.prototype)
        with self.assertRaisesRegex(
            UserError, r"Say what must be improved in Working prototype — round 1: improvement notes are required\."
        ):
            acceptance.with_user(self.rd_head).action_fail("  ", date(2020, 4, 8))
        with self.assertRaisesRegex(UserError, r"Set the rework deadline of Working prototype — round 1\."):
            acceptance.with_user(self.rd_head).action_fail("Optimise the battery module", None)
        self.assertEqual(acceptance.result, "pending")

    def test_only_acceptors_or_coordinator_decide(self):
        acceptance = self.submit(self.prototype)
        with self.assertRaisesRegex(
            AccessError, r"Only T Marketing Head, T R&D Head can decide on Working prototype — round 1\."
        ):
            acceptance.with_user(self.sales_head).action_pass()
        with self.assertRaisesRegex(
            AccessError, r"You own Prototype: its deliverable is accepted by someone else, not by you\."
        ):
            acceptance.with_user(self.rd_user).action_pass()
        self.assertFalse(acceptance.with_user(self.sales_head).can_decide)
        self.assertTrue(acceptance.with_user(self.rd_head).can_decide)
        acceptance.with_user(self.coordinator).action_pass("Accepted by the PMO")
        self.assertEqual(acceptance.result, "pass")
        with self.assertRaisesRegex(UserError, r"Working prototype — round 1 has already been decided \(Passed\)\."):
            acceptance.with_user(self.rd_head).action_fail("late", date(2020, 4, 8))


class TestPhaseGate(AcceptanceCase):
    def test_phase_cannot_close_until_its_deliverables_passed(self):
        phase = self.env["project.milestone"].create(
            {"name": "Phase 1", "project_id": self.project.id, "deadline": date(2020, 4, 10)}
        )
        (self.prototype | self.training).milestone_id = phase
        with self.assertRaises(ValidationError) as caught:
            phase.with_user(self.coordinator).action_close_phase()
        message = str(caught.exception)
        self.assertIn("Working prototype", message)
        self.assertIn("Training deck", message)
        with self.assertRaisesRegex(
            ValidationError, "Phase Phase 1 cannot be closed: these deliverables have not passed acceptance:"
        ):
            phase.write({"is_reached": True})
        self.submit(self.prototype).with_user(self.rd_head).action_pass()
        with self.assertRaises(ValidationError) as caught:
            phase.action_close_phase()
        self.assertNotIn("Working prototype", str(caught.exception))
        self.assertIn("Training deck", str(caught.exception))
        self.submit(self.training).with_user(self.mkt_head).action_pass()
        phase.action_close_phase()
        self.assertTrue(phase.is_reached)

    def test_next_phase_cannot_start_before_the_previous_closes(self):
        Phase = self.env["project.milestone"]
        phase1 = Phase.create({"name": "Readiness", "project_id": self.project.id, "deadline": date(2020, 4, 10)})
        phase2 = Phase.create({"name": "Launch", "project_id": self.project.id, "deadline": date(2020, 4, 30)})
        self.prototype.milestone_id = phase1
        self.training.milestone_id = phase2
        Update = self.env["collab.progress.update"]
        with self.assertRaises(ValidationError) as caught:
            Update.with_user(self.sales_user).create(
                {"task_id": self.training.id, "progress": 10, "summary": "Started"}
            )
        self.assertIn("Readiness", str(caught.exception))
        self.assertEqual(self.training.collab_progress, 0, "nothing is half-written")
        # work in the open phase itself goes on
        Update.with_user(self.rd_user).create({"task_id": self.prototype.id, "progress": 50, "summary": "Half"})
        self.submit(self.prototype).with_user(self.rd_head).action_pass()
        phase1.action_close_phase()
        Update.with_user(self.sales_user).create({"task_id": self.training.id, "progress": 10, "summary": "Started"})
        self.assertEqual(self.training.collab_progress, 10)


class TestRequestAccepted(AcceptanceCase):
    def test_all_deliverables_passed_accepts_request_and_schedules_retrospective(self):
        self.submit(self.prototype).with_user(self.rd_head).action_pass()
        self.assertEqual(self.request.state, "approved", "one deliverable is still open")
        self.submit(self.training).with_user(self.mkt_head).action_pass()
        self.assertEqual(self.request.state, "accepted")
        self.assertEqual(self.request.decision_ids[:1].action, "accepted")
        # Wednesday 1 April + 5 working days (Mon–Fri calendar) = Wednesday 8 April
        self.assertEqual(self.request.date_retrospective_due, date(2020, 4, 8))
        retrospective = self.request.retrospective_ids
        self.assertEqual(len(retrospective), 1)
        self.assertEqual(retrospective.state, "draft")
        self.assertEqual(retrospective.lead_department_id, self.dept_mkt)
        activity = self.activities_of(retrospective, "cross_dept_collab.mail_activity_type_collab_retrospective")
        self.assertEqual(activity.user_id, self.mkt_head)
        self.assertEqual(activity.date_deadline, date(2020, 4, 8))

    def test_retrospective_due_reminded_once(self):
        self.pass_all()
        engine = self.env["collab.reminder.engine"]
        reminder_type = self.env.ref("cross_dept_collab.mail_activity_type_collab_reminder")

        def reminders():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "collab.request"),
                    ("res_id", "=", self.request.id),
                    ("activity_type_id", "=", reminder_type.id),
                ]
            )

        with freeze_time(datetime(2020, 4, 7, 20, 0)):
            engine.run_batch(limit=1000)
        self.assertFalse(reminders())
        with freeze_time(datetime(2020, 4, 8, 9, 0)):
            engine.run_batch(limit=1000)
        self.assertEqual(reminders().user_id, self.mkt_head | self.coordinator)
        with freeze_time(datetime(2020, 4, 9, 9, 0)):
            engine.run_batch(limit=1000)
        self.assertEqual(len(reminders()), 2, "reminded once")
        log = self.env["collab.reminder.log"].search(
            [("res_model", "=", "collab.request"), ("res_id", "=", self.request.id), ("rule", "=", "retrospective_due")]
        )
        self.assertEqual(len(log), 1)

    def test_no_reminder_once_the_retrospective_is_done(self):
        self.pass_all()
        self.request.retrospective_ids.write({"achievement": "Done", "goal_met": "met", "suggestions": "Start earlier"})
        self.request.retrospective_ids.with_user(self.mkt_head).action_done()
        with freeze_time(datetime(2020, 4, 9, 9, 0)):
            self.env["collab.reminder.engine"].run_batch(limit=1000)
        log = self.env["collab.reminder.log"].search(
            [("res_model", "=", "collab.request"), ("res_id", "=", self.request.id), ("rule", "=", "retrospective_due")]
        )
        self.assertFalse(log)


class TestAcceptanceGroup(AcceptanceCase):
    def test_chosen_acceptance_group_decides(self):
        self.project.acceptor_ids = self.sales_head | self.rd_user
        acceptance = self.submit(self.prototype)
        # the prototype's owner is in the group: he does not accept his own deliverable
        self.assertEqual(acceptance.acceptor_ids, self.sales_head)
        with self.assertRaisesRegex(AccessError, r"Only T Sales Head can decide on Working prototype — round 1\."):
            acceptance.with_user(self.rd_head).action_pass("not in the group")
        acceptance.with_user(self.sales_head).action_pass("Sales accepts the prototype")
        self.assertEqual(acceptance.result, "pass")

    def test_acceptance_group_comes_from_the_involved_departments(self):
        outsider_department = self.env["hr.department"].create({"name": "Finance"})
        outsider = self.env["res.users"].create({"name": "Finance clerk", "login": "finance_clerk"})
        self.env["hr.employee"].create(
            {"name": outsider.name, "user_id": outsider.id, "department_id": outsider_department.id}
        )
        with self.assertRaises(ValidationError) as caught:
            self.project.acceptor_ids = outsider
        self.assertIn("Finance clerk", str(caught.exception))


class TestOutcomeSafetyNet(AcceptanceCase):
    """The reminder engine applies an outcome already decided but not applied: every deliverable
    passed, the request still approved."""

    def _outcome_logs(self):
        return self.env["collab.reminder.log"].search(
            [
                ("res_model", "=", "collab.request"),
                ("res_id", "=", self.request.id),
                ("rule", "=", "request_outcome_deliverables"),
            ]
        )

    def test_engine_accepts_a_request_whose_deliverables_all_passed(self):
        engine = self.env["collab.reminder.engine"]
        brochure = self.make_task(
            self.project,
            "Brochure",
            date(2020, 4, 1),
            date(2020, 4, 10),
            collab_department_id=self.dept_sales.id,
            user_ids=[Command.set(self.sales_user.ids)],
            deliverable="Printed brochure",
        )
        # the deliverables pass one after the other while the request cannot move on (the brochure
        # is still open), as the acceptances of a race each found a sibling open
        self.pass_all()
        self.assertEqual(self.request.state, "approved")
        with freeze_time(datetime(2020, 4, 1, 9, 0)):
            engine.run_batch(limit=1000)
        self.assertEqual(self.request.state, "approved", "an open deliverable: nothing is decided yet")
        self.assertFalse(self._outcome_logs())
        # the project lead drops the brochure: every deliverable left has passed, and no acceptance
        # is left to ask whether the request is complete
        brochure.with_user(self.project.user_id).action_archive()
        self.assertEqual(self.request.state, "approved")

        with freeze_time(datetime(2020, 4, 1, 10, 0)):
            engine.run_batch(limit=1000)
        self.assertEqual(self.request.state, "accepted")
        accepted = self.request.decision_ids.filtered(lambda d: d.action == "accepted")
        self.assertEqual(len(accepted), 1, "through the normal transition, logged in the decision log")
        self.assertEqual(len(self.request.retrospective_ids), 1, "and with its retrospective")
        log = self._outcome_logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.recipient_ids, self.coordinator)
        note = self.request.message_ids.filtered(lambda m: "the reminder engine applied it" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("every deliverable of", note.body)
        self.assertIn("Approved → Accepted", note.body)
        self.assertEqual(note.partner_ids, self.coordinator.partner_id)

        with freeze_time(datetime(2020, 4, 2, 10, 0)):
            engine.run_batch(limit=1000)
        self.assertEqual(len(self._outcome_logs()), 1, "applied once")
        self.assertEqual(len(self.request.decision_ids.filtered(lambda d: d.action == "accepted")), 1)

    def test_engine_leaves_a_request_accepted_by_its_last_deliverable_alone(self):
        self.pass_all()
        self.assertEqual(self.request.state, "accepted")
        with freeze_time(datetime(2020, 4, 1, 10, 0)):
            self.env["collab.reminder.engine"].run_batch(limit=1000)
        self.assertFalse(self._outcome_logs())
        self.assertEqual(len(self.request.decision_ids.filtered(lambda d: d.action == "accepted")), 1)


class TestResultsAccepted(AcceptanceCase):
    """The project is accepted when its results are: every deliverable passed AND every other task
    is done or cancelled; a deliverable waits for its predecessors; the remaining work is shown."""

    def setUp(self):
        super().setUp()
        # work without a deliverable of its own, which the deliverables do not depend on
        self.booking = self.make_task(
            self.project,
            "Room booking",
            date(2020, 4, 1),
            date(2020, 4, 10),
            collab_department_id=self.dept_sales.id,
            user_ids=[Command.set(self.sales_user.ids)],
        )

    def test_passed_deliverables_wait_for_the_other_tasks(self):
        self.pass_all()
        self.assertEqual(self.request.state, "approved", "Room booking is not done: the results are not complete")
        remaining = self.request.with_user(self.request.initiator_id).collab_remaining_work
        self.assertEqual(self.request.collab_remaining_count, 1)
        self.assertIn("Room booking: not done (Not Started)", remaining)
        self.assertNotIn("Prototype", remaining)
        # the owner closes the last open task: that completes the results and accepts the request
        self.booking.with_user(self.sales_user).write({"state": "1_done"})
        self.assertEqual(self.request.state, "accepted")
        self.assertEqual(len(self.request.retrospective_ids), 1)
        self.assertFalse(self.request.collab_remaining_work)

    def test_a_cancelled_task_is_no_remaining_work(self):
        self.booking.with_user(self.project.user_id).write({"state": "1_canceled"})
        self.pass_all()
        self.assertEqual(self.request.state, "accepted")

    def test_remaining_work_lists_deliverables_not_accepted_first(self):
        self.submit(self.prototype)
        lines = self.project.with_user(self.project.user_id).collab_remaining_work.splitlines()
        self.assertEqual(
            [line.split(" ", 1)[1] if line[0].isdigit() else line for line in lines],
            [
                "Prototype: deliverable Working prototype not accepted yet (Submitted)",
                "Sales training: deliverable Training deck not accepted yet (Not Submitted)",
                "Room booking: not done (Not Started)",
            ],
        )

    def test_a_deliverable_is_not_submitted_before_its_predecessors_are_done(self):
        self.training.depend_on_ids = self.booking | self.prototype
        with self.assertRaisesRegex(
            UserError,
            "The deliverable of Sales training cannot be submitted for acceptance before its predecessors are "
            r"done: \S* ?Prototype, \S* ?Room booking\.",
        ):
            self.training.with_user(self.sales_user).action_submit_for_acceptance()
        self.assertFalse(self.training.acceptance_ids, "nothing was submitted")
        self.submit(self.prototype).with_user(self.mkt_head).action_pass("OK")
        self.booking.with_user(self.sales_user).write({"state": "1_done"})
        self.assertEqual(self.submit(self.training).round, 1)
