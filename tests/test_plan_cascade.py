"""Successors move with their predecessor on the working calendar: lags on dependencies, the
cascade when a task's planned dates move (from the form, a change request, an import), what the
lead sees before saving, and who may set a lag."""

import base64
import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.cross_dept_collab.models import plan_scheduling

from .common import PlanCase
from .test_change_request import ChangeRequestCase
from .test_change_request import d as march
from .test_sla_calendar import working_hours


def oct26(month, day):
    return date(2026, month, day)


class TestShiftForwardWithLags(PlanCase):
    """The pure function, on a Mon–Fri week of plain ints (day numbers)."""

    def test_lag_and_sources(self):
        def is_working_day(day):
            return day.weekday() < 5

        def next_working_day(day):
            day = date.fromordinal(day.toordinal() + 1)
            while not is_working_day(day):
                day = date.fromordinal(day.toordinal() + 1)
            return day

        def add_working_days(day, count):
            for _i in range(count):
                day = next_working_day(day)
            return day

        # a (Mon 2 – Wed 4 Mar 2026) → b (Thu 5 – Fri 6) lag 2; c (Mon 2 – Tue 3) → d (Mon 2), a conflict
        tasks = {
            "a": (date(2026, 3, 2), date(2026, 3, 4)),
            "b": (date(2026, 3, 5), date(2026, 3, 6)),
            "c": (date(2026, 3, 2), date(2026, 3, 3)),
            "d": (date(2026, 3, 2), date(2026, 3, 2)),
        }
        edges = [("b", "a"), ("d", "c")]
        durations = {"a": 3, "b": 2, "c": 2, "d": 1}
        # lag 2 after Wed 4: after Fri 6 → Mon 9 – Tue 10
        moved = plan_scheduling.shift_forward(
            tasks, edges, next_working_day, add_working_days, durations=durations, lags={("b", "a"): 2}, sources=["a"]
        )
        self.assertEqual(moved, {"b": (date(2026, 3, 9), date(2026, 3, 10))}, "the conflict of d is not a's cascade")
        # without sources, every conflict is fixed (Reschedule)
        moved = plan_scheduling.shift_forward(tasks, edges, next_working_day, add_working_days, durations=durations)
        self.assertEqual(moved, {"d": (date(2026, 3, 4), date(2026, 3, 4))})


