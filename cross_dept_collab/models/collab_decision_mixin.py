from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .collab_reminder_engine import ReminderRule
from .collab_workflow_guard import COORDINATOR_GROUP, text_to_html

ADD_MODES = [("before", "Before Me"), ("after", "After Me"), ("parallel", "Alongside Me")]


class CollabDecisionMixin(models.AbstractModel):
    """Decisions: a named person must decide by a deadline, with a comment — approvals, sign-offs,
    acceptance decisions and change-request approvals all build on this.

    Concrete models name their own fields through the class attributes below, add their own
    fields and the effect of the decision; activities are scheduled, closed and removed here.
    """

    _name = "collab.decision.mixin"
    _inherit = ["collab.workflow.guard"]
    _description = "Collaboration decision"

    _decision_user_field = "user_id"
    _decision_comment_field = "comment"
    _decision_date_field = "decided_on"
    _decision_activity_type = None  # xml id of the mail.activity.type asking for the decision
    _decision_pending_state = "pending"
    _decision_state_field = "state"
    # undecided decisions of a closed round: not chased, not decidable, greyed in the history
    _decision_superseded_state = "superseded"
    # the record(s) whose outcome the decisions make (request, project, task): locked while deciding
    _decision_parent_field = None
    # the decision, the decider and the dates belong to the workflow (the guard keeps them)
    _collab_workflow_fields = ("deadline", "date_asked")
    _collab_edit_states = ("pending",)

    # positive outcomes: what lets the next deciders of a chain be asked (see action_add_approver)
    _decision_positive_states = ("approved",)
    # whether deciders may be added (extra decisions of the same model and round, see the hook
    # ``_decision_added_values``)
    _decision_can_add_approvers = False
    # the code prefix of the chase/escalation rules of the reminder engine
    _decision_rule_prefix = None
    # the path to the user whose own request the decision is about (segregation of duties: never
    # its decider unless the company allows self-approval), e.g. "request_id.initiator_id"
    _decision_initiator_field = None
    # fields of the decision engine itself: only its operations change them
    _decision_engine_fields = (
        "previous_decider_ids",
        "added_by_id",
        "add_mode",
        "decision_chain",
        "decision_step",
        "delegated_for_id",
    )

    deadline = fields.Datetime(copy=False, index=True, help="When the decision is due.")
    date_asked = fields.Datetime("Asked On", copy=False, readonly=True)
    can_decide = fields.Boolean(compute="_compute_can_decide")
    can_operate = fields.Boolean(compute="_compute_can_decide", help="May transfer it or add approvers.")
    # transfer (转交): who had the decision before; they keep reading it (record rules)
    previous_decider_ids = fields.Many2many(
        "res.users", string="Previous Deciders", copy=False, readonly=True, help="Who handed this decision on."
    )
    # add approver (加签): extra decisions of the same round, ordered in a chain by step
    added_by_id = fields.Many2one("res.users", string="Added By", copy=False, readonly=True)
    add_mode = fields.Selection(ADD_MODES, string="Add Mode", copy=False, readonly=True)
    # the mode says it from the adder's side ("After Me"); the added approver reads after whom
    add_position = fields.Char("Added", compute="_compute_add_position", help="Before, after or alongside whom.")
    decision_chain = fields.Integer(
        copy=False, readonly=True, index=True, help="The decision whose decider added others (its id)."
    )
    decision_step = fields.Integer(copy=False, readonly=True, default=0, help="In a chain, lower steps decide first.")
    waiting_for = fields.Char(compute="_compute_waiting_for", string="Waiting For")
    # delegation (代理): the person the decision was asked of, while a delegate holds it
    delegated_for_id = fields.Many2one("res.users", string="On Behalf Of", copy=False, readonly=True)
    attachment_ids = fields.Many2many(
        "ir.attachment", string="Attachments", copy=False, help="Documents supporting the decision."
    )

    @api.depends_context("uid")
    def _compute_can_decide(self):
        user = self.env.user
        coordinator = user.has_group(COORDINATOR_GROUP)
        for record in self:
            pending = record._is_pending()
            record.can_operate = pending and (coordinator or record._user_may_decide(user))
            record.can_decide = pending and record._user_may_decide(user) and not record._decision_blockers()

    def _compute_waiting_for(self):
        for record in self:
            blockers = record._decision_blockers() if record._is_pending() else []
            names = [name for blocker in blockers for name in blocker._decider().mapped("name")]
            record.waiting_for = ", ".join(names)

    @api.depends_context("lang")
    @api.depends("add_mode", "added_by_id", "decision_chain")
    def _compute_add_position(self):
        for record in self:
            anchor = record._decision_added_anchor() if record.add_mode else None
            if not anchor:
                record.add_position = False
                continue
            texts = {
                "before": _("Before %(user)s", user=anchor.name),
                "after": _("After %(user)s", user=anchor.name),
                "parallel": _("Alongside %(user)s", user=anchor.name),
            }
            record.add_position = texts[record.add_mode]

    def _decision_added_anchor(self):
        """The person an added approver was added before, after or alongside: the one who added
        them when they decide in the chain, else (the coordinator added them) the chain's first
        decider."""
        self.ensure_one()
        # sudo: the added approver is told whose decision theirs follows, not shown that decision
        record = self.sudo()
        adder = record.added_by_id
        if not record.decision_chain:
            return adder
        members = record._decision_chain_members() - record
        deciders = self.env["res.users"].union(*(m._decider() | m.previous_decider_ids for m in members))
        if adder in deciders:
            return adder
        root = members.filtered(lambda m: m.id == record.decision_chain)
        return root._decider()[:1] or adder

    def _is_pending(self):
        self.ensure_one()
        return self[self._decision_state_field] == self._decision_pending_state

    def _decider(self):
        """The user(s) asked to decide; a Many2many user field makes a decision by any of a group."""
        self.ensure_one()
        return self[self._decision_user_field]

    def _decision_allowed_users(self):
        """Users who may decide besides the decider; hook for stand-ins."""
        return self.env["res.users"]

    def _user_may_decide(self, user):
        self.ensure_one()
        if self.env.su:
            return True
        # the named decider first: co-deciders and stand-ins are read only when needed
        entitled = (
            user in self[self._decision_user_field]
            or user in self._decider()
            or user in self._decision_allowed_users()
            or self._decision_is_delegate(user)
        )
        # segregation of duties: the initiator never decides his own request (company setting)
        return entitled and user not in self._decision_forbidden_deciders()

    # ------------------------------------------------------------------------------------------
    # Who may be chosen as decider, and segregation of duties
    # ------------------------------------------------------------------------------------------
    def _decision_initiator(self):
        """The user whose own request this decision is about (``_decision_initiator_field``)."""
        self.ensure_one()
        if not self._decision_initiator_field:
            return self.env["res.users"]
        # sudo: the initiator is read for the check, whoever decides
        return self.sudo().mapped(self._decision_initiator_field).with_env(self.env)

    def _decision_forbidden_deciders(self):
        """Who may not decide this decision: its initiator, unless the company allows self-approval."""
        self.ensure_one()
        initiator = self._decision_initiator()
        if not initiator or self.env["collab.responsibility"].self_approval_allowed(self._decision_company()):
            return self.env["res.users"]
        return initiator

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

    def _decision_is_delegate(self, user):
        """Whether ``user`` is the delegate in effect of one of the deciders (代理): the decision
        is theirs to take even before the engine moved it to them (My Approvals lists it)."""
        self.ensure_one()
        deciders = self._decider()
        if not deciders:
            return False
        # sudo: delegations route decisions, whoever asks
        return bool(
            self.env["collab.delegation"]
            .sudo()
            .search_count(
                [("user_id", "in", deciders.ids), ("delegate_id", "=", user.id), ("in_effect", "=", True)],
                limit=1,
            )
        )

    def _check_can_decide(self):
        for record in self:
            if not record._is_pending():
                raise UserError(
                    _(
                        "%(record)s has already been decided (%(state)s).",
                        record=record.display_name,
                        state=record._decision_state_label(record[self._decision_state_field]),
                    )
                )
            if not record._user_may_decide(self.env.user):
                raise AccessError(
                    _(
                        "Only %(decider)s can decide on %(record)s.",
                        decider=", ".join(record._decider().mapped("name")) or _("the assigned person"),
                        record=record.display_name,
                    )
                )
            blockers = record._decision_blockers()
            if blockers:
                raise UserError(
                    _(
                        "%(record)s waits for %(users)s to decide first.",
                        record=record.display_name,
                        users=", ".join(blockers.mapped(lambda b: ", ".join(b._decider().mapped("name")))),
                    )
                )

    def _decision_completed_records(self):
        """The records whose "is the whole complete?" question these decisions answer, outermost
        first (hook): the parent by default; a decision that completes more (an acceptance: its
        task, the project and the project's request) names them all."""
        return [self[self._decision_parent_field]] if self._decision_parent_field else []

    def _lock_decision_parents(self):
        """Lock the records the decisions complete before the decisions are written and the
        siblings are read (always in the same order, outermost first: no deadlock between two
        kinds of decision on the same request)."""
        # sudo: the lock serialises the workflow, whatever the decider may read of the parents
        for records in self.sudo()._decision_completed_records():
            records._collab_lock()

    def _supersede_pending(self):
        """Undecided decisions of a round that closed: withdrawn, kept for the history."""
        pending = self.filtered(lambda r: r._is_pending())
        if pending:
            pending._cancel_decision_activities()
            # sudo: the workflow closes the round for every decider, whoever called it
            pending.sudo().write({self._decision_state_field: self._decision_superseded_state})
        return pending

    def _decision_state_label(self, state):
        return dict(self._fields[self._decision_state_field]._description_selection(self.env))[state]

    def _decision_activity_note(self):
        return ""

    def _decision_activity_summary(self):
        """The activity's one line: what tells this decision from the decider's others (a
        request's title before its number, which lists cut to "XMBG-20…"). None: the type's name."""
        return False

    def _schedule_decision_activities(self, users=None):
        """Ask each decider through an activity due at the record's deadline (one per decider).

        This is the moment a decision is asked: the deciders' delegations apply first, and a
        decision that waits for others (add approver "before"/"after") is asked later.
        """
        self._decision_apply_delegations()
        if not self._decision_activity_type:
            return
        now = fields.Datetime.now()
        for record in self:
            if record._decision_blockers():
                continue
            deciders = record._decider()
            if users is None:
                targets = deciders
            else:
                # a delegation may just have moved the decision on from ``users``
                asked = record.activity_ids.filtered(
                    lambda a: a.activity_type_id.id == self.env.ref(self._decision_activity_type).id
                ).user_id
                targets = (users & deciders) or (deciders - asked)
            for user in targets:
                # the note is written in the decider's language
                local = record.with_context(lang=user.lang or "en_US")
                local.activity_schedule(
                    self._decision_activity_type,
                    date_deadline=record._collab_today(record.deadline or now),
                    summary=local._decision_activity_summary() or False,
                    # the note quotes user text (titles, deliverables): escaped, never HTML
                    note=text_to_html(local._decision_activity_note()),
                    user_id=user.id,
                )

    def _ensure_decision_activities(self):
        """Re-ask deciders whose activity was closed without a decision."""
        activity_type = self.env.ref(self._decision_activity_type)
        missing = self.filtered(lambda r: activity_type not in r.activity_ids.activity_type_id)
        missing._schedule_decision_activities()

    def _record_decision(self, state, comment, attachments=None):
        """Store the decision and close the activity with it as feedback."""
        now = fields.Datetime.now()
        vals = {
            self._decision_state_field: state,
            self._decision_comment_field: comment,
            self._decision_date_field: now,
        }
        if attachments:
            vals["attachment_ids"] = [fields.Command.link(attachment.id) for attachment in attachments]
            # the caller's own unattached uploads belong to the decision from now on (readable with
            # it); sudo: the decider may not write the decision itself. ``_decision_attachments_arg``
            # refused everything else (other records' files, public files).
            attachments.sudo().filtered(lambda a: not a.res_id and not a.public and not a.res_field).write(
                {"res_model": self._name, "res_id": self[:1].id}
            )
        self.write(vals)
        if self._decision_activity_type:
            label = self._decision_state_label(state)
            feedback = f"{label}: {comment}" if comment else label
            # sudo: the decider closes the activity even when it was assigned to a stand-in.
            self.sudo().activity_feedback([self._decision_activity_type], feedback=feedback)
        self._decision_advance_chains(state)

    def _cancel_decision_activities(self):
        if self._decision_activity_type:
            # sudo: withdrawing a request removes activities assigned to other people.
            self.sudo().activity_unlink([self._decision_activity_type])

    # ------------------------------------------------------------------------------------------
    # Deciding from the activity (mail.activity.action_collab_decide, the activity's buttons)
    # ------------------------------------------------------------------------------------------
    def _collab_activity_decision(self, activity):
        """The decision ``activity`` (an activity on this record) asks for: this record when the
        activity is its decision activity. A model whose activities ask for a decision kept on
        another record declares the mapping by overriding this hook."""
        self.ensure_one()
        if self._decision_activity_type and activity.activity_type_id == self.env.ref(
            self._decision_activity_type, raise_if_not_found=False
        ):
            return self
        return self.browse()

    def _collab_decision_choices(self):
        """The decisions offered on the activity, in the reader's language (hook per model): a list
        of dicts ``key`` (what the caller names), ``method`` (the action called as the caller),
        ``label``, ``style`` (a Bootstrap colour) and ``inputs`` (the action's keyword arguments
        asked in a dialog: ``name``, ``type`` text/date, ``label``, ``required`` and, for the
        reason of a negative decision, ``prompt``: the decision's own request for it)."""
        return []

    def _decision_reason_prompt(self, kind):
        """What a negative decision asks its decider, in the decision's own word (the dialog's
        prompt and the refusal when the reason is missing), in the reader's language."""
        prompts = {
            "object": _("Please give the reason for your objection."),
            "return": _("Please give the reason for returning the request to its initiator."),
            "send_back": _("Please give the reason for sending the request back."),
            "reject": _("Please give the reason for the rejection."),
            "request_changes": _("Please say what must change."),
            "refuse": _("Please give the reason for refusing to sign."),
            "fail": _("Please say what must be improved."),
            "cancel": _("Please give the reason for cancelling the request."),
        }
        return prompts.get(kind) or _("Please give the reason.")

    def _collab_decision_choice(self, decision):
        """The choice named ``decision`` (its key) among this decision's choices."""
        self.ensure_one()
        choices = {choice["key"]: choice for choice in self._collab_decision_choices()}
        choice = choices.get(decision) if isinstance(decision, str) else None
        if not choice:
            raise UserError(
                _(
                    "“%(decision)s” is not a decision of %(record)s; choose one of: %(choices)s.",
                    decision=decision,
                    record=self.display_name,
                    choices=", ".join(choices),
                )
            )
        return choice

    def _collab_take_decision(self, decision, values=None):
        """Take the choice ``decision`` with ``values`` (its inputs), as the current user: the one
        path of the activity's buttons and of the reason dialog. The model's own action is called,
        with its checks: only its decider, only while it is pending."""
        self.ensure_one()
        if values is None or values is False:
            values = {}
        if not isinstance(values, dict):
            raise UserError(_("The decision's values must be a dictionary of its inputs."))
        choice = self._collab_decision_choice(decision)
        self._check_can_decide()
        inputs = {item["name"]: item for item in choice["inputs"]}
        unknown = set(values) - set(inputs)
        if unknown:
            raise UserError(
                _(
                    "%(decision)s takes no %(names)s.",
                    decision=choice["label"],
                    names=", ".join(sorted(str(name) for name in unknown)),
                )
            )
        kwargs = {}
        for name, item in inputs.items():
            value = values.get(name)
            if item["type"] == "date":
                value = self._collab_date_arg(value, item["label"])
            else:
                value = self._collab_text_arg(value, item["label"])
            if item.get("required") and not value:
                raise UserError(
                    item.get("prompt")
                    or _("%(decision)s: %(input)s is required.", decision=choice["label"], input=item["label"])
                )
            kwargs[name] = value
        getattr(self, choice["method"])(**kwargs)
        return choice

    def action_open_reason_dialog(self):
        """A negative decision's button (Object, Return, Send Back, Reject, Request Changes,
        Refuse, Fail …): its reason dialog opens at once, titled with the decision's own word; the
        button names the decision in its context (``collab_decision``, a choice key)."""
        self._collab_records_arg(self)
        choice = self._collab_decision_choice(self.env.context.get("collab_decision"))
        self._check_can_decide()
        return self.env["collab.request.reason"]._decision_dialog(self, choice)

    # ------------------------------------------------------------------------------------------
    # The decision engine: its fields change only through its operations
    # ------------------------------------------------------------------------------------------
    def _collab_guard_create(self, vals):
        refused = [fname for fname in self._decision_engine_fields if vals.get(fname)]
        if refused:
            self._collab_refuse(refused)
        return super()._collab_guard_create(vals)

    def _collab_guard_write(self, vals):
        refused = [fname for fname in self._decision_engine_fields if fname in vals]
        if refused:
            self._collab_refuse(refused)
        return super()._collab_guard_write(vals)

    def _decision_parent(self):
        return self[self._decision_parent_field] if self._decision_parent_field else self.browse()

    def _decision_department(self):
        """The department the decision is taken for (its heads and deputies may take it over)."""
        self.ensure_one()
        return self["department_id"] if "department_id" in self._fields else self.env["hr.department"]

    @api.model
    def _decision_held_by_domain(self, users):
        """Decisions these users are asked to take (as decider or, 或签, co-decider)."""
        domain = [(self._decision_user_field, "in", users.ids)]
        if "co_decider_ids" in self._fields:
            domain = ["|", *domain, ("co_decider_ids", "in", users.ids)]
        return domain

    def _decision_is_multi(self):
        return self._fields[self._decision_user_field].type == "many2many"

    def _decision_log(self, body):
        """Who (the author), when (the message date) and why (the body): on the decision and on its
        parent (request, project or task)."""
        html = text_to_html(body)
        for record in self:
            # sudo: the log is written for the workflow, whoever may post on the parent
            record.sudo().message_post(body=html, subtype_xmlid="mail.mt_note")
            parent = record._decision_parent()
            if parent and hasattr(parent, "message_post"):
                parent.sudo().message_post(body=html, subtype_xmlid="mail.mt_note")

    def _decision_check_operator(self, operation):
        """Transfer and add approver: a pending decision, by its decider or the coordinator."""
        coordinator = self._collab_is_coordinator()
        for record in self:
            if not record._is_pending():
                raise UserError(
                    _(
                        "%(record)s is %(state)s: it can no longer be %(operation)s.",
                        record=record.display_name,
                        state=record._decision_state_label(record[self._decision_state_field]),
                        operation=operation,
                    )
                )
            if not coordinator and not record._user_may_decide(self.env.user):
                raise AccessError(
                    _(
                        "Only %(decider)s or the coordinator can do this on %(record)s.",
                        decider=", ".join(record._decider().mapped("name")) or _("the assigned person"),
                        record=record.display_name,
                    )
                )

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

    def _decision_attachments_arg(self, value):
        """Attachment ids given with a decision: files the caller may read that belong to no
        other record — already attached to this decision, or uploaded by the caller and not
        attached yet (the decision adopts them, see ``_record_decision``). A file of another
        record, a public file or the file of a field is refused, not copied: whoever reads the
        decision must be able to read its files, and nobody else's document is moved."""
        if value is None or value is False:
            return self.env["ir.attachment"]
        values = value if isinstance(value, (list, tuple)) else [value]
        attachments = self.env["ir.attachment"]
        for item in values:
            attachments |= self._collab_record_arg("ir.attachment", item, _("Attachments"))
        for attachment in attachments:
            try:
                # the attachment's own check: its document's read access, as the caller
                attachment.check("read")
                attachment.check_access("read")
            except AccessError:
                raise AccessError(
                    _(
                        "You may not read the attachment %(id)s: only files you can open can support a decision.",
                        id=attachment.id,
                    )
                ) from None
            # sudo: where the file belongs is read for the check (the caller may read the file)
            file = attachment.sudo()
            own = file.res_model == self._name and file.res_id in self.ids
            if own:
                continue
            if file.res_id or file.res_field:
                raise UserError(
                    _(
                        "The attachment “%(name)s” belongs to another document (%(model)s): upload the file "
                        "again to support your decision.",
                        name=file.name,
                        model=file.res_model,
                    )
                )
            if file.public or file.create_uid != self.env.user:
                raise UserError(
                    _(
                        "The attachment “%(name)s” was not uploaded by you: upload the file again to support "
                        "your decision.",
                        name=file.name,
                    )
                )
        return attachments

    def _decision_replace_decider(self, old, new, note=None, delegated_for=None, ask=None):
        """Hand the decision from ``old`` to ``new`` (sudo: the callers checked who may):
        the old decider keeps a read trace, activities follow."""
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
        if self._decision_activity_type:
            activity_type = self.env.ref(self._decision_activity_type)
            asked = record.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            gone = asked.filtered(lambda a: a.user_id in old)
            staying = asked - gone
            # the activity follows the decision: the old decider's goes, the new one is asked —
            # unless the decision was not asked yet (being created, or waiting for others)
            gone.unlink()
            if (ask or (ask is None and asked)) and new not in staying.user_id:
                record._schedule_decision_activities(users=new)
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
                ask=True,
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
    def _decision_added_values(self, user):
        """Values of an extra decision of the same round asked of ``user`` (hook per model)."""
        raise NotImplementedError

    def _decision_chain_members(self):
        """Decisions of the same chain (``decision_chain`` holds the id of its first decision)."""
        chains = {record.decision_chain or record.id for record in self}
        return self.sudo().search([("decision_chain", "in", list(chains))])

    def _decision_blockers(self):
        """Pending decisions of the same chain that decide before this one."""
        self.ensure_one()
        if not self.decision_chain:
            # nobody was ever added to this decision: it waits for nobody (no query)
            return self.browse()
        members = self._decision_chain_members()
        return members.filtered(lambda m: m._is_pending() and m.decision_step < self.decision_step).with_env(self.env)

    def _decision_advance_chains(self, state):
        """After a decision of a chain: a positive one asks those who waited for it, a negative one
        ends the chain (those who would decide after it are withdrawn)."""
        chained = self.filtered("decision_chain")
        if not chained:
            return
        waiting = chained._decision_chain_members().filtered(lambda m: m._is_pending() and m.id not in self.ids)
        if state in self._decision_positive_states:
            activity_type = self._decision_activity_type and self.env.ref(self._decision_activity_type)
            ready = waiting.filtered(
                lambda m: (
                    not m._decision_blockers()
                    and (not activity_type or activity_type not in m.activity_ids.activity_type_id)
                )
            )
            ready._schedule_decision_activities()
        else:
            later = waiting.filtered(lambda m: any(m.decision_step > r.decision_step for r in chained))
            later._supersede_pending()

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
        if mode == "before":
            # mine waits: my own request is withdrawn until theirs are decided
            self._cancel_decision_activities()
        added._schedule_decision_activities()
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

    # ------------------------------------------------------------------------------------------
    # Chase and escalation: one rule set for every kind of decision
    # ------------------------------------------------------------------------------------------
    def _decision_chase_domain(self):
        """Which pending decisions are chased (hook: e.g. only while the request is under review)."""
        return [(self._decision_state_field, "=", self._decision_pending_state), ("deadline", "!=", False)]

    def _decision_sponsor(self):
        """The sponsor the decision escalates to last (hook per model)."""
        self.ensure_one()
        return self.env["res.users"]

    def _decision_company(self):
        self.ensure_one()
        return self["company_id"] if "company_id" in self._fields else self.env.company

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
        self._ensure_decision_activities()
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
