"""project.task: the plan status (not started, waiting, in progress, done, delayed, blocked),
marking a task blocked, its warning, and the engine's refresh of statuses that change with the date."""

from collections import defaultdict

from odoo import _, api, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from .project_task import CLOSED


class ProjectTaskStatus(models.Model):
    _inherit = "project.task"

    # ------------------------------------------------------------------------------------------
    # Status and warning
    # ------------------------------------------------------------------------------------------
    @api.depends(
        "state",
        "collab_progress",
        "date_planned_end",
        "collab_blocked",
        "depend_on_ids.collab_status_fact",
        "child_ids.collab_status",
    )
    def _compute_collab_status(self):
        # the company's day, like the reminder engine's due moments, so status and reminders agree
        for task in self:
            task.collab_status = task._collab_status_on(task._collab_today())

    def _collab_status_on(self, today):
        """The plan status of this task on ``today``; a phase's comes from its sub-tasks.

        done: closed; delayed: open past its planned end; blocked: a predecessor is delayed, or it
        was marked blocked with a reason; waiting: a predecessor is still open (and on time) and
        work has not started; in progress: work started; else not started."""
        self.ensure_one()
        if self.state in CLOSED:
            return "done"
        # of its predecessors a task needs to know only whether each is done or delayed: their
        # collab_status_fact (a trigger of this compute), evaluated on the same day as this status
        predecessors = {
            {"late": "delayed"}.get(fact, fact)
            for fact in (predecessor._collab_status_fact_on(today) for predecessor in self.depend_on_ids)
        }
        if self.child_ids:
            statuses = set(self.child_ids.mapped("collab_status"))
            if statuses == {"done"}:
                return "done"
            if "delayed" in statuses:
                return "delayed"
            if self.collab_blocked or "blocked" in statuses or "delayed" in predecessors:
                return "blocked"
            if statuses & {"in_progress", "done"}:
                return "in_progress"
            if statuses - {"done"} == {"waiting"} or predecessors - {"done"}:
                return "waiting"
            return "not_started"
        if self.date_planned_end and self.date_planned_end < today:
            return "delayed"
        if self.collab_blocked or "delayed" in predecessors:
            return "blocked"
        if self.collab_progress > 0 or self.state in ("02_changes_requested", "03_approved"):
            return "in_progress"
        if predecessors - {"done"}:
            return "waiting"
        return "not_started"

    @api.depends("state", "date_planned_end", "child_ids.collab_status_fact")
    def _compute_collab_status_fact(self):
        for task in self:
            task.collab_status_fact = task._collab_status_fact_on(task._collab_today())

    def _collab_status_fact_on(self, today):
        """What the dependants of this task need of its status on ``today``: *done* when its status
        is done (closed, or a phase whose sub-tasks are all done), *late* when it is delayed (open
        past its planned end, or a phase with a delayed sub-task), else *open*."""
        self.ensure_one()
        if self.state in CLOSED:
            return "done"
        if self.child_ids:
            facts = set(self.child_ids.mapped("collab_status_fact"))
            if facts == {"done"}:
                return "done"
            return "late" if "late" in facts else "open"
        return "late" if self.date_planned_end and self.date_planned_end < today else "open"

    @api.depends(
        "collab_status",
        "date_planned_end",
        "last_progress_update_id.has_risk",
        "last_progress_update_id.risk_note",
        "last_progress_update_id.date_expected",
    )
    def _compute_warning(self):
        """Red once past the planned end; amber when the last update flags a risk or a late end."""
        for task in self:
            update = task.last_progress_update_id
            if task.collab_status == "done":
                task.warning_level, task.warning_reason = "none", False
            elif task.collab_status == "delayed":
                task.warning_level = "red"
                task.warning_reason = _("Past its planned end (%(date)s)", date=task.date_planned_end)
            elif update.has_risk:
                task.warning_level, task.warning_reason = "amber", update.risk_note
            elif update.date_expected and task.date_planned_end and update.date_expected > task.date_planned_end:
                task.warning_level = "amber"
                task.warning_reason = _(
                    "Expected to end %(expected)s, after the planned %(planned)s",
                    expected=update.date_expected,
                    planned=task.date_planned_end,
                )
            else:
                task.warning_level, task.warning_reason = "none", False

    # ------------------------------------------------------------------------------------------
    # Marked blocked by the owner or the project lead
    # ------------------------------------------------------------------------------------------
    def _check_can_block(self):
        """The task's owners, its project lead and the coordinator mark it blocked or unblock it."""
        self._check_owner_or_lead(
            lambda task: self.env._(
                "Only the owners of %(task)s or its project lead can mark it blocked.", task=task.name
            )
        )

    def action_collab_block(self, reason):
        """Mark these tasks blocked, with the reason (what they are waiting for)."""
        reason = self._collab_text_arg(reason, _("The reason"))
        if not reason:
            raise UserError(_("Say what blocks the task: a reason is required."))
        self._check_can_block()
        # sudo: the block flag belongs to the workflow (the guard refuses it from users); the
        # check above allowed the owner or the lead, who may not have write access to the task
        self.sudo().write({"collab_blocked": True, "collab_block_reason": reason})
        for task in self:
            task.sudo().message_post(
                body=_("Marked blocked by %(user)s: %(reason)s", user=self.env.user.name, reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_collab_unblock(self):
        self._check_can_block()
        blocked = self.filtered("collab_blocked")
        # sudo: as in action_collab_block
        blocked.sudo().write({"collab_blocked": False, "collab_block_reason": False})
        for task in blocked:
            task.sudo().message_post(
                body=_("Unblocked by %(user)s.", user=self.env.user.name), subtype_xmlid="mail.mt_note"
            )
        return True

    def action_open_collab_block(self):
        self._collab_records_arg(self)
        self._check_can_block()
        return {
            "type": "ir.actions.act_window",
            "name": _("Mark Blocked"),
            "res_model": "project.task.block",
            "view_mode": "form",
            "target": "new",
            "context": {"default_task_id": self.id},
        }

    # ------------------------------------------------------------------------------------------
    # Refreshing the statuses that change with the date (run by the reminder engine)
    # ------------------------------------------------------------------------------------------
    def init(self):
        result = super().init()
        # the engine's status refresh reads exactly these rows: open tasks whose stored status
        # may have gone stale with the date (see _collab_refresh_date_statuses); phases follow
        # their sub-tasks. The open-task index replaces one that knew no waiting or blocked task
        # (dropped by migrations/18.0.2.5.0).
        tools.create_index(
            self.env.cr,
            "project_task_collab_status_open_plan_end_idx",
            self._table,
            ["date_planned_end"],
            where="collab_status IN ('not_started', 'waiting', 'in_progress', 'blocked')",
        )
        tools.create_index(
            self.env.cr,
            "project_task_collab_status_delayed_end_idx",
            self._table,
            ["date_planned_end"],
            where="collab_status = 'delayed'",
        )
        tools.create_index(
            self.env.cr,
            "project_task_collab_status_fact_open_end_idx",
            self._table,
            ["date_planned_end"],
            where="collab_status_fact = 'open'",
        )
        tools.create_index(
            self.env.cr,
            "project_task_collab_status_fact_late_end_idx",
            self._table,
            ["date_planned_end"],
            where="collab_status_fact = 'late'",
        )
        return result

    @api.model
    def _collab_refresh_date_statuses(self, limit=None):
        """Called by the reminder engine on each run: the stored status, warning and project badge
        of every task (of any project) whose status changed with the date since it was written —
        open tasks whose planned end has passed, or delayed ones whose end is ahead again — and of
        the tasks that follow from them: their dependants (waiting ↔ blocked) and their phases. One
        indexed query finds them (none on most runs: the rows change once a day); only the rows
        whose values change are written. Returns how many tasks turned (or stopped being) delayed."""

        # each company's day, like _compute_collab_status and the engine's due moments: one query
        # over the (few) days the companies are in; tasks without a company count the current one's
        # (a task's fact for its dependants, collab_status_fact, goes stale with the date too; it is
        # refreshed with the status, and found on its own if the status was recomputed without it)
        def stale_on(day):
            return [
                "|",
                "|",
                "|",
                "&",
                ("collab_status", "in", ("not_started", "waiting", "in_progress", "blocked")),
                ("date_planned_end", "<", day),
                "&",
                ("collab_status", "=", "delayed"),
                ("date_planned_end", ">=", day),
                "&",
                ("collab_status_fact", "=", "open"),
                ("date_planned_end", "<", day),
                "&",
                ("collab_status_fact", "=", "late"),
                ("date_planned_end", ">=", day),
            ]

        companies_by_day = defaultdict(list)
        companies_by_day[self.env.company.collab_today()].append(False)
        # sudo: statuses are kept right for every company's tasks, whatever the cron user may read
        for company in self.env["res.company"].sudo().search([]):
            companies_by_day[company.collab_today()].append(company.id)
        on_their_day = expression.OR(
            [expression.AND([[("company_id", "in", ids)], stale_on(day)]) for day, ids in companies_by_day.items()]
        )
        stale = (
            self.sudo()
            .with_context(active_test=False)
            .search(expression.AND([[("collab_is_phase", "=", False)], on_their_day]), limit=limit)
        )
        if stale:
            (stale | stale._collab_status_followers())._refresh_plan_status()
        return len(stale)

    def _collab_status_followers(self):
        """The open tasks whose status may follow from these tasks' status: their dependants and
        phases, and theirs in turn (one recursive query)."""
        rows = self.env.execute_query(
            SQL(
                """WITH RECURSIVE follower(id) AS (
                       SELECT unnest(%s::int[])
                       UNION
                       SELECT next.id FROM follower f
                         JOIN LATERAL (
                             SELECT parent_id AS id FROM project_task WHERE id = f.id AND parent_id IS NOT NULL
                             UNION ALL
                             SELECT task_id FROM task_dependencies_rel WHERE depends_on_id = f.id
                         ) next ON TRUE
                   )
                   SELECT t.id FROM follower JOIN project_task t ON t.id = follower.id
                    WHERE t.collab_status != 'done' AND t.id != ALL(%s::int[])""",
                list(self.ids),
                list(self.ids),
            )
        )
        return self.browse([row[0] for row in rows])

    def _refresh_plan_status(self):
        """Status and warning depend on today's date: recompute them in batch, as the ORM would.
        The stored values are read first, so the flush writes only the rows that change."""
        fnames = ["collab_status_fact", "collab_status", "warning_level", "warning_reason"]
        self.fetch(fnames)
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        projects = self.project_id
        for fname in ("collab_warning_level", "collab_red_task_count"):
            self.env.add_to_compute(projects._fields[fname], projects)
        self.flush_recordset(fnames)
        projects.flush_recordset(["collab_warning_level", "collab_red_task_count"])