class CascadeCase(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # China's 2026 calendar: National Day Thu 1 – Wed 7 Oct off, Sat 10 Oct a make-up workday
        cls.cn_calendar = cls.env["resource.calendar"].create(working_hours("T Shanghai plan", "Asia/Shanghai"))
        cls.cn_calendar.collab_load_public_holidays("CN", 2026)
        cls.env.company.resource_calendar_id = cls.cn_calendar

    def make_chain(self):
        """A (Mon 21 – Wed 23 Sep) → B (Fri 25 – Wed 30 Sep, lag 1 after A) → C (Thu 8 Oct)
        → D (Fri 9 – Sat 10 Oct); the lead plans it. Fri 25 Sep is the Mid-Autumn Festival: B
        lasts 3 working days (Mon 28 – Wed 30); Sat 10 Oct is a make-up workday: D lasts 2."""
        project = self.make_project()
        self.lead = project.user_id
        self.assertEqual(self.lead, self.mkt_head)
        self.a = self.make_task(project, "Design", oct26(9, 21), oct26(9, 23))
        self.b = self.make_task(project, "Build", oct26(9, 25), oct26(9, 30), predecessors=self.a)
        self.c = self.make_task(project, "Test", oct26(10, 8), oct26(10, 8), predecessors=self.b)
        self.d = self.make_task(project, "Launch", oct26(10, 9), oct26(10, 10), predecessors=self.c)
        self.b.with_user(self.lead).write(
            {"collab_lag_ids": [Command.create({"predecessor_id": self.a.id, "lag_days": 1})]}
        )
        self.assertEqual(self.b.collab_lag_ids.lag_days, 1)
        return project

    def spans(self, *tasks):
        return [(task.date_planned_start, task.date_planned_end) for task in tasks]


class TestCascade(CascadeCase):
    def test_successor_with_lag_moves_across_national_day_and_never_earlier(self):
        project = self.make_chain()
        self.lead.lang = "en_US"
        # The lead makes Design end Tue 29 Sep. Build waits 1 working day after it: Wed 30 Sep;
        # so it starts on the next working day: Thu 1 – Wed 7 Oct are the National Day holiday
        # (Sat 3 / Sun 4 included): Thu 8 Oct. It keeps its 3 working days: Thu 8, Fri 9 and
        # Sat 10 Oct (a make-up workday) → Thu 8 – Sat 10 Oct; its shift: Mon 28, Tue 29, Wed 30
        # Sep and Thu 8 Oct = +4 working days (Fri 25 Sep, its old start, is a holiday). Test
        # (1 day) follows on the next working day after Sat 10: Sun 11 is off → Mon 12 Oct (+3:
        # Fri 9, Sat 10, Mon 12). Launch (2 days): Tue 13 – Wed 14 Oct (+3: Sat 10, Mon 12, Tue 13).
        self.a.with_user(self.lead).write({"date_planned_end": oct26(9, 29)})
        self.assertEqual(self.spans(self.b), [(oct26(10, 8), oct26(10, 10))])
        self.assertEqual(self.spans(self.c), [(oct26(10, 12), oct26(10, 12))])
        self.assertEqual(self.spans(self.d), [(oct26(10, 13), oct26(10, 14))], "three levels down")
        # one note on the project, each task and its shift
        notes = project.message_ids.filtered(lambda m: "Successors moved with them" in str(m.body))
        self.assertEqual(len(notes), 1)
        body = str(notes.body)
        self.assertIn("2 Build: +4 working days", body)
        self.assertIn(f"{format_date(self.env, oct26(9, 25))} – {format_date(self.env, oct26(9, 30))}", body)
        self.assertIn(f"{format_date(self.env, oct26(10, 8))} – {format_date(self.env, oct26(10, 10))}", body)
        # the move made: its end, Wed 23 → Tue 29 Sep (Thu 24, Mon 28, Tue 29: Fri 25 is off)
        self.assertIn("1 Design: +3 working days", body)
        self.assertIn("3 Test: +3 working days", body)
        self.assertIn("4 Launch: +3 working days", body)
        self.assertEqual(notes.author_id, self.lead.partner_id)
        # the critical path follows: the chain is the plan, every task on it
        self.assertTrue(all((self.a | self.b | self.c | self.d).mapped("is_critical")))
        self.assertEqual((self.a | self.b | self.c | self.d).mapped("slack_days"), [0, 0, 0, 0])

        # moving Design earlier leaves its successors where they are
        before = self.spans(self.b, self.c, self.d)
        self.a.with_user(self.lead).write({"date_planned_start": oct26(9, 21), "date_planned_end": oct26(9, 22)})
        self.assertEqual(self.spans(self.b, self.c, self.d), before, "successors never move earlier")
        self.assertEqual(len(project.message_ids.filtered(lambda m: "Successors moved with them" in str(m.body))), 1)

    def test_a_longer_lag_moves_the_successors_of_a_draft_plan(self):
        project = self.make_chain()
        self.lead.lang = "en_US"
        # Build waits 3 working days after Design (ends Wed 23 Sep) instead of 1: Thu 24, Mon 28 and
        # Tue 29 (Fri 25 is the Mid-Autumn Festival), so Build starts Wed 30 Sep;
        # its 3 working days: Wed 30 Sep, then Thu 8 and Fri 9 Oct (National Day between)
        self.b.collab_lag_ids.with_user(self.lead).write({"lag_days": 3})
        self.assertEqual(self.spans(self.b), [(oct26(9, 30), oct26(10, 9))])
        # Test (Thu 8 Oct) follows on Sat 10 Oct, a make-up workday; Launch (2 days) Mon 12 – Tue 13
        self.assertEqual(self.spans(self.c), [(oct26(10, 10), oct26(10, 10))])
        self.assertEqual(self.spans(self.d), [(oct26(10, 12), oct26(10, 13))])
        note = project.message_ids.filtered(lambda m: "Successors moved with them" in str(m.body))
        self.assertEqual(len(note), 1)
        self.assertNotIn("Planned dates changed", str(note.body), "Design itself did not move")
        # the owner of Build reads the move in the task's own chatter, as for a write
        tracked = self.b.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "date_planned_start")
        self.assertEqual(
            (tracked[:1].old_value_datetime.date(), tracked[:1].new_value_datetime.date()),
            (oct26(9, 25), oct26(9, 30)),
        )

    def test_the_department_load_follows_the_successors(self):
        self.make_chain()
        (self.b | self.c | self.d).write({"collab_department_id": self.dept_rd.id})
        Load = self.env["collab.task.load"]
        self.assertEqual(Load.search([("task_id", "=", self.c.id)]).week_start, oct26(10, 5), "Thu 8 Oct")
        # Design ends Tue 29 Sep: Test moves to Mon 12 Oct (see above), its load row with it
        self.a.with_user(self.lead).write({"date_planned_end": oct26(9, 29)})
        self.assertEqual(self.spans(self.c), [(oct26(10, 12), oct26(10, 12))])
        self.assertEqual(Load.search([("task_id", "=", self.c.id)]).week_start, oct26(10, 12))

    def test_slack_recomputed_when_a_successor_moves(self):
        project = self.make_chain()
        # a side task after Design, ending long after the chain: the chain has slack until it moves
        side = self.make_task(project, "Docs", oct26(9, 21), oct26(10, 30))
        self.assertFalse(self.d.is_critical)
        slack = self.d.slack_days
        self.assertGreater(slack, 0)
        self.a.with_user(self.lead).write({"date_planned_end": oct26(9, 29)})
        self.assertEqual(self.d.slack_days, slack - 3, "Launch moved 3 working days closer to the plan's end")
        self.assertTrue(side.is_critical)

    def test_the_form_warns_before_saving(self):
        self.make_chain()
        task = self.a.with_user(self.lead).with_context(lang="en_US")
        draft = task.new({"date_planned_start": oct26(9, 21), "date_planned_end": oct26(9, 29)}, origin=task)
        result = draft._onchange_cascade_preview()
        warning = result["warning"]
        self.assertEqual(warning["title"], "Saving moves its successors")
        message = warning["message"]
        self.assertTrue(message.startswith("On the working calendar, saving these dates moves:"))
        span = f"{format_date(self.env, oct26(9, 25))} – {format_date(self.env, oct26(9, 30))}"
        new_span = f"{format_date(self.env, oct26(10, 8))} – {format_date(self.env, oct26(10, 10))}"
        self.assertIn(f"• 2 Build: +4 working days, {span} → {new_span}", message)
        self.assertIn("• 3 Test: +3 working days", message)
        self.assertIn("• 4 Launch: +3 working days", message)
        # nothing was saved
        self.assertEqual(self.spans(self.a, self.b), [(oct26(9, 21), oct26(9, 23)), (oct26(9, 25), oct26(9, 30))])
        # dates that move nothing: no warning
        draft = task.new({"date_planned_start": oct26(9, 21), "date_planned_end": oct26(9, 22)}, origin=task)
        self.assertIsNone(draft._onchange_cascade_preview())

    def test_lag_changes_are_refused_to_who_may_not_plan_the_task(self):
        self.make_chain()
        lag = self.b.collab_lag_ids
        # employees of the project's departments who own none of these tasks may neither read
        # nor edit them (the project's heads, its lead and the coordinator may, as for the
        # predecessors); the lags say why, without naming a task they may not see
        for user in (self.sales_user, self.rd_user):
            self.assertFalse(self.b.with_user(user).has_access("write"))
            refusal = rf"You cannot set the lags of task #{self.b.id}: only who may edit the task's plan"
            with self.assertRaisesRegex(AccessError, refusal), self.cr.savepoint():
                lag.with_user(user).write({"lag_days": 5})
            with self.assertRaisesRegex(AccessError, refusal), self.cr.savepoint():
                lag.with_user(user).unlink()
            refusal = rf"You cannot set the lags of task #{self.c.id}: only who"
            with self.assertRaisesRegex(AccessError, refusal), self.cr.savepoint():
                self.env["collab.task.dependency.lag"].with_user(user).create(
                    {"task_id": self.c.id, "predecessor_id": self.b.id, "lag_days": 3}
                )
        self.assertEqual(lag.lag_days, 1)
        self.assertFalse(self.c.collab_lag_ids)

    def test_negative_or_absurd_lags_are_refused(self):
        self.make_chain()
        lag = self.b.collab_lag_ids.with_user(self.lead)
        for value in (-1, 366, 10_000):
            with (
                self.assertRaisesRegex(
                    UserError, r"The lag of .*Build after .*Design must be between 0 and 365 working days, not "
                ),
                self.cr.savepoint(),
            ):
                lag.write({"lag_days": value})
        with self.assertRaisesRegex(ValidationError, r"Design is not a predecessor of .*Launch"), self.cr.savepoint():
            self.d.with_user(self.lead).write(
                {"collab_lag_ids": [Command.create({"predecessor_id": self.a.id, "lag_days": 2})]}
            )
        self.assertEqual(lag.lag_days, 1)

    def test_lags_of_removed_dependencies_are_dropped(self):
        self.make_chain()
        self.b.with_user(self.lead).write({"depend_on_ids": [Command.clear()]})
        self.assertFalse(self.env["collab.task.dependency.lag"].search([("task_id", "=", self.b.id)]))

    def test_a_confirmed_plan_still_changes_only_through_a_change_request(self):
        project = self.make_chain()
        for task in (self.a, self.b, self.c, self.d):
            task.user_ids = self.rd_user
        self.confirm_plan(project)
        before = self.spans(self.a, self.b, self.c, self.d)
        refusal = r"is confirmed: .*needs an approved change request"
        with self.assertRaisesRegex(ValidationError, refusal), self.cr.savepoint():
            self.a.with_user(self.lead).write({"date_planned_end": oct26(9, 29)})
        self.assertEqual(self.spans(self.a, self.b, self.c, self.d), before, "nothing moved")

    def test_an_import_moving_a_task_moves_its_successors_once(self):
        project = self.make_chain()
        lead_project = project.with_user(self.lead)
        action = lead_project.action_export_plan_xlsx()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        sheet = book.active
        row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "1")
        row[4].value = "2026-09-21 ~ 2026-09-29"  # Design ends Tue 29 Sep, as from the form
        out = io.BytesIO()
        book.save(out)
        self.env["collab.plan.import"].with_user(self.lead).create(
            {"project_id": project.id, "file": base64.b64encode(out.getvalue()), "filename": "plan.xlsx"}
        ).action_import()
        self.assertEqual(self.spans(self.a), [(oct26(9, 21), oct26(9, 29))])
        # the same cascade as from the form (see above): across National Day, make-up Sat 10 Oct
        self.assertEqual(
            self.spans(self.b, self.c, self.d),
            [(oct26(10, 8), oct26(10, 10)), (oct26(10, 12), oct26(10, 12)), (oct26(10, 13), oct26(10, 14))],
        )
        notes = project.message_ids.filtered(lambda m: "Successors moved with them" in str(m.body))
        self.assertEqual(len(notes), 1)

    def test_query_count_of_a_cascade_through_20_successors(self):
        project = self.make_project()
        lead = project.user_id
        first = self.make_task(project, "T0", oct26(11, 2), oct26(11, 2))
        previous = first
        tasks = first
        for index in range(1, 21):
            previous = self.make_task(project, f"T{index}", oct26(11, 3), oct26(11, 3), predecessors=previous)
            tasks |= previous
        # the chain as planned: each task one working day, one after the other (Mon 2 Nov onwards)
        self.env.flush_all()
        first = first.with_user(lead)
        with self.assertQueryCount(60):  # measured: 48 (the successors written in one batch)
            first.write({"date_planned_end": oct26(11, 3)})
            self.env.flush_all()
        # T0 now ends Tue 3 Nov; T1 … T20 follow one working day each: T20 on the 20th working day
        # after Tue 3 Nov (no holiday in November): Tue 1 Dec
        self.assertEqual(tasks[-1].date_planned_start, oct26(12, 1))


