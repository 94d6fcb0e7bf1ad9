from odoo import models
from odoo.tools import SQL

from .collab_reminder_engine import ReminderRule
from .collab_workflow_guard import text_to_html


class CollabDecisionMixin(models.AbstractModel):
    """Chase and escalation: one rule set of the reminder engine for every kind of decision."""

    _inherit = "collab.decision.mixin"

    def _decision_chase_domain(self):
        """Which pending decisions are chased (hook: e.g. only while the request is under review)."""
        return [(self._decision_state_field, "=", self._decision_pending_state), ("deadline", "!=", False)]

    def _decision_factor_sql(self, fname, default):
        """The company's multiplier, read in SQL for the rule's moment."""
        table = self._table
        if "company_id" in self._fields and self._fields["company_id"].store:
            company = SQL.identifier(table, "company_id")
        else:
            company = SQL("%s", self.env.company.id)
        return SQL(
            "COALESCE((SELECT NULLIF(c.%s, 0) FROM res_company c WHERE c.id = %s), %s)",
            SQL.identifier(fname),
            company,
            default,
        )

    def _collab_reminder_rules(self):
        prefix = self._decision_rule_prefix
        if not prefix:
            return []
        deadline = SQL.identifier(self._table, "deadline")
        asked = SQL.identifier(self._table, "date_asked")
        domain = self._decision_chase_domain()

        def multiple(fname, default):
            # asked + n × (deadline − asked): n times the time given
            return SQL(
                "%s + %s * (%s - COALESCE(%s, %s))",
                asked,
                self._decision_factor_sql(fname, default),
                deadline,
                asked,
                deadline,
            )

        return [
            ReminderRule(
                f"{prefix}_overdue",
                self._name,
                domain,
                deadline,
                "_remind_decision_overdue",
                due_domain=lambda now: [("deadline", "<=", now)],
            ),
            ReminderRule(
                f"{prefix}_escalate_coordinator",
                self._name,
                [*domain, ("date_asked", "!=", False)],
                multiple("collab_decision_coordinator_factor", 2),
                "_remind_decision_escalate_coordinator",
                due_domain=lambda now: [("deadline", "<=", now)],
            ),
            ReminderRule(
                f"{prefix}_escalate_sponsor",
                self._name,
                [*domain, ("date_asked", "!=", False)],
                multiple("collab_decision_sponsor_factor", 3),
                "_remind_decision_escalate_sponsor",
                due_domain=lambda now: [("deadline", "<=", now)],
            ),
        ]

    def _decision_notify(self, record, users, subject, body):
        """A note on ``record`` for ``users``, each group in its language (subject: a callable
        returning the translated text in the current language)."""
        for lang in set(users.mapped("lang")) or {False}:
            group = users.filtered(lambda u, lang=lang: u.lang == lang)
            local = record.with_context(lang=lang or "en_US")
            # sudo: the reminder engine posts for the workflow
            local.sudo().message_post(
                subject=subject(local),
                body=text_to_html(body(local)),
                partner_ids=group.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def _remind_decision_overdue(self, rule):
        """Chase the decider (message + the activity asked again if it was closed)."""
        self._decision_ask()
        sent = {}
        for record in self:
            deciders = record._decider()
            self._decision_notify(
                record,
                deciders,
                lambda r: r.env._("Overdue: %(record)s", record=r.display_name),
                lambda r: r.env._(
                    "Reminder: %(record)s was due on %(deadline)s. Please decide.",
                    record=r.display_name,
                    deadline=r.deadline,
                ),
            )
            sent[record.id] = deciders
        return sent

    def _decision_escalate(self, users_of):
        sent = {}
        for record in self:
            users = users_of(record)
            if not users:
                continue
            target = record._decision_parent() if record._decision_parent_field else record
            if not hasattr(target, "message_post"):
                target = record
            self._decision_notify(
                target,
                users,
                lambda r, record=record: r.env._("Escalation: %(record)s", record=record.display_name),
                lambda r, record=record: r.env._(
                    "%(record)s has waited for %(deciders)s since %(asked)s (due %(deadline)s).",
                    record=record.display_name,
                    deciders=", ".join(record._decider().mapped("name")),
                    asked=record.date_asked,
                    deadline=record.deadline,
                ),
            )
            sent[record.id] = users
        return sent

    def _remind_decision_escalate_coordinator(self, rule):
        responsibility = self.env["collab.responsibility"]
        return self._decision_escalate(lambda r: responsibility.coordinator(r._decision_company() or None))

    def _remind_decision_escalate_sponsor(self, rule):
        return self._decision_escalate(lambda r: r._decision_sponsor())
