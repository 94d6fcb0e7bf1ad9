"""The request's timed rules for the reminder engine: the retrospective due, and the safety net
that applies an outcome decided but not applied."""

from datetime import timedelta

from odoo import models
from odoo.tools import SQL

from .collab_reminder_engine import ReminderRule
from .collab_workflow_guard import text_to_html


class CollabRequest(models.Model):
    _inherit = "collab.request"

    # ------------------------------------------------------------------------------------------
    # Reminder rules: overdue decisions are chased and escalated
    # ------------------------------------------------------------------------------------------
    def _collab_reminder_rules(self):
        # PMO review, lead confirmation and sponsor approval are collab.request.step decisions: the
        # decision engine's rules chase and escalate them (request_step_*)
        return [
            ReminderRule(
                code="retrospective_due",
                model=self._name,
                domain=[
                    ("state", "=", "accepted"),
                    ("date_retrospective_due", "!=", False),
                    ("retrospective_ids", "not any", [("state", "=", "done")]),
                ],
                # the start of the due day in the company's time zone (up to 14 h before UTC's)
                moment=self.env["res.company"]._collab_day_start_sql(
                    SQL.identifier(self._table, "date_retrospective_due"), SQL.identifier(self._table, "company_id")
                ),
                handler="_remind_retrospective_due",
                due_domain=lambda now: [("date_retrospective_due", "<=", now.date() + timedelta(days=1))],
            ),
            # the safety net: an outcome decided but not applied (a transaction that decided it lost
            # the transition) is applied through the normal transition; the moment is the last
            # decision, and is NULL (never due) while the outcome is not decided
            ReminderRule(
                code="request_outcome_deliverables",
                model=self._name,
                # the deliverables of project.project._deliverable_tasks: its active tasks with one
                # (a subquery of a one-to-many path does not leave archived tasks out by itself)
                domain=[
                    ("state", "in", ("approved", "in_progress")),
                    ("project_id.tasks", "any", [("active", "=", True), ("deliverable", "!=", False)]),
                    (
                        "project_id.tasks",
                        "not any",
                        [("active", "=", True), ("deliverable", "!=", False), ("acceptance_state", "!=", "passed")],
                    ),
                    # the project is accepted when its results are: the other tasks closed too
                    # (project.project._collab_remaining_tasks; the handler checks it again)
                    (
                        "project_id.tasks",
                        "not any",
                        [
                            ("active", "=", True),
                            ("deliverable", "=", False),
                            ("collab_is_phase", "=", False),
                            ("state", "not in", ("1_done", "1_canceled")),
                        ],
                    ),
                ],
                moment=SQL(
                    "(SELECT MAX(a.date_accepted) FROM collab_acceptance a WHERE a.project_id = %s AND a.result = 'pass')",
                    SQL.identifier(self._table, "project_id"),
                ),
                handler="_remind_outcome_deliverables",
            ),
            ReminderRule(
                code="request_outcome_review_round",
                model=self._name,
                domain=[("state", "=", "department_review")],
                moment=SQL(
                    """(SELECT MAX(a.decided_on) FROM collab_approval a
                         WHERE a.request_id = %s AND a.round = %s
                        HAVING bool_and(a.state != 'pending'))""",
                    SQL.identifier(self._table, "id"),
                    SQL.identifier(self._table, "review_round"),
                ),
                handler="_remind_outcome_review_round",
            ),
        ]

    def _remind_outcome_deliverables(self, rule):
        """Every deliverable of the project passed but the request was not accepted."""
        return self._apply_decided_outcome(
            lambda request: request.project_id._on_deliverables_accepted(),
            lambda env, request: env._("every deliverable of %(project)s passed", project=request.project_id.name),
        )

    def _remind_outcome_review_round(self, rule):
        """Every department of the review round decided but the request did not move on."""
        return self._apply_decided_outcome(
            lambda request: request._on_review_decided(),
            lambda env, request: env._(
                "every department of review round %(round)s decided", round=request.review_round
            ),
        )

    def _apply_decided_outcome(self, apply, why):
        """Apply the outcome the decisions already made (``apply(request)``: the transition the last
        decision runs), then tell the coordinator on the request what was repaired and why
        (``why(env, request)``, in the reader's language). Returns ``{request_id: users told}``."""
        told = {}
        for request in self:
            # serialise with a decider acting on the request right now: the rule read committed
            # data, the lock makes this transaction fail rather than apply an outcome twice
            request.sudo()._collab_lock()
            state = request.state
            apply(request)
            if request.state == state:
                continue
            users = self._responsibility().coordinator(request.company_id)
            for lang in set(users.mapped("lang")) or {False}:
                group = users.filtered(lambda u, lang=lang: u.lang == lang)
                local = request.with_context(lang=lang or "en_US")
                local.message_post(
                    body=text_to_html(
                        local.env._(
                            "The outcome of %(request)s was decided (%(why)s) but not applied: the reminder "
                            "engine applied it (%(before)s → %(after)s).",
                            request=local.display_name,
                            why=why(local.env, local),
                            before=local._state_label(state),
                            after=local._state_label(),
                        )
                    ),
                    partner_ids=group.partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )
            told[request.id] = users
        return told

    def _stage_decider(self):
        self.ensure_one()
        if self.state == "lead_confirmation":
            return self._responsibility().department_head(self.lead_department_id)
        if self.state == "sponsor_approval":
            return self.sponsor_id
        return self._responsibility().coordinator(self.company_id)

    def _remind_retrospective_due(self, rule):
        """The retrospective is due: the lead department's head and the coordinator are reminded."""
        responsibility = self._responsibility()
        recipients = {
            request: responsibility.department_head(request.lead_department_id)
            | responsibility.coordinator(request.company_id)
            for request in self
        }
        self.env["collab.reminder.engine"].remind_by_activity(
            {request: users for request, users in recipients.items() if users},
            "cross_dept_collab.collab_retrospective_due_note",
            lambda env: env._("Retrospective due"),
        )
        return {request.id: users for request, users in recipients.items()}
