"""The time limit of a flow step and what the system does when it passes (``limit_action``).

A flow step with ``time_limit_hours`` gives its decisions the limit's deadline (the request's own
steps: ``collab.request.step._ask``; department reviews: ``_open_review_round``). A cron
(``_cron_collab_time_limits``) finds the pending decisions whose step acts at the limit and whose
deadline passed, and acts as the system through the normal decision path — the request moves on
exactly as if a person had decided:

- ``remind``: nothing here (the reminder engine chases and escalates on the decision's deadline);
- ``approve``: the step's pending decisions are approved;
- ``return``: the request goes back to its initiator (draft, with the revise activity);
- ``coordinator``: the step's pending decisions are handed to the company's coordinator (the
  engine's transfer: the old deciders keep a read trace in ``previous_decider_ids``).

The decision's comment and the request's decision-log line say it was the system, at which limit
(the log line keeps it as data, rendered in each reader's language: ``render_time_limit``).
Each request is handled in its own savepoint, its row and its decisions' rows locked (``SKIP
LOCKED``: one being decided by someone now is left for the next run), everything re-checked after
the lock: a decision decided meanwhile, or a request no longer at that step, is left alone.
"""

import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .collab_request_flow import KIND_STATES
from .collab_request_revision import render_time_limit, time_limit_data
from .collab_workflow_guard import text_to_html

_logger = logging.getLogger(__name__)

# the context key carrying the time limit being acted on (its data): the log lines written while
# the system decides say so
LIMIT_CONTEXT = "collab_time_limit"
# requests acted on per cron call (Odoo's runner calls again while some remain)
BATCH_SIZE = 100
# the decisions a time limit acts on
LIMIT_MODELS = ("collab.request.step", "collab.approval")