class TestCascadeThroughChangeRequest(ChangeRequestCase):
    def test_preview_lists_the_cascaded_shifts_and_applying_makes_them(self):
        project = self.make_project()
        project.member_ids.filtered(lambda m: m.department_id == self.dept_rd).module_owner_ids = self.rd_user
        rd = [Command.set(self.rd_user.ids)]
        # Design (Mon 3 – Fri 7 Mar 2031) → Build (Mon 10 – Fri 14) → Launch (Tue 18 – Wed 19, lag 1)
        self.design = self.make_task(project, "Design", march(3), march(7), user_ids=rd)
        self.build = self.make_task(project, "Build", march(10), march(14), predecessors=self.design, user_ids=rd)
        self.launch = self.make_task(project, "Launch", march(18), march(19), predecessors=self.build, user_ids=rd)
        self.launch.with_user(self.mkt_head).write(
            {"collab_lag_ids": [Command.create({"predecessor_id": self.build.id, "lag_days": 1})]}
        )
        project.with_user(self.mkt_head).action_request_plan_signoff()
        for signoff in project.signoff_ids.filtered(lambda s: s.kind == "plan"):
            signoff.with_user(signoff.user_id).action_sign()
        self.assertEqual(project.plan_state, "confirmed")

        # Design ends Tue 11: Build Wed 12 – Tue 18 (5 working days); Launch waits Wed 19 → Thu 20 – Fri 21
        change = self.make_change(project)
        preview = str(change.with_user(self.sponsor).with_context(lang="en_US").cascade_preview)

        def span(start, end):
            return f"{format_date(self.env, start)} – {format_date(self.env, end)}"

        self.assertIn(f"Design: +2 working days, {span(march(3), march(7))} → {span(march(3), march(11))}", preview)
        self.assertIn("Successors moved with them on the working calendar:", preview)
        self.assertIn(f"Build: +2 working days, {span(march(10), march(14))} → {span(march(12), march(18))}", preview)
        self.assertIn(f"Launch: +2 working days, {span(march(18), march(19))} → {span(march(20), march(21))}", preview)
        self.assertEqual(self.launch.date_planned_start, march(18), "a preview saves nothing")

        change.with_user(self.mkt_head).action_submit()
        change.with_user(self.sponsor).action_approve("Agreed")
        change.with_user(self.mkt_head).action_apply()
        self.assertEqual(change.state, "applied")
        self.assertEqual(
            [(t.date_planned_start, t.date_planned_end) for t in (self.design, self.build, self.launch)],
            [(march(3), march(11)), (march(12), march(18)), (march(20), march(21))],
        )
        self.assertFalse(change.cascade_preview, "applied: nothing left to preview")
        # the baseline named after the change is taken after the cascade: it records the new dates
        baseline = project.collab_baseline_ids.filtered(lambda b: b.change_request_id == change)
        self.assertEqual(len(baseline), 1)
        line = baseline.line_ids.filtered(lambda line: line.task_id == self.launch)
        self.assertEqual((line.date_start, line.date_end), (march(20), march(21)))
