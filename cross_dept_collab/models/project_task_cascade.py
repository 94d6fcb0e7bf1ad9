"""project.task: lags on its dependencies, and its successors moving with it on the working calendar.

When a task's planned dates are written, its successors (finish-to-start, with their lag) are
shifted forward in the same transaction by the project (``_plan_cascade``); the task form shows
what will move before it is saved (``_onchange_cascade_preview``)."""

from collections import defaultdict
from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

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
        statuses = self._plan_statuses_kept(spans)
        pending = {field: set(self.env.transaction.tocompute.get(field, ())) for field in statuses}
        self.modified(fnames, before=True)
        self.flush_recordset(fnames)
        self._write_multi(
            [{"date_planned_start": spans[task.id][0], "date_planned_end": spans[task.id][1]} for task in self]
        )
        self.invalidate_recordset([*fnames, "write_date", "write_uid"])
        self.modified(fnames)
        for field in statuses:
            # the statuses this write marked, and only those, stay as they are (see below)
            marked = set(self.env.transaction.tocompute.get(field, ())) - pending[field]
            self.env.remove_to_compute(field, self.browse(marked))
        self._validate_fields(fnames)
        # what ``write`` keeps beside the stored fields: the departments' load (project_task_load.py)
        self.env["collab.task.load"]._collab_refresh(self.ids)

    def _plan_statuses_kept(self, spans):
        """The status fields that giving these tasks their ``spans`` cannot change, to spare the
        recomputation of every task and dependant it marks (two recursive fields, a task at a time).

        A moved task's end matters to the plan status only through "is it past (before the company's
        day)?" — its own delayed status and what its dependants read of it (collab_status_fact); a
        phase's come from its sub-tasks. When no moved task's end crosses the day, no status and no
        fact marked by the move changes. The warning is recomputed still: it shows the end."""
        today = {}
        for task in self:
            company = task.sudo().company_id.id
            if company not in today:
                today[company] = task._collab_today()
            old_end, new_end = task.date_planned_end, spans[task.id][1]
            if task.collab_is_phase or not old_end or not new_end:
                return []
            if (old_end < today[company]) != (new_end < today[company]):
                return []
        return [self._fields["collab_status"], self._fields["collab_status_fact"]]

    def _plan_track_spans(self, spans):
        """The tracking lines a ``write`` of ``spans`` would leave in each task's chatter (its planned
        start and end, old → new), written at once, where Odoo's tracking logs each record on its own.

        Odoo logs a batch of records with one message each, all alike but for the record
        (``_message_log_batch``: same author, subtype, Message-Id, empty body). The first task's
        message is logged that way; the others are copies of its row (one ``INSERT … SELECT``), and
        the tracking values of all are inserted at once, as Odoo's ``_create_tracking_values`` gives
        them for a date (the day at midnight)."""
        if self.env.context.get("tracking_disable") or self.env.context.get("mail_notrack"):
            return
        fnames = [fname for fname in DATE_FIELDS if self._fields[fname].tracking]
        field_ids = {fname: self.env["ir.model.fields"]._get(self._name, fname).id for fname in fnames}

        def as_datetime(day):
            return fields.Datetime.to_string(datetime.combine(day, time.min)) if day else None

        changes = {}
        for task in self:
            new = dict(zip(DATE_FIELDS, spans[task.id], strict=True))
            values = [
                (field_ids[fname], as_datetime(task[fname]), as_datetime(new[fname]))
                for fname in fnames
                if task[fname] != new[fname]
            ]
            if values:
                changes[task.id] = values
        if not changes:
            return
        task_ids = list(changes)
        # sudo: as Odoo's own tracking, the log needs no right on messages (the write was checked)
        first = self.browse(task_ids[0])._message_log_batch({})
        message_ids = {first.res_id: first.id}
        if len(task_ids) > 1:
            Message = self.env["mail.message"]
            columns = [
                fname
                for fname, field in Message._fields.items()
                if field.store and field.column_type and fname not in ("id", "res_id")
            ]
            rows = self.env.execute_query(
                SQL(
                    """INSERT INTO mail_message (res_id, %(columns)s)
                       SELECT copy.res_id, %(columns)s
                         FROM mail_message, unnest(%(res_ids)s::int[]) WITH ORDINALITY AS copy(res_id, n)
                        WHERE mail_message.id = %(first)s
                        ORDER BY copy.n
                       RETURNING res_id, id""",
                    columns=SQL(", ").join(SQL.identifier(column) for column in columns),
                    res_ids=task_ids[1:],
                    first=first.id,
                )
            )
            message_ids.update(rows)
        lines = [
            (field_id, old, new, message_ids[task_id])
            for task_id, task_lines in changes.items()
            for field_id, old, new in task_lines
        ]
        now, uid = self.env.cr.now(), self.env.uid
        self.env.execute_query(
            SQL(
                """INSERT INTO mail_tracking_value (field_id, old_value_datetime, new_value_datetime, mail_message_id,
                                                    create_uid, create_date, write_uid, write_date)
                   SELECT field_id, old, new, message_id, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(field_ids)s::int[], %(olds)s::timestamp[], %(news)s::timestamp[],
                                 %(message_ids)s::int[]) AS line(field_id, old, new, message_id)""",
                uid=uid,
                now=now,
                field_ids=[line[0] for line in lines],
                olds=[line[1] for line in lines],
                news=[line[2] for line in lines],
                message_ids=[line[3] for line in lines],
            )
        )
        # what Odoo's message create does for the documents (their messages are read again)
        self.browse(task_ids).invalidate_recordset(["message_ids"])
        self.env["mail.message"].browse(message_ids.values()).invalidate_recordset(["tracking_value_ids"])

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
