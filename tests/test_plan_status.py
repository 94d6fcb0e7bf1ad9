"""Plan status that means what it says: waiting vs blocked, the owner's block,
acceptance → 100 %, phases rolling up, the WBS views, My Follow-ups and Reminders to Me."""

import ast
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from .common import PlanCase, load_languages
from .migration import run_migration

# Wednesday 1 April 2020: before every demo deadline, so only this test's records move.
START = datetime(2020, 4, 1, 8, 0, 0)


class PlanStatusCase(PlanCase):
    def setUp(self):
        super().setUp()
        self.freeze_clock(START)
        self.project = self.make_project()
        self.lead = self.project.user_id
        # design (R&D) then the campaign (Marketing) that waits for it
        self.design = self.make_task(
            self.project,
            "Design",
            date(2020, 4, 1),
            date(2020, 4, 10),
            collab_department_id=self.dept_rd.id,
            user_ids=[Command.set(self.rd_user.ids)],
        )
        self.campaign = self.make_task(
            self.project,
            "Campaign",
            date(2020, 4, 13),
            date(2020, 4, 24),
            predecessors=self.design,
            collab_department_id=self.dept_mkt.id,
            user_ids=[Command.set(self.mkt_user.ids)],
        )

    def run_engine(self):
        self.env["collab.reminder.engine"].run_batch()
        self.env.invalidate_all()

    def report(self, task, user, progress):
        return (
            self.env["collab.progress.update"]
            .with_user(user)
            .create({"task_id": task.id, "progress": progress, "summary": f"{progress}% done"})
        )


class TestWaitingAndBlocked(PlanStatusCase):
    def test_future_task_with_open_predecessor_waits_and_raises_no_alarm(self):
        self.assertEqual(self.design.collab_status, "not_started")
        self.assertEqual(self.campaign.collab_status, "waiting")
        # the project lead prepares the weekly status: waiting is no risk
        action = self.project.with_user(self.lead).action_prepare_status_update()
        self.assertEqual(action["context"]["default_status"], "on_track")
        self.assertNotIn("Campaign", str(action["context"]["default_description"]))
        # work started on the predecessor: the campaign still waits, nothing to report
        self.report(self.design, self.rd_user, 40)
        self.assertEqual(self.design.collab_status, "in_progress")
        self.assertEqual(self.campaign.collab_status, "waiting")
        # the predecessor is done: the campaign is simply not started
        self.design.with_user(self.rd_user).state = "1_done"
        self.assertEqual(self.campaign.collab_status, "not_started")

    def test_late_predecessor_blocks_its_dependants_through_the_daily_refresh(self):
        with freeze_time(datetime(2020, 4, 11, 8, 0)):
            self.run_engine()
            self.assertEqual(self.design.collab_status, "delayed")
            self.assertEqual(self.campaign.collab_status, "blocked")
            status, reasons = self.project.with_user(self.lead)._collab_weekly_status()
            self.assertEqual(status, "off_track")
            self.assertIn("2 Campaign is blocked: its predecessor Design is late.", reasons)
            # one refresh a day: nothing left for the next run
            self.assertEqual(self.env["project.task"]._collab_refresh_date_statuses(), 0)
            # the design is finally done: the campaign is free again
            self.design.with_user(self.rd_user).state = "1_done"
            self.assertEqual(self.campaign.collab_status, "not_started")

    def test_refresh_writes_only_the_rows_whose_status_changes(self):
        # a second dependant already marked blocked by its owner: the late design changes nothing for it
        review = self.make_task(
            self.project,
            "Review",
            date(2020, 4, 13),
            date(2020, 4, 17),
            predecessors=self.design,
            user_ids=[Command.set(self.mkt_user.ids)],
        )
        review.with_user(self.mkt_user).action_collab_block("Reviewer on leave")
        self.env["project.task"]._collab_refresh_date_statuses()  # settle every other task on START
        self.env.flush_all()
        # ctid: the row version's place, which every UPDATE changes (write_date is the transaction's time)
        query = "SELECT id, collab_status, ctid::text FROM project_task WHERE id = ANY(%s)"
        ids = [self.campaign.id, review.id]
        self.env.cr.execute(query, [ids])
        before = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        with freeze_time(datetime(2020, 4, 11, 8, 0)):
            self.assertEqual(self.env["project.task"]._collab_refresh_date_statuses(), 1)  # the design
            self.env.flush_all()
            self.env.cr.execute(query, [ids])
            after = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        self.assertEqual(after[self.campaign.id][0], "blocked")
        self.assertNotEqual(after[self.campaign.id][1], before[self.campaign.id][1])
        self.assertEqual(after[review.id], ("blocked", before[review.id][1]))

    def test_owner_marks_blocked_with_a_reason_and_the_lead_unblocks(self):
        campaign = self.campaign.with_user(self.mkt_user)
        with self.assertRaisesRegex(UserError, "a reason is required"):
            campaign.action_collab_block("  ")
        # the record rule speaks first on a cold cache (RPC), the action's own check on a warm one
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access|can mark it blocked"):
            self.campaign.with_user(self.sales_user).action_collab_block("Not mine")
        with self.assertRaisesRegex(
            UserError, "change only through its buttons"
        ):  # the flag belongs to the workflow: only the action sets it
            campaign.write({"collab_blocked": True})
        self.assertEqual(campaign.action_open_collab_block()["res_model"], "project.task.block")
        dialog = (
            self.env["project.task.block"]
            .with_user(self.mkt_user)
            .create({"task_id": self.campaign.id, "reason": "Waiting for the agency's quote"})
        )
        # the form behind the dialog is read again: its badge says Blocked without a manual reload
        self.assertEqual(dialog.action_confirm(), {"type": "ir.actions.client", "tag": "soft_reload"})
        self.assertEqual(self.campaign.collab_status, "blocked")
        self.assertEqual(self.campaign.collab_block_reason, "Waiting for the agency's quote")
        status, reasons = self.project.with_user(self.lead)._collab_weekly_status()
        self.assertEqual(status, "at_risk")
        self.assertIn("2 Campaign is blocked: Waiting for the agency's quote", reasons)
        self.campaign.with_user(self.lead).action_collab_unblock()
        self.assertFalse(self.campaign.collab_blocked)
        self.assertEqual(self.campaign.collab_status, "waiting")


