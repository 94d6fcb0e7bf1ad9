"""project.task: the reminders that chase a task — due soon, overdue, and no progress update
for too long — as rules of the one reminder engine; thresholds are settings."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .collab_reminder_engine import ReminderRule
from .project_task import CLOSED


class ProjectTaskReminders(models.Model):
    _inherit = "project.task"

    # ------------------------------------------------------------------------------------------
    # When an open task's silence is chased
    # ------------------------------------------------------------------------------------------
    @api.depends(
        "collab_request_id",
        "state",
        "last_progress_date",
        "date_planned_start",
        "company_id.collab_stale_hours",
        "company_id.collab_sla_time",
        "company_id.resource_calendar_id",
    )
    def _compute_collab_stale_due(self):
        now = fields.Datetime.now()
        for task in self:
            if not task.collab_request_id or task.state in CLOSED:
                task.collab_stale_due = False
                continue
            company = task.company_id or self.env.company
            since = (
                task.last_progress_date
                or (task.date_planned_start and company._collab_day_start(task.date_planned_start))
                or task.create_date
                or now
            )
            task.collab_stale_due = company.collab_sla_deadline(since, company.collab_stale_hours, rule="reminder")

    # ------------------------------------------------------------------------------------------
    # Reminder rules, run by the one engine; thresholds are settings
    # ------------------------------------------------------------------------------------------
    def _collab_reminder_rules(self):
        company = self.env.company
        # sudo: the thresholds of every company whose tasks the engine may find
        companies = self.env["res.company"].sudo().search([])

        def setting(fname):
            """The threshold of the task's own company (this company's when it has none)."""
            return SQL(
                "COALESCE((SELECT %s FROM res_company WHERE res_company.id = %s), %s)",
                SQL.identifier("res_company", fname),
                SQL.identifier(self._table, "company_id"),
                company[fname],
            )

        owner_days = max(companies.mapped("collab_remind_owner_days"), default=company.collab_remind_owner_days)
        head_days = max(companies.mapped("collab_remind_head_days"), default=company.collab_remind_head_days)
        end = SQL.identifier(self._table, "date_planned_end")

        def day_start(day):
            # the start of that day in the task's company's time zone (up to 14 h before UTC's)
            return self.env["res.company"]._collab_day_start_sql(day, SQL.identifier(self._table, "company_id"))

        watched = [
            ("collab_request_id", "!=", False),
            ("state", "not in", CLOSED),
            ("date_planned_end", "!=", False),
            # a phase is chased through its sub-tasks, not a second time for itself
            ("collab_is_phase", "=", False),
        ]
        return [
            ReminderRule(
                "task_due_owner",
                self._name,
                watched,
                day_start(SQL("%s - %s", end, setting("collab_remind_owner_days"))),
                "_remind_due_owner",
                due_domain=lambda now: [("date_planned_end", "<=", now.date() + timedelta(days=owner_days + 1))],
            ),
            ReminderRule(
                "task_due_heads",
                self._name,
                watched,
                day_start(SQL("%s - %s", end, setting("collab_remind_head_days"))),
                "_remind_due_heads",
                due_domain=lambda now: [("date_planned_end", "<=", now.date() + timedelta(days=head_days + 1))],
            ),
            ReminderRule(
                "task_overdue",
                self._name,
                watched,
                day_start(SQL("%s + 1", end)),
                "_remind_overdue",
                due_domain=lambda now: [("date_planned_end", "<", now.date() + timedelta(days=1))],
            ),
            ReminderRule(
                "task_stale",
                self._name,
                [*watched, ("collab_status", "=", "in_progress")],
                SQL.identifier(self._table, "collab_stale_due"),
                "_remind_stale",
                due_domain=lambda now: [("collab_stale_due", "<=", now)],
            ),
        ]

    def _remind(self, recipients, template, summary):
        self.env["collab.reminder.engine"].remind_by_activity(
            {task: users for task, users in recipients.items() if users}, template, summary
        )
        return {task.id: users for task, users in recipients.items()}

    def _remind_due_owner(self, rule):
        sent = {}
        for company, tasks in self.grouped("company_id").items():
            sent |= tasks._remind(
                {task: task.user_ids for task in tasks},
                "cross_dept_collab.collab_task_due_note",
                # the summary in each recipient's language
                lambda env, company=company: env._(
                    "Due in %(days)s days", days=(company or self.env.company).collab_remind_owner_days
                ),
            )
        return sent

    def _remind_due_heads(self, rule):
        responsibility = self.env["collab.responsibility"]
        heads = responsibility.department_heads(self.collab_department_id)
        return self._remind(
            {
                task: (heads[task.collab_department_id.id][0] if task.collab_department_id else self.env["res.users"])
                | responsibility.coordinator(task.company_id or None)
                for task in self
            },
            "cross_dept_collab.collab_task_due_note",
            lambda env: env._("Due tomorrow"),
        )

    def _remind_overdue(self, rule):
        """The project lead and lead department are alerted (the engine's daily status refresh has
        already turned the task delayed and red)."""
        heads = self.env["collab.responsibility"].department_heads(self.project_id.lead_department_id)
        recipients = {}
        for task in self:
            lead_department = task.project_id.lead_department_id
            recipients[task] = task.project_id.user_id | (
                heads[lead_department.id][0] if lead_department else task.project_id.user_id
            )
        return self._remind(recipients, "cross_dept_collab.collab_task_overdue_note", lambda env: env._("Overdue task"))

    def _remind_stale(self, rule):
        managers = self.env["collab.responsibility"].managers_of(self.user_ids)
        recipients = {}
        for task in self:
            recipients[task] = task.user_ids | self.env["res.users"].union(
                *(managers[user.id] for user in task.user_ids if user.id in managers)
            )
        return self._remind(
            recipients, "cross_dept_collab.collab_task_stale_note", lambda env: env._("No progress update")
        )
