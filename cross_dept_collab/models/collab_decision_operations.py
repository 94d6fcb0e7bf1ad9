from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .collab_decision_mixin import ADD_MODES
from .collab_workflow_guard import COORDINATOR_GROUP


class CollabDecisionMixin(models.AbstractModel):
    """The operations that move a decision between people: transfer (转交), add approver (加签),
    delegation (代理) — and the checks and arguments they share."""

    _inherit = "collab.decision.mixin"

    # ------------------------------------------------------------------------------------------
    # Who may operate, and on whom
    # ------------------------------------------------------------------------------------------
    def _decision_cannot_operate_reason(self, user, operation=None):
        """Why ``user`` may not transfer this decision or add approvers to it — the refusal to
        raise — or False when they may: a pending decision, by its decider or the coordinator.
        ``operation``: the operation's participle in the refusal ("transferred", "extended")."""
        self.ensure_one()
        if not self._is_pending():
            return UserError(
                _(
                    "%(record)s is %(state)s: it can no longer be %(operation)s.",
                    record=self.display_name,
                    state=self._decision_state_label(self[self._decision_state_field]),
                    operation=operation or "",
                )
            )
        coordinator = self.env.su or user.has_group(COORDINATOR_GROUP)
        if not coordinator and not self._user_may_decide(user):
            return AccessError(
                _(
                    "Only %(decider)s or the coordinator can do this on %(record)s.",
                    decider=", ".join(self._decider().mapped("name")) or _("the assigned person"),
                    record=self.display_name,
                )
            )
        return False

    def _decision_check_operator(self, operation):
        """Transfer and add approver: a pending decision, by its decider or the coordinator."""
        for record in self:
            refusal = record._decision_cannot_operate_reason(self.env.user, operation)
            if refusal:
                raise refusal

    @api.model
    def _decision_users_arg(self, value, label):
        """One user id or a list of them: active internal users."""
        values = value if isinstance(value, (list, tuple)) else [value]
        users = self.env["res.users"]
        for item in values:
            users |= self._collab_record_arg("res.users", item, label)
        if not users:
            raise UserError(_("%(argument)s: choose at least one user.", argument=label))
        # sudo: whether a user is an active collaboration user is read for the check, not shown
        outside = users.sudo().filtered(
            lambda u: u.share or not u.active or not u.has_group("cross_dept_collab.group_collab_user")
        )
        if outside:
            raise UserError(
                _(
                    "%(users)s cannot decide: only active collaboration users can.",
                    users=", ".join(outside.mapped("name")),
                )
            )
        return users

    def _decision_check_candidates(self, users, role):
        """The one check of a chosen decider (transfer, add approver): an active internal
        collaboration user allowed in the decision's company, never the request's initiator."""
        self.ensure_one()
        self.env["collab.responsibility"].check_deciders(
            users, self._decision_company(), role, initiator=self._decision_initiator()
        )

    def _decision_stand_in(self):
        """Who decides instead of the initiator when a step would be his (deputy, else the
        coordinator…): see ``collab.responsibility.stand_in_for_initiator``."""
        self.ensure_one()
        return self.env["collab.responsibility"].stand_in_for_initiator(
            self._decision_initiator(),
            self._decision_company(),
            department=self._decision_department(),
            sponsor=self._decision_sponsor(),
        )

    def _decision_replace_decider(self, old, new, note=None, delegated_for=None, ask=None):
        """Hand the decision from ``old`` to ``new`` (sudo: the callers checked who may):
        the old decider keeps a read trace, activities follow (``ask`` is not needed any more:
        the new decider is asked whenever the decision is, see ``_collab_sync_activities``)."""
        self.ensure_one()
        field = self._decision_user_field
        vals = {"previous_decider_ids": [fields.Command.link(user.id) for user in old]}
        if self._decision_is_multi():
            vals[field] = [fields.Command.unlink(user.id) for user in old] + [fields.Command.link(new.id)]
        else:
            main_moves = not old or self[field] in old
            if main_moves:
                vals[field] = new.id
            # 或签: the co-deciders (deputies) handed on leave, a co-decider's stand-in joins them
            co_deciders = self["co_decider_ids"] & old if "co_decider_ids" in self._fields else None
            if co_deciders or (co_deciders is not None and not main_moves):
                vals["co_decider_ids"] = [fields.Command.unlink(user.id) for user in co_deciders]
                if not main_moves:
                    vals["co_decider_ids"].append(fields.Command.link(new.id))
        if delegated_for is not None:
            vals["delegated_for_id"] = delegated_for.id
        record = self.sudo()
        record.write(vals)
        # the activity follows the decision: the old decider's goes, the new one is asked —
        # unless the decision waits for others
        record._collab_sync_activities()
        if note:
            self._decision_log(note)

    # ------------------------------------------------------------------------------------------
    # Transfer 转交
    # ------------------------------------------------------------------------------------------
    def _decision_transfer_candidates(self):
        """Who the decider may hand the decision to: the heads and deputies of its department (of
        the decider's own departments when the decision has none)."""
        self.ensure_one()
        responsibility = self.env["collab.responsibility"]
        departments = self._decision_department() or responsibility.departments_decided_by(self.env.user)
        deciders = responsibility.department_deciders(departments)
        return self.env["res.users"].union(*(users for users, _mode in deciders.values()))

    def action_transfer(self, user_id, reason=None):
        """Hand the pending decision to another decider, saying why."""
        new = self._decision_users_arg(user_id, _("The new decider"))
        if len(new) > 1:
            raise UserError(_("A decision is transferred to one person."))
        reason = self._collab_text_arg(reason, _("The reason"))
        if not reason:
            raise UserError(_("Say why you transfer the decision: a reason is required."))
        self._decision_check_operator(_("transferred"))
        coordinator = self._collab_is_coordinator()
        for record in self:
            if new in record._decider():
                raise UserError(_("%(user)s already decides on %(record)s.", user=new.name, record=record.display_name))
            record._decision_check_candidates(new, self.env._("the decider of %(record)s", record=record.display_name))
            if not coordinator and new not in record._decision_transfer_candidates():
                raise AccessError(
                    _(
                        "%(user)s may not decide on %(record)s: transfer it to a head or deputy of the "
                        "department, or ask the coordinator.",
                        user=new.name,
                        record=record.display_name,
                    )
                )
        self._lock_decision_parents()
        for record in self:
            deciders = record._decider()
            old = self.env.user if self.env.user in deciders and record._decision_is_multi() else deciders
            record._decision_replace_decider(
                old,
                new,
                note=_(
                    "%(user)s transferred %(record)s from %(old)s to %(new)s: %(reason)s",
                    user=self.env.user.name,
                    record=record.display_name,
                    old=", ".join(old.mapped("name")),
                    new=new.name,
                    reason=reason,
                ),
            )
        return True

    def action_open_transfer_wizard(self):
        self._collab_records_arg(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Transfer"),
            "res_model": "collab.decision.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    def action_open_add_approver_wizard(self):
        self._collab_records_arg(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Add Approver"),
            "res_model": "collab.decision.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_id": self.id, "default_operation": "add"},
        }

    # ------------------------------------------------------------------------------------------
    # Add approver 加签
    # ------------------------------------------------------------------------------------------
    def action_add_approver(self, user_ids, mode="parallel", reason=None):
        """Ask others to decide too: ``before`` me (mine waits), ``after`` me (asked once I approved)
        or ``parallel`` (alongside me); the round's outcome waits for them. Answers True (RPC
        carries no recordset): the added decisions are in the chain (``decision_chain``)."""
        self._collab_records_arg(self)
        users = self._decision_users_arg(user_ids, _("The added approvers"))
        mode = self._collab_choice_arg(mode, dict(ADD_MODES), _("The mode"))
        reason = self._collab_text_arg(reason, _("The reason"))
        if not reason:
            raise UserError(_("Say why you add approvers: a reason is required."))
        self._decision_check_operator(_("extended"))
        if not self._decision_can_add_approvers:
            raise UserError(
                _("Approvers cannot be added to %(record)s: transfer it instead.", record=self.display_name)
            )
        self._decision_check_candidates(users, self.env._("an added approver of %(record)s", record=self.display_name))
        self._lock_decision_parents()
        already = users & self._decision_current_deciders()
        if already:
            raise UserError(
                _(
                    "%(users)s already decide(s) on %(record)s.",
                    users=", ".join(already.mapped("name")),
                    record=self.display_name,
                )
            )
        added = self._decision_create_added(users, mode)
        # "before": mine waits, my own request is withdrawn until theirs are decided
        self._collab_sync_activities()
        added._decision_ask()
        modes = dict(self._fields["add_mode"]._description_selection(self.env))
        self._decision_log(
            _(
                "%(user)s added %(users)s to %(record)s (%(mode)s): %(reason)s",
                user=self.env.user.name,
                users=", ".join(users.mapped("name")),
                record=self.display_name,
                mode=modes[mode],
                reason=reason,
            )
        )
        return True

    def _decision_current_deciders(self):
        """Who decides on this decision now (an added approver must be someone else): the pending
        members of its chain (hook: a model keeping added approvals elsewhere says so)."""
        members = self._decision_chain_members().filtered(lambda m: m._is_pending())
        return self.env["res.users"].union(*(m._decider() for m in members), self._decider())

    def _decision_create_added(self, users, mode, added_by=None):
        """The added decisions (superuser: their engine fields are set here), in this decision's
        chain, a step before, at or after it (hook: a model keeping added approvals elsewhere);
        ``added_by``: who added them when not the caller (a new round asking them again)."""
        record = self.sudo()
        chain = record.decision_chain or record.id
        if not record.decision_chain:
            record.decision_chain = chain
        step = record.decision_step + {"before": -1, "after": 1, "parallel": 0}[mode]
        vals_list = [
            dict(
                record._decision_added_values(user),
                added_by_id=added_by.id if added_by else self.env.uid,
                add_mode=mode,
                decision_chain=chain,
                decision_step=step,
                date_asked=fields.Datetime.now(),
                deadline=record.deadline,
            )
            for user in users
        ]
        return self.sudo().create(vals_list)

    # ------------------------------------------------------------------------------------------
    # Delegation 代理
    # ------------------------------------------------------------------------------------------
    def _decision_apply_delegations(self, when=None):
        """Deciders away on a delegation: the decision is asked of their delegate (A→B→C resolves).
        ``when``: the day (default: each record's company's today)."""
        pending = self.filtered(lambda r: r._is_pending())
        if not pending:
            return
        if when is None:
            for day, records in pending.grouped(lambda r: r._collab_today()).items():
                records._decision_apply_delegations(day)
            return
        responsibility = self.env["collab.responsibility"]
        deciders = self.env["res.users"].union(*(record._decider() for record in pending))
        resolved = responsibility.resolve_deciders(deciders, when)
        for record in pending:
            for user in record._decider():
                delegate = resolved.get(user.id)
                if delegate and delegate in record._decision_forbidden_deciders():
                    # the delegate initiated the request: the next one decides (segregation of duties)
                    delegate = record._decision_stand_in()
                    if not delegate or delegate in record._decider():
                        continue
                if delegate and delegate != user:
                    record._decision_replace_decider(
                        user,
                        delegate,
                        note=_(
                            "%(delegate)s for %(user)s (delegation)",
                            delegate=delegate.name,
                            user=user.name,
                        ),
                        # a 或签 co-decider's stand-in stays for the round (the head keeps the decision)
                        delegated_for=(
                            record.delegated_for_id or user
                            if record._decision_is_multi() or user == record[record._decision_user_field]
                            else None
                        ),
                    )

    def _decision_return_delegations(self, when=None):
        """Delegations that ended: the decisions go back to whom they were asked of (or to that
        person's delegate still in effect). ``when``: the day (default: each record's company's today)."""
        responsibility = self.env["collab.responsibility"]
        held = self.filtered(lambda r: r._is_pending() and r.delegated_for_id)
        if when is None and held:
            for day, records in held.grouped(lambda r: r._collab_today()).items():
                records._decision_return_delegations(day)
            return
        resolved = responsibility.resolve_deciders(held.delegated_for_id, when)
        for record in held:
            owner = record.delegated_for_id
            target = resolved.get(owner.id, owner)
            if target in record._decider():
                continue
            # a group decision (acceptance) only gets its member back; a single one moves back
            holder = self.env["res.users"] if record._decision_is_multi() else record._decider()
            note = (
                _("%(delegate)s for %(user)s (delegation)", delegate=target.name, user=owner.name)
                if target != owner
                else _("The delegation of %(user)s ended: the decision is back with them.", user=owner.name)
            )
            record._decision_replace_decider(
                holder,
                target,
                note=note,
                delegated_for=owner if target != owner else self.env["res.users"],
            )
