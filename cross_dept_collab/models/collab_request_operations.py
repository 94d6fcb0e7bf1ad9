"""The request's operations beside its workflow: CC (抄送), withdraw (撤回), urge (催办), the
decision log and the notices they send (docs/api.md, "Request operations")."""

from datetime import timedelta

from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import format_datetime

from .collab_request import STEP_STATES
from .collab_workflow_guard import text_to_html


class CollabRequest(models.Model):
    _inherit = "collab.request"

    # ------------------------------------------------------------------------------------------
    # Request operations: CC (抄送), withdraw (撤回), urge (催办) — docs/api.md, "Request operations"
    # ------------------------------------------------------------------------------------------
    def _log_operation(self, action, reason=None):
        """Log an operation in the decision log (with the request's current state) and the chatter;
        ``_transition`` logs through it after moving the request."""
        self.env["collab.request.decision"].sudo().create(
            [
                {
                    "request_id": request.id,
                    "user_id": self.env.user.id,
                    "action": action,
                    "state_to": request.state,
                    "flow_step_id": request._collab_flow_step().id,
                    "reason": reason or False,
                    "review_round": request.review_round,
                }
                for request in self
            ]
        )
        label = dict(self.env["collab.request.decision"]._fields["action"]._description_selection(self.env))[action]
        for request in self:
            body = Markup("<p><b>%s</b></p>") % label
            if reason:
                body += text_to_html(reason)
            request.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _notify_users(self, users, render):
        """Notify ``users`` of this request, each group in its own language.

        ``render(request)`` returns the (escaped) body; it is called on the request in the
        recipients' language, so ``request.env._`` translates for them.
        """
        self.ensure_one()
        users = users.filtered("partner_id")
        for lang in set(users.mapped("lang")) or set():
            group = users.filtered(lambda u, lang=lang: u.lang == lang)
            localized = self.with_context(lang=lang or "en_US")
            # sudo: people told by the workflow (CC'd users, deciders) need not be followers, and
            # the caller may not be allowed to notify them directly; the author stays the caller
            localized.sudo().message_notify(
                partner_ids=group.partner_id.ids,
                author_id=self.env.user.partner_id.id,
                body=render(localized),
                subject=localized.display_name,
                model_description=localized.env._("Collaboration Request"),
            )

    def _notify_cc(self, action, reason=None):
        """Tell the CC'd users that the request moved (submit, each stage change, the end)."""
        for request in self.filtered("cc_user_ids"):
            # fresh news is unread again
            request.sudo().cc_read_user_ids = False
            author = self.env.user.name

            def render(localized, action=action, reason=reason, author=author):
                actions = dict(
                    localized.env["collab.request.decision"]._fields["action"]._description_selection(localized.env)
                )
                body = Markup("<p>%s</p>") % localized.env._(
                    "%(request)s: %(action)s by %(user)s — now %(state)s.",
                    request=localized.display_name,
                    action=actions.get(action, action),
                    user=author,
                    state=localized._state_label(),
                )
                return body + text_to_html(reason) if reason else body

            request._notify_users(request.cc_user_ids, render)

    def action_cc_open(self):
        """Open a request from "CC'd to Me": marks it read for the caller."""
        self._collab_records_arg(self)
        if self.env.user in self.cc_user_ids and self.env.user not in self.cc_read_user_ids:
            # sudo: reading is the CC'd user's own bookkeeping; they cannot write the request
            self.sudo().cc_read_user_ids = [Command.link(self.env.uid)]
        return self._collab_form_action(self)

    def action_cc_mark_read(self):
        """Mark these requests read for the caller (only those the caller is CC'd on)."""
        mine = self.filtered(lambda r: self.env.user in r.cc_user_ids)
        # sudo: see action_cc_open
        mine.sudo().write({"cc_read_user_ids": [Command.link(self.env.uid)]})
        return True

    def action_withdraw(self, reason=None):
        """The initiator takes the request back to draft while it is under review (撤回)."""
        reason = self._collab_text_arg(reason, _("The reason"))
        self._collab_check_may("withdraw")
        # a department that decided meanwhile is owed an explanation
        reviewed = self.filtered(lambda r: any(a.state not in ("pending", "superseded") for a in r.approval_ids))
        if reviewed and not reason:
            raise UserError(
                _(
                    "A department has already reviewed %(request)s: give a reason to withdraw it.",
                    request=reviewed[0].display_name,
                )
            )
        # serialise with a department deciding at the same moment
        self.sudo()._collab_lock()
        deciders = {request: request._current_deciders() for request in self}
        self._fire("withdraw", reason=reason)
        for request, users in deciders.items():
            author = self.env.user.name

            def render(localized, author=author, reason=reason):
                body = Markup("<p>%s</p>") % localized.env._(
                    "%(user)s withdrew %(request)s: you no longer need to decide on it.",
                    user=author,
                    request=localized.display_name,
                )
                return body + text_to_html(reason) if reason else body

            request._notify_users(users - self.env.user, render)
        return True

    def action_urge(self, note=None):
        """Remind the current deciders now (催办): a message and their activity moved to today.

        Each decider is urged at most once every ``collab_urge_hours`` (company setting) per
        request; deciders urged inside that window are skipped, and when all of them were the
        call is refused with the moment it becomes possible.
        """
        self._collab_records_arg(self, single=False)
        note = self._collab_text_arg(note, _("The note"))
        self._collab_check_may("urge")
        # serialise with a decision, a withdrawal or another urge of the same request before the
        # urge history is read: of two at once, the second fails to serialise on the lock and is
        # retried, and its retry reads the first (the request left review, or was just urged)
        self.sudo()._collab_lock()
        now = fields.Datetime.now()
        deciders = {request: request._current_deciders() for request in self}
        for request, users in deciders.items():
            if not users:
                raise UserError(_("%(request)s is not waiting for anyone.", request=request.display_name))
        oldest = min(now - timedelta(hours=r.company_id.collab_urge_hours) for r in self)
        # sudo: the urge history counts everybody's urges, not only the caller's
        recent = (
            self.env["collab.request.urge"]
            .sudo()
            .search([("request_id", "in", self.ids), ("date", ">", oldest)], order="date desc")
        )
        to_urge = {}
        for request, users in deciders.items():
            window = timedelta(hours=request.company_id.collab_urge_hours)
            last = {}
            since = now - window
            for urge in recent.filtered(lambda u, r=request, since=since: u.request_id == r and u.date > since):
                last.setdefault(urge.user_id, urge.date)
            fresh = users.filtered(lambda u, last=last: u not in last)
            if not fresh:
                possible = min(last[user] for user in users) + window
                raise UserError(
                    _(
                        "%(users)s was already urged on %(request)s in the last %(hours)s hours: you can urge "
                        "again from %(moment)s.",
                        users=", ".join(users.mapped("name")),
                        request=request.display_name,
                        hours=request.company_id.collab_urge_hours,
                        # the reader's time, not UTC: their own zone, else their company's calendar's
                        moment=format_datetime(
                            self.env,
                            possible,
                            tz=self.env.user.tz or request.company_id.resource_calendar_id.tz or False,
                            dt_format="short",
                        ),
                    )
                )
            to_urge[request] = fresh
        self.env["collab.request.urge"].sudo().create(
            [
                {"request_id": request.id, "user_id": user.id, "urged_by_id": self.env.uid, "date": now, "note": note}
                for request, users in to_urge.items()
                for user in users
            ]
        )
        for request, users in to_urge.items():
            request._bump_decider_activities(users)
            author = self.env.user.name

            def render(localized, author=author, note=note):
                body = Markup("<p>%s</p>") % localized.env._(
                    "%(user)s urges you to decide on %(request)s.", user=author, request=localized.display_name
                )
                return body + text_to_html(note) if note else body

            request._notify_users(users, render)
            text = _("Urged: %(users)s", users=", ".join(users.mapped("name")))
            request._log_operation("urge", f"{text}\n{note}" if note else text)
        return True

    def _bump_decider_activities(self, users):
        """Move the deciders' activities to today, re-asking those whose activity was closed."""
        self.ensure_one()
        today = self._collab_today()
        if self.state == "department_review":
            approvals = self.approval_ids.filtered(
                lambda a: a.state == "pending" and a.round == self.review_round and a.approver_id in users
            )
            # sudo: the activities belong to the deciders, not to the caller
            approvals.sudo()._decision_ask()
            activities = approvals.sudo().activity_ids
        elif self.state in STEP_STATES:
            steps = self.sudo()._current_steps().filtered(lambda s: s._decider() & users)
            # sudo: as for the reviews
            steps._decision_ask()
            activities = steps.activity_ids
        else:
            # second coordination: the coordinator's activity on the request, re-asked if closed
            self._collab_sync_activities()
            activity_type = self.env.ref("cross_dept_collab.mail_activity_type_collab_review")
            activities = self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        activities.filtered(lambda a: a.user_id in users and a.date_deadline > today).write({"date_deadline": today})

    def action_open_reason_wizard(self):
        """Buttons that need a reason (or a lead department) open a small dialog."""
        self._collab_records_arg(self)
        action = self.env.context.get("collab_action") or False
        return {
            "type": "ir.actions.act_window",
            "name": self.env["collab.request.reason"]._dialog_title(action),
            "res_model": "collab.request.reason",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_request_id": self.id,
                "default_action": action,
                # the comment typed on the decision's form (see collab.request.step)
                "default_reason": self.env.context.get("collab_typed_reason") or False,
            },
        }

    def action_print_dossier(self):
        """The whole record of the request as one PDF (request, feedback, plan, follow-up …)."""
        action = self.env.ref("cross_dept_collab.action_report_collab_dossier").report_action(self, config=False)
        # XML-RPC cannot marshal None (``data`` is None): leave unset keys out, the client needs none
        return {key: value for key, value in action.items() if value is not None}

    def action_open_project(self):
        self._collab_records_arg(self)
        return self._collab_form_action(self.project_id)

    def action_open_retrospective(self):
        self._collab_records_arg(self)
        return self._collab_form_action(
            # none yet: a new retrospective's form
            self.retrospective_ids[:1],
            context={"default_request_id": self.id, "default_project_id": self.project_id.id},
        )
