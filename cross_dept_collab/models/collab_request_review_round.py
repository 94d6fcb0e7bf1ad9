"""The department review rounds of a request: opening a round, who is asked (and asked again),
and what the departments read about why they are asked again."""

from odoo import _, fields, models
from odoo.fields import Command
from odoo.tools import format_date

from .collab_request_revision import render_changes_html, revision_snapshot
from .collab_workflow_guard import text_to_html


class CollabRequest(models.Model):
    _inherit = "collab.request"

    def _log_revision(self, changes, action="restart_review"):
        """Keep what was revised since the last round (second coordination, or a resubmission) on
        the log line of ``action`` just written, and in the chatter."""
        self.ensure_one()
        if not changes:
            return
        # sudo: the decision log is written by the workflow only
        self._last_log(action).sudo().changes = changes
        self.message_post(body=render_changes_html(self.env, changes), subtype_xmlid="mail.mt_note")

    def _last_restart(self):
        return self._last_log("restart_review")

    def _last_log(self, actions):
        """The latest log line of ``actions`` (an action or a tuple of them)."""
        self.ensure_one()
        actions = (actions,) if isinstance(actions, str) else tuple(actions)
        # sudo: a decider asked again may not read the request's whole log; only this line is read
        line = (
            self.env["collab.request.decision"]
            .sudo()
            .search([("request_id", "=", self.id), ("action", "in", actions)], order="id desc", limit=1)
        )
        return line.with_env(self.env)

    def _review_round_origin(self):
        """What started the current department round again: the coordinator's restart after second
        coordination, or a resubmission after the request was withdrawn or returned during an
        earlier round (the log line of that restart, withdrawal or return; empty for a first round)."""
        self.ensure_one()
        if self.review_round < 2:
            return self.env["collab.request.decision"]
        origin = self._last_log(("restart_review", "withdraw", "return", "return_to"))
        return origin.filtered(lambda line: line.review_round == self.review_round - 1)

    def _review_round_summary(self):
        """The activity's summary of a round asked again (the reader's language): why again."""
        self.ensure_one()
        origin = self._review_round_origin()
        if not origin:
            return ""
        if origin.action == "restart_review":
            return self.env._("Round %(round)s: review again after second coordination", round=self.review_round)
        return self.env._("Round %(round)s: resubmitted, review again", round=self.review_round)

    def _review_round_note(self):
        """For the departments asked again: the coordinator's comment and what changed, in the
        current language (each decider's, when their activity is scheduled)."""
        self.ensure_one()
        restart = self._review_round_origin()
        if not restart:
            return ""
        if restart.action == "restart_review":
            lines = [
                self.env._(
                    "Round %(round)s, after second coordination. The coordinator's comment: %(comment)s",
                    round=self.review_round,
                    comment=restart.reason or "",
                )
            ]
            revision = restart
        else:
            day = format_date(self.env, fields.Date.context_today(self, restart.date))
            template = {
                "withdraw": self.env._(
                    "Round %(round)s: a resubmission. %(user)s withdrew the request on %(date)s. Reason: %(reason)s",
                    round=self.review_round,
                    user=restart.sudo().user_id.name,
                    date=day,
                    reason=restart.reason or self.env._("(none)"),
                ),
                "return": self.env._(
                    "Round %(round)s: a resubmission. %(user)s returned the request to its initiator on %(date)s. "
                    "Reason: %(reason)s",
                    round=self.review_round,
                    user=restart.sudo().user_id.name,
                    date=day,
                    reason=restart.reason or self.env._("(none)"),
                ),
            }
            if restart.action == "return_to":
                # returned to an earlier step: the step that returned it, why, and where to
                moves = restart.sudo()._render_changes()
                template["return_to"] = self.env._(
                    "Round %(round)s: %(user)s returned the request on %(date)s (%(move)s). Reason: %(reason)s",
                    round=self.review_round,
                    user=restart.sudo().user_id.name,
                    date=day,
                    move="; ".join(moves),
                    reason=restart.reason or self.env._("(none)"),
                )
            lines = [template[restart.action]]
            # the resubmission's log line keeps what changed since the departments last saw it
            # (a return to a step before the departments' is resubmitted by no one)
            submitted = self._last_log("submit")
            revision = submitted.filtered(lambda line: line.id > restart.id)
        changes = revision.sudo()._render_changes() if revision else []
        if changes:
            lines.append(self.env._("Changes since the previous round:"))
            lines += [f"- {change}" for change in changes]
        elif restart.action != "restart_review":
            lines.append(self.env._("Nothing the departments are asked has changed since the previous round."))
        again = self._reasked_note()
        if again:
            lines.append(again)
        return "\n".join(lines)

    # ------------------------------------------------------------------------------------------
    # Department reviews
    # ------------------------------------------------------------------------------------------
    def _open_review_round(self):
        """A fresh approval for every involved department, in a new round."""
        Approval = self.env["collab.approval"]
        now = fields.Datetime.now()
        vals_list = []
        for request in self:
            company = request.company_id
            # the path's step of department reviews may have a time limit of its own: the reviews
            # are due when it fires (else the company's review hours)
            flow_step = request._collab_flow_step()
            deadline = (flow_step and flow_step._collab_limit_deadline(now, company)) or company.collab_sla_deadline(
                now, company.collab_department_review_hours, rule="decision"
            )
            # sudo: the round and its snapshot belong to the workflow
            request.sudo().write(
                {"review_round": request.review_round + 1, "review_snapshot": revision_snapshot(request)}
            )
            # earlier rounds stay readable; their undecided reviews are superseded
            request.approval_ids._supersede_pending()
            heads = self._responsibility().department_heads(request.involved_department_ids)
            # 会签 (all): one review per head and deputy; 或签 (any): one review they all may decide
            deciders = self._responsibility().department_deciders(request.involved_department_ids)
            for department in request.involved_department_ids:
                head, fallback = heads[department.id]
                users, mode = deciders[department.id]
                users = request._without_initiator(users, department)
                groups = (
                    [(user, self.env["res.users"]) for user in users] if mode == "all" else [(users[:1], users[1:])]
                )
                vals_list.extend(
                    {
                        "request_id": request.id,
                        "department_id": department.id,
                        "approver_id": user.id,
                        "co_decider_ids": [Command.set(others.ids)],
                        "is_fallback_approver": fallback and user == head,
                        "round": request.review_round,
                        "date_asked": now,
                        "deadline": deadline,
                        "flow_step_id": flow_step.id,
                        "flow_position": request.flow_position,
                    }
                    for user, others in groups
                )
        # sudo: the approvals are created on behalf of the request's workflow, not by the caller
        approvals = Approval.sudo().create(vals_list)
        approvals |= self._reask_added_approvers(approvals)
        approvals._decision_ask()
        for approval in approvals.filtered("is_fallback_approver"):
            approval.request_id.message_post(
                body=_(
                    "%(department)s has no manager: the coordinator %(user)s reviews for it.",
                    department=approval.department_id.name,
                    user=approval.approver_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return approvals.with_env(self.env)

    def _without_initiator(self, users, department):
        """Segregation of duties: the initiator never reviews his own request — the department's
        other deciders do, else the next one (the coordinator…), unless the company allows it."""
        self.ensure_one()
        responsibility = self._responsibility()
        if self.initiator_id not in users or responsibility.self_approval_allowed(self.company_id):
            return users
        others = users - self.initiator_id
        if not others:
            others = responsibility.stand_in_for_initiator(
                self.initiator_id, self.company_id, department=department, sponsor=self.sponsor_id
            )
            if not others:  # nobody else may decide at all: the coordinator will have to transfer it
                return users
            self._log_initiator_stand_in(others, department.name)
        return others

    def _log_initiator_stand_in(self, user, what):
        """Say on the request who decides ``what`` instead of its initiator."""
        self.ensure_one()
        body = self.env._(
            "%(initiator)s initiated %(request)s and may not decide %(what)s: %(user)s decides instead.",
            initiator=self.initiator_id.name,
            request=self.display_name,
            what=what,
            user=user.name or self.env._("nobody"),
        )
        # sudo: the workflow logs its routing, whoever triggered it
        self.sudo().message_post(body=text_to_html(body), subtype_xmlid="mail.mt_note")

    def _previous_added_approvals(self):
        """The approvals added (加签) in the round before the current one, of departments still
        involved."""
        self.ensure_one()
        # sudo: the workflow reads every approval of the round, whoever opens the next one
        return self.sudo().approval_ids.filtered(
            lambda a: (
                a.round == self.review_round - 1 and a.added_by_id and a.department_id in self.involved_department_ids
            )
        )

    def _reask_added_approvers(self, approvals):
        """A new round (after a withdrawal, a return or second coordination) asks again the
        approvers added in the previous one, in the same place — before, after or alongside the
        same decider — unless the initiator unticked "Ask Added Approvers Again"; the request's
        chatter says who is asked again or not. ``approvals``: the round's new approvals."""
        added = self.env["collab.approval"].sudo()
        for request in self.filtered(lambda r: r.review_round > 1):
            previous = request._previous_added_approvals()
            if not previous:
                continue
            if not request.reask_added_approvers:
                request.message_post(
                    body=_(
                        "Not asked again, as the initiator chose: %(users)s (added in round %(round)s).",
                        users=", ".join(previous.approver_id.mapped("name")),
                        round=request.review_round - 1,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            fresh = approvals.filtered(lambda a, r=request: a.request_id == r)
            again = self.env["collab.approval"].sudo()
            for old in previous.sorted("id"):
                anchor = old._decision_added_anchor()
                department = fresh.filtered(lambda a, d=old.department_id: a.department_id == d)
                root = department.filtered(lambda a, u=anchor: u in a._decider())[:1] or department[:1]
                if not root or old.approver_id in root._decision_current_deciders():
                    continue
                again |= root._decision_create_added(old.approver_id, old.add_mode, added_by=old.added_by_id)
            if again:
                request.message_post(
                    body=_(
                        "Asked again as in round %(round)s: %(users)s.",
                        round=request.review_round - 1,
                        users=", ".join(f"{a.approver_id.name} ({a.add_position})" for a in again),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            added |= again
        return added

    def _reasked_note(self):
        """For the round's deciders: who of the previous round's added approvers is asked again."""
        self.ensure_one()
        previous = self._previous_added_approvals()
        # sudo: as in _previous_added_approvals
        again = self.sudo().current_approval_ids.filtered(
            lambda a: (
                a.added_by_id
                and any(p.approver_id == a.approver_id and p.department_id == a.department_id for p in previous)
            )
        )
        if not again:
            return ""
        return self.env._(
            "Asked again, as added in the previous round: %(users)s",
            users=", ".join(f"{a.approver_id.name} ({a.with_env(self.env).add_position})" for a in again),
        )
