"""project.task: lags on its dependencies, and its successors moving with it on the working calendar.

When a task's planned dates are written, its successors (finish-to-start, with their lag) are
shifted forward in the same transaction by the project (``_plan_cascade``); the task form shows
what will move before it is saved (``_onchange_cascade_preview``)."""

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

DATE_FIELDS = ("date_planned_start", "date_planned_end")


class ProjectTaskCascade(models.Model):
    _inherit = "project.task"

    collab_lag_ids = fields.One2many(
        "collab.task.dependency.lag",
        "task_id",
        string="Lags",
        help="Working days this task waits after a predecessor ends (finish-to-start); none: it may start on "
        "the next working day.",
    )

    def _check_may_set_lags(self):
        """A lag is part of the task's plan: whoever may edit the task (so its predecessors) sets it."""
        if self.env.su:
            return
        for task in self:
            if not task.has_access("write"):
                raise AccessError(
                    _(
                        "You cannot set the lags of %(task)s: only who may edit the task's plan (its predecessors) "
                        "can.",
                        task=task.display_name if task.has_access("read") else _("task #%(id)s", id=task.id),
                    )
                )

    def write(self, vals):
        cascade = any(fname in vals for fname in DATE_FIELDS) and not self.env.context.get("collab_no_cascade")
        before = {}
        if cascade:
            before = {task.id: (task.date_planned_start, task.date_planned_end) for task in self if task.project_id}
        result = super().write(vals)
        if "depend_on_ids" in vals:
            self._collab_drop_stale_lags()
        if before:
            by_project = defaultdict(dict)
            for task in self.filtered(lambda t: t.id in before):
                if (task.date_planned_start, task.date_planned_end) != before[task.id]:
                    by_project[task.project_id][task.id] = before[task.id]
            for project, old_spans in by_project.items():
                project._plan_cascade(old_spans)
        return result

    def _plan_cascade_from(self):
        """Shift the successors of these tasks (at their current dates) that start too early."""
        for project, tasks in self.filtered("project_id").grouped("project_id").items():
            project._plan_cascade({task.id: (task.date_planned_start, task.date_planned_end) for task in tasks})

    def _plan_write_spans(self, spans):
        """Give these tasks their ``spans`` (``{task_id: (start, end)}``, a different pair per task)
        in one batched write: what ``write`` does, once for all of them instead of once per task.

        A cascade moves up to thousands of successors, each to its own dates; through ``write``
        each one pays Odoo's dependency triggers (``modified``: a few queries each), so a move
        through 1,000 successors took over 10 seconds. Here the caller's rights are checked as
        ``write`` checks them, the rows are updated with one ``UPDATE … FROM (VALUES …)``, the
        dependent fields (critical path, status, phases, variance) are triggered once for the batch,
        and the constraints of the dates (range, order, the confirmed-plan lock) are checked. The
        project's note lists every task moved; each task's chatter tracks its own dates as a
        ``write`` would (:meth:`_plan_track_spans`, in two batched inserts); the departments' load
        rows follow."""
        fnames = list(DATE_FIELDS)
        self.check_access("write")
        self._plan_track_spans(spans)
        self.modified(fnames, before=True)
        self.flush_recordset(fnames)
        self._write_multi(
            [{"date_planned_start": spans[task.id][0], "date_planned_end": spans[task.id][1]} for task in self]
        )
        self.invalidate_recordset([*fnames, "write_date", "write_uid"])
        self.modified(fnames)
        self._validate_fields(fnames)
        # what ``write`` keeps beside the stored fields: the departments' load (project_task_load.py)
        self.env["collab.task.load"]._collab_refresh(self.ids)

    def _plan_track_spans(self, spans):
        """The tracking lines a ``write`` of ``spans`` would leave in each task's chatter (its planned
        start and end, old → new), written at once: one message per task and their tracking values
        in two batched inserts, where Odoo's tracking logs each record on its own."""
        fnames = [fname for fname in DATE_FIELDS if self._fields[fname].tracking]
        info = self.fields_get(fnames, attributes=("string", "type", "selection", "currency_field"))
        Tracking = self.env["mail.tracking.value"]
        changes = {}
        for task in self:
            new = dict(zip(DATE_FIELDS, spans[task.id], strict=True))
            values = [
                Tracking._create_tracking_values(task[fname], new[fname], fname, info[fname], task)
                for fname in fnames
                if task[fname] != new[fname]
            ]
            if values:
                changes[task.id] = values
        if not changes or self.env.context.get("tracking_disable") or self.env.context.get("mail_notrack"):
            return
        tracked = self.browse(list(changes))
        # sudo: as Odoo's own tracking, the log needs no right on messages (the write was checked)
        messages = tracked._message_log_batch({})
        Tracking.sudo().create(
            [dict(values, mail_message_id=message.id) for message in messages for values in changes[message.res_id]]
        )

    def _collab_drop_stale_lags(self):
        """Lags of links that are no longer dependencies are removed (one search, one unlink)."""
        lags = self.env["collab.task.dependency.lag"].search([("task_id", "in", self.ids)])
        lags.filtered(lambda lag: lag.predecessor_id not in lag.task_id.depend_on_ids).unlink()

    @api.onchange(*DATE_FIELDS)
    def _onchange_cascade_preview(self):
        """Before saving: the successors that will move with the new dates, and by how much."""
        task = self._origin
        if not task or not self.date_planned_start or not self.date_planned_end or self.collab_is_phase:
            return None
        if self.date_planned_end < self.date_planned_start:
            return None
        new_span = (self.date_planned_start, self.date_planned_end)
        if new_span == (task.date_planned_start, task.date_planned_end) or not task.project_id:
            return None
        lines = task.project_id._plan_cascade_preview({task.id: new_span})
        if not lines:
            return None
        return {
            "warning": {
                "title": _("Saving moves its successors"),
                "message": "\n".join(
                    [_("On the working calendar, saving these dates moves:"), *(f"• {line}" for line in lines)]
                ),
            }
        }