class CollabRequest(models.Model):
    _inherit = "collab.request"

    # ------------------------------------------------------------------------------------------
    # The cron
    # ------------------------------------------------------------------------------------------
    @api.model
    def _collab_limit_domain(self, now):
        """Pending decisions of a flow step that acts at its time limit, the limit passed."""
        return [
            ("state", "=", "pending"),
            ("deadline", "<=", now),
            ("limit_fired_on", "=", False),
            ("flow_step_id", "!=", False),
            ("flow_step_id.time_limit_hours", ">", 0),
            ("flow_step_id.limit_action", "!=", "remind"),
        ]

    @api.model
    def _cron_collab_time_limits(self, batch_size=None):
        """Scheduled entry point: act on the decisions whose flow step's time limit passed."""
        now = fields.Datetime.now()
        # sudo: the system acts on every company's decisions, whoever runs the cron
        due = []
        for model in LIMIT_MODELS:
            decisions = self.env[model].sudo().search(self._collab_limit_domain(now), order="deadline, id")
            due += list(decisions.grouped("request_id").items())
        due.sort(key=lambda pair: min(pair[1].mapped("deadline")))
        limit = batch_size or BATCH_SIZE
        acted = sum(1 for request, decisions in due[:limit] if request._collab_act_at_limit(decisions, now))
        remaining = max(len(due) - limit, 0)
        _logger.info("Collaboration time limits: acted on %s requests, %s remaining", acted, remaining)
        self.env["ir.cron"]._notify_progress(done=min(len(due), limit), remaining=remaining)
        return acted

    def _collab_act_at_limit(self, decisions, now):
        """Act on ``decisions`` (of this request, their step's limit passed) as the step says;
        False when there was nothing (left) to do."""
        self.ensure_one()
        cr = self.env.cr
        try:
            with cr.savepoint():
                # the request first, as a person's decision locks it (no deadlock between the two);
                # one locked by a decision being taken now is left for the next run
                cr.execute(SQL("SELECT id FROM collab_request WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED", self.id))
                if not cr.fetchone():
                    return False
                cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s AND state = 'pending' AND limit_fired_on IS NULL "
                        "FOR NO KEY UPDATE SKIP LOCKED",
                        SQL.identifier(decisions._table),
                        tuple(decisions.ids),
                    )
                )
                locked = decisions.browse([row[0] for row in cr.fetchall()])
                # serialised with the people deciding on the request, as their decisions are
                self._collab_lock()
                # what another transaction committed before the locks is read again
                self.invalidate_recordset()
                decisions.invalidate_recordset()
                due = locked.filtered(self._collab_limit_applies)
                if not due:
                    return False
                flow_step = due[:1].flow_step_id
                due = due.filtered(lambda d: d.flow_step_id == flow_step)
                due.write({"limit_fired_on": now})
                company = self.company_id
                # the log and the comments are written in the company's language (the log line
                # keeps the data, rendered in each reader's)
                local = self.with_context(lang=company._collab_lang())
                coordinator = None
                if flow_step.limit_action == "coordinator":
                    coordinator = self.env["collab.responsibility"].coordinator(company)
                data = time_limit_data(flow_step.with_env(local.env), coordinator=coordinator)
                local = local.with_context(**{LIMIT_CONTEXT: data})
                getattr(local, f"_collab_limit_{flow_step.limit_action}")(due.with_env(local.env), data)
                return True
        except psycopg2.errors.TransactionRollbackError:
            # decided by someone else since this run began: the next run sees what they did
            _logger.info("Collaboration time limits: %s changed meanwhile, left for the next run", self.display_name)
            return False
        except (UserError, ValidationError) as error:
            # the workflow refused (its savepoint undid everything): the other requests go on,
            # this one is tried again at the next run
            _logger.warning("Collaboration time limits: %s left as it is: %s", self.display_name, error)
            return False

    def _collab_limit_applies(self, decision):
        """Whether the time limit still applies to ``decision`` (a step or a review of this
        request): pending, not acted on yet, at the request's current step (and round)."""
        self.ensure_one()
        if not decision._is_pending() or decision.limit_fired_on or decision.request_id != self:
            return False
        if self.state != KIND_STATES.get(decision.flow_step_id.kind) or decision.flow_position != self.flow_position:
            return False
        return decision._name != "collab.approval" or decision.round == self.review_round

    # ------------------------------------------------------------------------------------------
    # The actions at the limit (the system decides: the superuser, the request's normal path)
    # ------------------------------------------------------------------------------------------
    def _collab_limit_text(self, data):
        """The system's decision as text, in the current (the company's) language."""
        return render_time_limit(self.env, data)

    def _collab_limit_approve(self, decisions, data):
        text = self._collab_limit_text(data)
        if decisions._name == "collab.approval":
            # the round's reviews still pending (added approvers too) are approved: all departments
            # approved, the request moves on
            pending = self.current_approval_ids.filtered(lambda a: a._is_pending()).with_env(decisions.env)
            pending._record_decision("approved", text)
            self._on_decision(pending, "approved")
            return
        step = decisions[:1]
        if step.step == "pmo_review" and not (self.lead_department_id and self.sponsor_id):
            # accepting names the lead department and the sponsor: the coordinator decides
            blocked = dict(data, blocked="no_lead")
            self.with_context(**{LIMIT_CONTEXT: blocked})._log_operation("time_limit")
            return
        # the step's round (its deciders and the approvers added to it) is approved as a whole
        members = step._decision_chain_members() if step.decision_chain else decisions
        pending = (members | decisions).filtered(lambda s: s._is_pending()).with_env(decisions.env)
        pending._record_decision("approved", text)
        step._on_step_decided("approved")

    def _collab_limit_return(self, decisions, data):
        text = self._collab_limit_text(data)
        if decisions._name == "collab.approval":
            decisions._record_decision("changes_requested", text)
            self._on_decision(decisions, "changes_requested")
            return
        decisions._record_decision("returned", text)
        # the round ends with the return (its other decisions are withdrawn)
        decisions[:1]._on_step_decided("returned")

    def _collab_limit_coordinator(self, decisions, data):
        text = self._collab_limit_text(data)
        coordinator = self.env["collab.responsibility"].coordinator(self.company_id)
        for decision in decisions:
            if (
                not coordinator
                or coordinator in decision._decider()
                or coordinator in decision._decision_forbidden_deciders()
            ):
                continue
            # the engine's transfer: the old deciders keep a read trace, the activities follow
            decision._decision_replace_decider(decision._decider(), coordinator)
            decision.message_post(body=text_to_html(text), subtype_xmlid="mail.mt_note")
        self._log_operation("time_limit")

    # ------------------------------------------------------------------------------------------
    # The normal path, told that the system decides
    # ------------------------------------------------------------------------------------------
    def _on_decision(self, decision, outcome):
        """A return at the time limit goes back to the initiator from every stage (a person's
        objection, send-back or request for changes would go to the PMO or to second coordination)."""
        data = self.env.context.get(LIMIT_CONTEXT)
        if (
            data
            and data.get("action") == "return"
            and outcome != "approved"
            and self.state in ("lead_confirmation", "department_review", "sponsor_approval")
        ):
            first = decision[:1]
            return self._fire("return", reason=first[first._decision_comment_field] or None)
        return super()._on_decision(decision, outcome)

    def _log_operation(self, action, reason=None):
        """While the system acts at a time limit, the log lines say so: the text (the company's
        language) as their reason when the decision gives none, the data for each reader."""
        data = self.env.context.get(LIMIT_CONTEXT)
        if not data:
            return super()._log_operation(action, reason)
        super()._log_operation(action, reason or self._collab_limit_text(data))
        for request in self:
            # sudo: the decision log is written by the workflow only
            request._last_log(action).sudo().changes = [data]
        return None
