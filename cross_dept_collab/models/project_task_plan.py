"""project.task: the plan — phases rolling up their sub-tasks, planned dates and dependencies,
the critical path, schedule conflicts and the lock of a confirmed plan."""

from odoo import _, api, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from . import plan_scheduling

PLAN_FIELDS = ("date_planned_start", "date_planned_end", "deliverable", "acceptance_standard", "name", "parent_id")


class ProjectTaskPlan(models.Model):
    _inherit = "project.task"

    # ------------------------------------------------------------------------------------------
    # Phases: a task with sub-tasks spans them
    # ------------------------------------------------------------------------------------------
    @api.depends("child_ids")
    def _compute_collab_is_phase(self):
        for task in self:
            task.collab_is_phase = bool(task.child_ids)

    @api.depends("child_ids.date_planned_start", "child_ids.date_planned_end")
    def _compute_phase_plan(self):
        """A phase runs from its first sub-task's planned start to its last one's planned end; a
        task without sub-tasks keeps the dates it was given."""
        for task in self:
            starts = [day for day in task.child_ids.mapped("date_planned_start") if day]
            ends = [day for day in task.child_ids.mapped("date_planned_end") if day]
            if starts:
                task.date_planned_start = min(starts)
            if ends:
                task.date_planned_end = max(ends)

    @api.depends("child_ids.collab_progress", "child_ids.date_planned_start", "child_ids.date_planned_end")
    def _compute_phase_progress(self):
        """A phase's % complete is its sub-tasks', weighted by their planned duration (calendar days;
        a sub-task without dates weighs one day)."""
        for task in self.filtered("child_ids"):
            weights = [
                (
                    (child.date_planned_end - child.date_planned_start).days + 1
                    if child.date_planned_start and child.date_planned_end
                    else 1,
                    child.collab_progress,
                )
                for child in task.child_ids
            ]
            total = sum(max(weight, 1) for weight, _progress in weights)
            task.collab_progress = round(sum(max(weight, 1) * progress for weight, progress in weights) / total, 2)

    # ------------------------------------------------------------------------------------------
    # Critical path and schedule conflicts
    # ------------------------------------------------------------------------------------------
    @api.depends(
        "project_id.tasks.date_planned_start",
        "project_id.tasks.date_planned_end",
        "project_id.tasks.depend_on_ids",
        "project_id.tasks.child_ids",
    )
    def _compute_critical_path(self):
        results, stored = self.project_id._plan_critical_paths()
        fnames = ["slack_days", "is_critical", "critical_rank"]
        tasks = self._with_pending_of_plan(fnames, stored)
        with self.env.protecting([self._fields[fname] for fname in fnames], tasks):
            for index, fname in enumerate(fnames):
                tasks._assign_computed(
                    fname,
                    {task_id: values[index] for task_id, values in results.items()},
                    {task_id: row[fname] for task_id, row in stored.items()},
                )

    @api.depends_context("lang")
    @api.depends("date_planned_start", "depend_on_ids.date_planned_end")
    def _compute_plan_conflict(self):
        for task in self:
            late = task.depend_on_ids.filtered(
                lambda p, t=task: (
                    t.date_planned_start and p.date_planned_end and t.date_planned_start <= p.date_planned_end
                )
            )
            task.plan_conflict = (
                "\n".join(
                    _(
                        "Starts %(start)s, before %(code)s %(name)s ends (%(end)s).",
                        start=format_date(self.env, task.date_planned_start),
                        code=p.wbs_code or "",
                        name=p.name,
                        end=format_date(self.env, p.date_planned_end),
                    )
                    for p in late
                )
                or False
            )

    @api.onchange("date_planned_start", "depend_on_ids")
    def _onchange_plan_conflict(self):
        if self.plan_conflict:
            return {
                "warning": {
                    "title": _("This task starts before its predecessors end"),
                    "message": self.plan_conflict
                    + "\n"
                    + _("Use “Reschedule” on the project to shift dependants forward."),
                }
            }
        return None

    # ------------------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------------------
    @api.constrains("date_planned_start", "date_planned_end")
    def _check_planned_dates(self):
        for task in self:
            if task.date_planned_start and task.date_planned_end and task.date_planned_end < task.date_planned_start:
                raise ValidationError(
                    _(
                        "The planned end of %(task)s (%(end)s) is before its planned start (%(start)s).",
                        task=task.display_name,
                        end=task.date_planned_end,
                        start=task.date_planned_start,
                    )
                )

    @api.constrains("date_planned_start", "date_planned_end")
    def _check_planned_dates_range(self):
        """Planned dates stay within 1900-01-01 … 2200-12-31: a typo like 9999-12-31 is refused
        instead of breaking every date computation of the plan (timeline, reminders, dossier)."""
        first, last = plan_scheduling.DATE_MIN, plan_scheduling.DATE_MAX
        for task in self:
            for day in (task.date_planned_start, task.date_planned_end):
                if day and not first <= day <= last:
                    raise ValidationError(
                        _(
                            "The planned dates of %(task)s must lie between %(first)s and %(last)s, not %(date)s.",
                            task=task.display_name,
                            first=first,
                            last=last,
                            date=day,
                        )
                    )

    @api.constrains("depend_on_ids")
    def _check_no_cyclic_dependencies(self):
        """Odoo refuses cycles; we also name the tasks that form it."""
        if not self._has_cycle("depend_on_ids"):
            return
        cycle = plan_scheduling.find_cycle(self._reachable_dependency_edges())
        tasks = self.browse(cycle or [])
        names = " → ".join(f"{t.wbs_code or ''} {t.name}".strip() for t in (tasks + tasks[:1]))
        raise ValidationError(
            _("Two tasks cannot depend on each other: %(cycle)s.", cycle=names)
            if names
            else _("Two tasks cannot depend on each other.")
        )

    @api.constrains(*PLAN_FIELDS)
    def _check_plan_not_confirmed(self):
        """Once the plan is confirmed, dates and scope change only through a change request."""
        # a phase's dates follow its sub-tasks (which the lock covers): only its scope is checked below
        self.filtered(lambda t: not t.collab_is_phase)._check_plan_lock()

    @api.constrains(*(fname for fname in PLAN_FIELDS if not fname.startswith("date_planned")))
    def _check_phase_scope_not_confirmed(self):
        self.filtered("collab_is_phase")._check_plan_lock()

    def _check_plan_lock(self):
        # only the workflow (superuser, after an approved change request) passes the lock
        if self.env.su and self.env.context.get("collab_plan_change_approved"):
            return
        for task in self:
            if task.project_id.plan_state == "confirmed":
                raise ValidationError(
                    _(
                        "The plan of %(project)s is confirmed: changing the planned dates or scope of %(task)s "
                        "needs an approved change request.",
                        project=task.project_id.name,
                        task=task.name,
                    )
                )

    def _reachable_dependency_edges(self):
        """(task, predecessor) pairs reachable from these tasks through their predecessors."""
        edges, seen, frontier = [], set(self.ids), self
        while frontier:
            following = self.browse()
            for task in frontier:
                for predecessor in task.depend_on_ids:
                    edges.append((task.id, predecessor.id))
                    if predecessor.id not in seen:
                        seen.add(predecessor.id)
                        following |= predecessor
            frontier = following
        return edges