class TestAcceptanceCompletes(PlanStatusCase):
    def test_passed_acceptance_sets_complete_to_100(self):
        self.design.with_user(self.lead).deliverable = "Design file"
        self.report(self.design, self.rd_user, 40)
        self.design.with_user(self.rd_user).action_submit_for_acceptance()
        acceptance = self.design.acceptance_ids
        acceptance.with_user(acceptance.acceptor_ids[0]).action_pass("OK")
        self.assertEqual(self.design.collab_status, "done")
        self.assertEqual(self.design.collab_progress, 100)


class TestPhases(PlanStatusCase):
    def setUp(self):
        super().setUp()
        self.phase = self.make_task(self.project, "Launch phase", collab_department_id=self.dept_rd.id)
        (self.design | self.campaign).with_user(self.lead).parent_id = self.phase

    def test_phase_rolls_up_dates_progress_and_status(self):
        phase = self.phase.with_user(self.lead)
        self.assertTrue(phase.collab_is_phase)
        self.assertEqual((phase.date_planned_start, phase.date_planned_end), (date(2020, 4, 1), date(2020, 4, 24)))
        self.assertEqual(phase.collab_status, "not_started")
        # 10 days at 50 % and 12 days at 0 %: weighted by planned duration
        self.report(self.design, self.rd_user, 50)
        self.assertAlmostEqual(phase.collab_progress, round(50 * 10 / 22, 2))
        self.assertEqual(phase.collab_status, "in_progress")
        # a progress update posted on the phase itself (by the head of its department) does not
        # override what its sub-tasks say
        self.report(self.phase, self.rd_head, 90)
        self.assertAlmostEqual(phase.collab_progress, round(50 * 10 / 22, 2))
        # a sub-task moves: the phase follows
        self.campaign.with_user(self.lead).date_planned_end = date(2020, 4, 30)
        self.assertEqual(phase.date_planned_end, date(2020, 4, 30))
        # dates typed on the phase itself give way to its sub-tasks'
        phase.date_planned_end = date(2020, 6, 30)
        self.assertEqual(phase.date_planned_end, date(2020, 4, 30))
        with freeze_time(datetime(2020, 4, 11, 8, 0)):
            self.run_engine()
            self.assertEqual(phase.collab_status, "delayed")
            # the phase is not a task of its own: one red task, not two
            self.assertEqual(self.project.collab_red_task_count, 1)
        (self.design | self.campaign).with_user(self.lead).write({"state": "1_done"})
        self.assertEqual(phase.collab_status, "done")

    def test_phases_are_not_counted_as_tasks(self):
        action = self.env.ref("cross_dept_collab.project_task_action_dashboard")
        Task = self.env["project.task"].with_user(self.mkt_head)
        domain = [*ast.literal_eval(action.domain), ("project_id", "=", self.project.id)]
        self.assertEqual(Task.search(domain), self.design | self.campaign)
        (self.design | self.campaign).with_user(self.lead).write({"state": "1_done"})
        self.env.flush_all()
        card = (
            self.env["collab.report.department.scorecard"]
            .with_user(self.mkt_head)
            .search([("department_id", "=", self.dept_rd.id)])
        )
        self.assertEqual(card.tasks_done, 1)  # the design, not its phase
        # every task is done: the open phase (its own Odoo state untouched) raises nothing
        self.assertEqual(self.project.with_user(self.lead)._collab_weekly_status(), ("on_track", []))


