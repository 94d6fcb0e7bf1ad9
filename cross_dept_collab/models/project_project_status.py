"""project.project: the weekly status (proposed from the open tasks, asked of the lead every
Monday by the reminder engine) and the project's warning badge on the dashboards."""

from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL

from .collab_reminder_engine import ReminderRule

WEEKLY_STATUS_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_weekly_status"
STATUS_SOON_DAYS = 3  # at risk: ends within 3 days …
STATUS_SOON_PROGRESS = 80  # … with less than 80 % done


class ProjectProjectStatus(models.Model):
    _inherit = "project.project"

    # ------------------------------------------------------------------------------------------
    # Warning badge (dashboards)
    # ------------------------------------------------------------------------------------------
    @api.depends("tasks.warning_level", "tasks.collab_is_phase")
    def _compute_collab_warning(self):
        for project in self:
            # phases are not tasks: a late phase is the late task it contains, counted once
            levels = project.tasks.filtered(lambda t: not t.collab_is_phase).mapped("warning_level")
            project.collab_red_task_count = levels.count("red")
            project.collab_warning_level = "red" if "red" in levels else "amber" if "amber" in levels else "none"

    # ------------------------------------------------------------------------------------------
    # Weekly status, asked by the reminder engine
    # ------------------------------------------------------------------------------------------
    def _collab_status_owner(self):
        """Who publishes the weekly status: the project lead, else the coordinator."""
        self.ensure_one()
        return self.user_id or self.env["collab.responsibility"].coordinator(self.company_id or None)

    def _collab_weekly_status(self):
        """``(status, reasons)`` of the project from its open tasks (``project.update`` statuses).

        off_track: a task is delayed (its planned end has passed and it is not done);
        at_risk: a task is blocked, or ends within 3 days with less than 80 % done;
        on_track otherwise. A waiting task (its predecessors open and on time) is no alarm, and
        phases are not counted: their sub-tasks are.
        """
        self.ensure_one()
        today = self._collab_today()
        soon = today + timedelta(days=STATUS_SOON_DAYS)
        delayed, blocked, due_soon = [], [], []
        for task in self._plan_tasks().filtered(lambda t: t.collab_status != "done" and not t.collab_is_phase):
            label = f"{task.wbs_code or ''} {task.name}".strip()
            end = task.date_planned_end
            if task.collab_status == "delayed" or (end and end < today):
                delayed.append(
                    _(
                        "%(task)s is delayed: planned end %(end)s, %(progress)s%% done.",
                        task=label,
                        end=end or "",
                        progress=int(task.collab_progress),
                    )
                )
            elif task.collab_status == "blocked":
                late = task.depend_on_ids.filtered(lambda p: p.collab_status == "delayed")
                if task.collab_blocked:
                    reason = _("%(task)s is blocked: %(reason)s", task=label, reason=task.collab_block_reason or "")
                else:
                    reason = _(
                        "%(task)s is blocked: its predecessor %(predecessors)s is late.",
                        task=label,
                        predecessors=", ".join(late.mapped("name")) or _("its predecessors"),
                    )
                blocked.append(reason)
            elif (
                task.collab_status != "waiting" and end and end <= soon and task.collab_progress < STATUS_SOON_PROGRESS
            ):
                due_soon.append(
                    _(
                        "%(task)s ends on %(end)s and is only %(progress)s%% done.",
                        task=label,
                        end=end,
                        progress=int(task.collab_progress),
                    )
                )
        if delayed:
            status = "off_track"
        elif blocked or due_soon:
            status = "at_risk"
        else:
            status = "on_track"
        return status, delayed + blocked + due_soon

    def _collab_status_html(self, status, reasons):
        labels = dict(self.env["project.update"]._fields["status"]._description_selection(self.env))
        body = Markup("<p>%s</p>") % _("Proposed status: %(status)s", status=labels[status])
        if reasons:
            body += Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % reason for reason in reasons)
        else:
            body += Markup("<p>%s</p>") % _("No task is delayed, blocked or about to miss its planned end.")
        return body

    def action_prepare_status_update(self):
        """The ``project.update`` form pre-filled with this week's status and its reasons."""
        self._collab_records_arg(self)
        status, reasons = self._collab_weekly_status()
        week = self._collab_today().isocalendar()[1]
        return {
            "type": "ir.actions.act_window",
            "name": _("Weekly Status"),
            "res_model": "project.update",
            "view_mode": "form",
            "views": [(self.env.ref("project.project_update_view_form").id, "form")],
            "target": "current",
            "context": {
                "active_id": self.id,
                "default_project_id": self.id,
                "default_status": status,
                "default_name": _("Week %(week)s", week=str(week).zfill(2)),
                "default_description": self._collab_status_html(status, reasons),
            },
        }

    def _collab_reminder_rules(self):
        rules = getattr(super(), "_collab_reminder_rules", list)()
        now = fields.Datetime.to_datetime(self.env.context.get("collab_reminder_now") or fields.Datetime.now())
        # Monday 00:00 of this week in the company's time zone (its working calendar's), in UTC
        company = self.env.company
        today = company.collab_today(now)
        week_start = company._collab_day_start(today - timedelta(days=today.weekday()))
        rules.append(
            ReminderRule(
                code="project_weekly_status",
                model=self._name,
                # a project created during the week is first asked the following Monday
                domain=[
                    ("collab_request_id", "!=", False),
                    ("last_update_status", "!=", "done"),
                    ("create_date", "<", week_start),
                ],
                moment=SQL("%s::timestamp", week_start),
                handler="_remind_weekly_status",
            )
        )
        return rules

    def _remind_weekly_status(self, rule):
        """Ask the lead to publish this week's status, with the proposed status and its reasons."""
        sent = {}
        for project in self:
            today = project._collab_today()
            owner = project._collab_status_owner()
            if not owner:
                continue
            # the proposal, its reasons and the summary in the owner's language
            local = project.with_context(lang=owner.lang or "en_US")
            status, reasons = local._collab_weekly_status()
            # last week's unanswered ask is replaced by this week's
            project.activity_unlink([WEEKLY_STATUS_ACTIVITY])
            local.activity_schedule(
                WEEKLY_STATUS_ACTIVITY,
                date_deadline=today,
                summary=local.env._("Publish the weekly status"),
                note=local._collab_status_html(status, reasons),
                user_id=owner.id,
            )
            sent[project.id] = owner
        return sent
