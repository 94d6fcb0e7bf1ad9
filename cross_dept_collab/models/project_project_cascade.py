"""project.project: successors moving with their predecessor on the working calendar (the cascade).

One function computes what moves (``plan_scheduling.shift_forward`` from the moved tasks, with
the lags of their links): the task form's warning and the change request's preview show it
before anything is saved, the task's write and the change request's apply then make it."""

import babel.dates
from markupsafe import Markup

from odoo import _, models
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml

from . import plan_scheduling
from .project_project_baseline import signed_working_days


class ProjectProjectCascade(models.Model):
    _inherit = "project.project"

    def _plan_lags(self):
        """``{(task_id, predecessor_id): lag_days}`` of these projects' links that have a lag (one query)."""
        if not self.ids:
            return {}
        self.env["collab.task.dependency.lag"].flush_model(["task_id", "predecessor_id", "lag_days", "project_id"])
        rows = self.env.execute_query(
            SQL(
                """SELECT task_id, predecessor_id, lag_days FROM collab_task_dependency_lag
                    WHERE project_id = ANY(%s) AND lag_days > 0""",
                list(self.ids),
            )
        )
        return {(task_id, predecessor_id): lag for task_id, predecessor_id, lag in rows}

    def _plan_cascade_moves(self, spans):
        """What moves when the tasks of ``spans`` (``{task_id: (start, end)}``) take these dates:
        ``(old, new)``, each ``{task_id: (start, end)}`` — the successors that must move, through any
        number of levels, from their current to their new dates. Nothing is written; the plan is
        read with three queries whatever its size. A dependency cycle moves nothing."""
        self.ensure_one()
        rows, edges = self._plan_read()
        for task_id, (start, end) in spans.items():
            if task_id in rows:
                rows[task_id] = {**rows[task_id], "date_planned_start": start, "date_planned_end": end}
        _tasks, durations, edges = self._plan_graph((rows, edges))
        if not durations:
            return {}, {}
        planned = {
            task_id: (rows[task_id]["date_planned_start"], rows[task_id]["date_planned_end"]) for task_id in durations
        }
        __, next_working_day, add_working_days = self._plan_calendar_functions()
        try:
            moved = plan_scheduling.shift_forward(
                planned,
                edges,
                next_working_day,
                add_working_days,
                durations=durations,
                lags=self._plan_lags(),
                sources=spans,
            )
        except plan_scheduling.PlanCycleError:
            return {}, {}
        return {task_id: planned[task_id] for task_id in moved}, moved

    def _plan_cascade(self, old_spans, post=True):
        """The tasks of ``old_spans`` (``{task_id: (old start, old end)}``) were given new dates:
        shift their successors forward, all in one batched write, without cascading again. With
        ``post``, one note on the project lists the moved task(s) and each successor shifted.
        Returns ``(old, new)`` spans of the successors moved."""
        self.ensure_one()
        Task = self.env["project.task"]
        sources = Task.browse(list(old_spans))
        old, moved = self._plan_cascade_moves(
            {task.id: (task.date_planned_start, task.date_planned_end) for task in sources}
        )
        if moved:
            Task.browse(list(moved))._plan_write_spans(moved)
        if post and moved:
            self._plan_post_cascade(
                {**old_spans, **old},
                {**{task.id: (task.date_planned_start, task.date_planned_end) for task in sources}, **moved},
                list(old_spans),
            )
        return old, moved

    def _plan_shift_lines(self, old, new, task_ids=None):
        """One line per task: ``1.2 Build: +3 working days, 5 Oct – 9 Oct → 8 Oct – 12 Oct``, in
        the order of ``task_ids`` (default: by new start). Names read as superuser: the lines
        describe the project's plan to whoever sees the change (the lead, the approvers)."""
        self.ensure_one()
        task_ids = task_ids or sorted(new, key=lambda task_id: (new[task_id][0], task_id))
        tasks = self.env["project.task"].sudo().browse(task_ids)
        days = [day for span in (*old.values(), *new.values()) for day in span if day]
        if not days:
            return []
        is_working_day = self._plan_calendar_functions()[0]
        count = plan_scheduling.working_day_counter(min(days), max(days), is_working_day)

        # format_date's result, its language and pattern looked up once for all the lines
        lang = get_lang(self.env)
        locale = babel_locale_parse(lang.code)
        pattern = posix_to_ldml(lang.date_format, locale=locale)
        formatted = {}

        def day_label(day):
            if day not in formatted:
                formatted[day] = babel.dates.format_date(day, format=pattern, locale=locale) if day else "?"
            return formatted[day]

        def span(start, end):
            return self.env._("%(start)s – %(end)s", start=day_label(start), end=day_label(end))

        lines = []
        for task in tasks:
            (old_start, old_end), (start, end) = old[task.id], new[task.id]
            # the start's shift; the end's when the start stays (a task made longer or shorter)
            shift = (
                signed_working_days(count, old_start, start)
                if old_start != start
                else signed_working_days(count, old_end, end)
            )
            signed_shift = f"{shift:+d}"
            lines.append(
                _(
                    "%(code)s %(task)s: %(shift)s working days, %(old)s → %(new)s",
                    code=task.wbs_code or "",
                    task=task.name,
                    shift=signed_shift,
                    old=span(old_start, old_end),
                    new=span(start, end),
                ).strip()
            )
        return lines

    def _plan_cascade_preview(self, spans):
        """The lines of :meth:`_plan_shift_lines` for the successors that ``spans`` would move."""
        self.ensure_one()
        old, moved = self._plan_cascade_moves(spans)
        return self._plan_shift_lines(old, moved) if moved else []

    def _plan_post_cascade(self, old, new, source_ids):
        """One note on the project: the task(s) moved, then each successor shifted with it."""
        self.ensure_one()
        local = self.with_context(lang=(self.company_id or self.env.company)._collab_lang())
        moved_ids = sorted((task_id for task_id in new if task_id not in source_ids), key=lambda t: (new[t][0], t))
        # a longer lag moves successors of tasks whose own dates stay
        changed_ids = [task_id for task_id in source_ids if old.get(task_id) != new.get(task_id)]
        sources = local._plan_shift_lines(old, new, changed_ids) if changed_ids else []
        successors = local._plan_shift_lines(old, new, moved_ids)

        def items(lines):
            return Markup("").join(Markup("<li>%s</li>") % line for line in lines)

        body = Markup("<p>%s</p><ul>%s</ul>") % (
            local.env._("Successors moved with them on the working calendar:"),
            items(successors),
        )
        if sources:
            body = Markup("<p>%s</p><ul>%s</ul>") % (local.env._("Planned dates changed:"), items(sources)) + body
        # sudo: the note records a move the caller was allowed to make (its write passed the task's
        # rules); a task owner may not post on the project itself. The author stays the caller.
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