class TestWbsViews(PlanStatusCase):
    def arch(self, view_type, action_xmlid):
        action = self.env.ref(action_xmlid)
        view = action.view_ids.filtered(lambda v: v.view_mode == view_type).view_id
        self.assertTrue(view, f"{action_xmlid} has its own {view_type} view")
        views = self.env["project.task"].with_user(self.mkt_user).get_views([(view.id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_wbs_list_shows_the_project_and_groups_by_it(self):
        root = self.arch("list", "cross_dept_collab.project_task_action_wbs")
        self.assertTrue(root.xpath("//field[@name='project_id']"))
        search = self.env["project.task"].with_user(self.mkt_user).get_views([(False, "search")])
        search_arch = etree.fromstring(search["views"]["search"]["arch"])
        self.assertTrue(search_arch.xpath("//filter[@name='collab_group_project']"))

    def test_wbs_kanban_is_not_grouped_and_cards_show_code_dates_and_status(self):
        root = self.arch("kanban", "cross_dept_collab.project_task_action_wbs")
        self.assertFalse(root.get("default_group_by"))
        for fname in ("wbs_code", "date_planned_start", "date_planned_end", "collab_status"):
            self.assertTrue(root.xpath(f"//t[@t-name='card']//field[@name='{fname}']"), fname)
        # the project's own button opens the same, with no grouping in its context
        action = self.project.with_user(self.lead).action_open_wbs()
        self.assertNotIn("group_by", action.get("context") or {})

    def test_follow_ups_has_an_empty_state_and_an_ungrouped_kanban(self):
        action = self.env.ref("cross_dept_collab.project_task_action_follow_ups")
        self.assertIn("o_view_nocontent_smiling_face", action.help)
        self.assertFalse(
            self.arch("kanban", "cross_dept_collab.project_task_action_follow_ups").get("default_group_by")
        )

    def test_form_offers_the_block_and_the_timeline_keeps_names_in_view(self):
        views = self.env["project.task"].with_user(self.mkt_user).get_views([(False, "form")])
        form = etree.fromstring(views["views"]["form"]["arch"])
        self.assertTrue(form.xpath("//button[@name='action_open_collab_block']"))
        html = str(self.project.with_user(self.lead).plan_timeline_html)
        root = etree.fromstring(html)
        names = root.xpath("//*[@class='o_collab_timeline_names']")
        self.assertIn("position:sticky", names[0].get("style"))
        # the legend sits above the scrolling box and names the waiting status
        legend = root.xpath("//*[@class='o_collab_timeline_legend']")[0]
        self.assertIsNone(legend.xpath("ancestor::*[@class='o_collab_timeline_scroll']") or None)
        self.assertIn("Waiting", "".join(legend.itertext()))


class TestRemindersToMe(PlanStatusCase):
    def test_each_employee_reads_the_reminders_sent_to_them(self):
        with freeze_time(datetime(2020, 4, 8, 8, 0)):  # the design ends in two days
            self.run_engine()
        action = self.env.ref("cross_dept_collab.collab_reminder_log_action_mine")
        Log = self.env["collab.reminder.log"]
        mine = Log.with_user(self.rd_user).search([("recipient_ids", "in", self.rd_user.id)])
        self.assertIn("task_due_owner", mine.mapped("rule"))
        # what the menu shows, read as the employee (a list view's read)
        rows = Log.with_user(self.rd_user).search_read(
            [("recipient_ids", "in", self.rd_user.id)], ["rule", "res_model", "res_id", "recipient_ids"]
        )
        self.assertIn(self.design.id, {row["res_id"] for row in rows})
        self.assertIn("o_view_nocontent_smiling_face", action.help)
        # another employee sees none of them, even when asking for them
        self.assertFalse(Log.with_user(self.sales_user).search([("id", "in", mine.ids)]))
        with self.assertRaisesRegex(AccessError, "doesn't have 'read' access"):
            mine.with_user(self.sales_user).read(["rule"])
        # the coordinator reads every reminder
        self.assertEqual(Log.with_user(self.coordinator).search([("id", "in", mine.ids)]), mine)


class TestPlanStatusInChinese(PlanStatusCase):
    def test_statuses_block_and_legend_read_in_chinese(self):
        load_languages(self.env, ("zh_CN", "zh_TW"))
        self.lead.lang = "zh_CN"
        # the web client sends the reader's language in the context
        project = self.project.with_user(self.lead).with_context(lang="zh_CN")
        Task = project.env["project.task"]
        labels = dict(Task._fields["collab_status"]._description_selection(Task.env))
        self.assertEqual((labels["waiting"], labels["blocked"]), ("等待", "受阻"))
        legend = etree.fromstring(str(project.plan_timeline_html)).xpath("//*[@class='o_collab_timeline_legend']")[0]
        self.assertIn("等待", "".join(legend.itertext()))
        self.campaign.with_user(self.mkt_user).action_collab_block("等报价")
        self.assertEqual(project._collab_weekly_status(), ("at_risk", ["2 Campaign 受阻：等报价"]))
        zh_tw = self.env["project.task"].with_context(lang="zh_TW")
        self.assertEqual(dict(zh_tw._fields["collab_status"]._description_selection(zh_tw.env))["waiting"], "等待")


class TestMigrationTo21(PlanStatusCase):
    def test_old_statuses_and_phases_are_recomputed(self):
        phase = self.make_task(self.project, "Launch phase")
        (self.design | self.campaign).with_user(self.lead).parent_id = phase
        self.env.flush_all()
        # as 18.0.2.0.x left them: the campaign "blocked" because Odoo waits on its predecessor,
        # the phase with dates and % of its own
        self.env.cr.execute("UPDATE project_task SET collab_status = 'blocked' WHERE id = %s", [self.campaign.id])
        self.env.cr.execute(
            "UPDATE project_task SET date_planned_end = '2020-12-31', collab_progress = 80 WHERE id = %s", [phase.id]
        )
        self.env.invalidate_all()

        run_migration(self.env.cr, "18.0.2.1.0", "post", "18.0.2.0.0")

        self.env.invalidate_all()
        self.assertEqual(self.campaign.collab_status, "waiting")
        self.assertEqual((phase.date_planned_end, phase.collab_progress), (date(2020, 4, 24), 0))


class TestFollowUpsAndCards(PlanStatusCase):
    def test_follow_ups_show_the_owners_task_that_starts_tomorrow(self):
        """An owner whose task starts tomorrow (and ends in three weeks) finds it in My Follow-ups,
        with the action's default filter, as that owner."""
        survey = self.make_task(
            self.project,
            "Survey",
            date(2020, 4, 2),
            date(2020, 4, 24),
            user_ids=[Command.set(self.sales_user.ids)],
        )
        later = self.make_task(
            self.project, "Later", date(2020, 4, 20), date(2020, 4, 30), user_ids=[Command.set(self.sales_user.ids)]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id("cross_dept_collab.project_task_action_follow_ups")
        self.assertEqual(ast.literal_eval(action["context"]), {"search_default_collab_needs_attention": 1})
        Task = self.env["project.task"].with_user(self.sales_user)
        search = etree.fromstring(Task.get_views([(False, "search")])["views"]["search"]["arch"])
        attention = search.xpath("//filter[@name='collab_needs_attention']")[0].get("domain")
        domain = safe_eval(action["domain"], {"uid": self.sales_user.id}) + safe_eval(
            attention, {"context_today": lambda: date(2020, 4, 1), "relativedelta": relativedelta}
        )
        found = Task.search(domain)
        self.assertIn(survey, found)
        self.assertNotIn(later, found, "a task three weeks away does not chase anyone yet")

    def test_phone_wbs_cards_sort_by_project_then_code_and_show_the_project(self):
        root = TestWbsViews.arch(self, "kanban", "cross_dept_collab.project_task_action_wbs")
        self.assertEqual(root.get("default_order"), "project_id, wbs_code")
        self.assertTrue(root.xpath("//t[@t-name='card']//field[@name='project_id']"))
