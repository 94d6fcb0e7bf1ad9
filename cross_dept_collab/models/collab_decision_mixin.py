from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .collab_workflow_guard import text_to_html

ADD_MODES = [("before", "Before Me"), ("after", "After Me"), ("parallel", "Alongside Me")]


class CollabDecisionMixin(models.AbstractModel):
    """Decisions: a named person must decide by a deadline, with a comment — approvals, sign-offs,
    acceptance decisions and change-request approvals all build on this.

    Concrete models name their own fields through the class attributes below, add their own
    fields and the effect of the decision; the activities follow the state (``_collab_sync_activities``).
    The engine's operations (transfer, add approver, delegation) are in
    ``collab_decision_operations.py``, its chase and escalation rules in ``collab_decision_chase.py``.
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
        for record in self:
            record.can_operate = not record._decision_cannot_operate_reason(user)
            record.can_decide = not record._decision_cannot_decide_reason(user)

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

    def _decision_cannot_decide_reason(self, user):
        """Why ``user`` may not decide this decision now — the refusal to raise (its class says
        whether it is a matter of state or of rights) — or False when they may. The one answer of
        the buttons (``can_decide``) and of the actions (``_check_can_decide``)."""
        self.ensure_one()
        if not self._is_pending():
            return UserError(
                _(
                    "%(record)s has already been decided (%(state)s).",
                    record=self.display_name,
                    state=self._decision_state_label(self[self._decision_state_field]),
                )
            )
        if not self._user_may_decide(user):
            return AccessError(
                _(
                    "Only %(decider)s can decide on %(record)s.",
                    decider=", ".join(self._decider().mapped("name")) or _("the assigned person"),
                    record=self.display_name,
                )
            )
        blockers = self._decision_blockers()
        if blockers:
            return UserError(
                _(
                    "%(record)s waits for %(users)s to decide first.",
                    record=self.display_name,
                    users=", ".join(blockers.mapped(lambda b: ", ".join(b._decider().mapped("name")))),
                )
            )
        return False

    def _check_can_decide(self):
        for record in self:
            refusal = record._decision_cannot_decide_reason(self.env.user)
            if refusal:
                raise refusal

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
            # sudo: the workflow closes the round for every decider, whoever called it
            pending.sudo().write({self._decision_state_field: self._decision_superseded_state})
            pending._collab_sync_activities()
        return pending

    def _decision_state_label(self, state):
        return dict(self._fields[self._decision_state_field]._description_selection(self.env))[state]

    def _decision_activity_note(self):
        return ""

    def _decision_activity_summary(self):
        """The activity's one line: what tells this decision from the decider's others (a
        request's title before its number, which lists cut to "XMBG-20…"). None: the type's name."""
        return False

    # ------------------------------------------------------------------------------------------
    # Activities follow the state
    # ------------------------------------------------------------------------------------------
    def _decision_ask(self):
        """The decisions are asked now (created, re-asked, their turn came): the deciders'
        delegations in effect apply first, then the activities follow."""
        self._decision_apply_delegations()
        self._collab_sync_activities()

    def _decision_activity_feedback(self):
        """What closes the activities of this record once it is no longer pending: the decision
        (its label and comment), or None when it was withdrawn rather than decided (superseded;
        hook) — its activities are then removed."""
        self.ensure_one()
        state = self[self._decision_state_field]
        if state == self._decision_superseded_state:
            return None
        label = self._decision_state_label(state)
        comment = self[self._decision_comment_field]
        return f"{label}: {comment}" if comment else label

    def _collab_sync_activities(self, feedback=None):
        """Make the open activities of the decision's type match who is expected to act now
        (idempotent, in the spirit of ``hr.leave.activity_update``): a pending decision nobody
        waits for asks each current decider once — in their language, due at the decision's
        deadline — and nobody else; one waiting for others asks nobody yet; a decided one closes
        them with the decision as feedback; a withdrawn one (superseded) removes them."""
        now = fields.Datetime.now()
        # sudo: the activities belong to the deciders (stand-ins, delegates), whoever moved the
        # decision; the caller's checks established that it may move it
        to_unlink = self.env["mail.activity"].sudo()
        for record in self.sudo():
            xmlid = record._decision_activity_type
            if not xmlid:
                continue
            activity_type = self.env.ref(xmlid)
            asked = record.activity_ids.filtered(lambda a, t=activity_type: a.activity_type_id == t)
            if record._is_pending() and not record._decision_blockers():
                deciders = record._decider()
                to_unlink |= asked.filtered(lambda a, deciders=deciders: a.user_id not in deciders)
                for user in deciders - asked.user_id:
                    # the summary and the note are written in the decider's language
                    local = record.with_context(lang=user.lang or "en_US")
                    record._collab_activity_for(
                        user,
                        xmlid,
                        date_deadline=record._collab_today(record.deadline or now),
                        summary=local._decision_activity_summary() or False,
                        # the note quotes user text (titles, deliverables): escaped, never HTML
                        note=text_to_html(local._decision_activity_note()),
                    )
            elif asked:
                decision = None if record._is_pending() else record._decision_activity_feedback()
                if decision is None:
                    to_unlink |= asked
                else:
                    asked.action_feedback(feedback=decision)
        to_unlink.unlink()
        # the model's other state-driven activities (an empty set for most decisions)
        return super()._collab_sync_activities(feedback=feedback)

    def _record_decision(self, state, comment, attachments=None):
        """Store the decision; its activities close with it as feedback."""
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
        self._collab_sync_activities()
        self._decision_advance_chains(state)

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

    def _decision_choice(self, key, method, label, style, inputs=()):
        """One entry of :meth:`_collab_decision_choices`."""
        return {"key": key, "method": method, "label": label, "style": style, "inputs": list(inputs)}

    def _decision_reason_input(self, kind, name="reason", label=None):
        """The required text a negative decision of ``kind`` asks (its prompt: the decision's own)."""
        return {
            "name": name,
            "type": "text",
            "label": label or _("Reason"),
            "required": True,
            "prompt": self._decision_reason_prompt(kind),
        }

    def _decision_approve_or_reject(self, key="reject", method="action_reject", label=None):
        """The two choices of most decisions: **Approve**, or a negative decision with its reason."""
        return [
            self._decision_choice("approve", "action_approve", _("Approve"), "success"),
            self._decision_choice(key, method, label or _("Reject"), "danger", [self._decision_reason_input("reject")]),
        ]

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

    # ------------------------------------------------------------------------------------------
    # The chain of added approvers: who decides first
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
            waiting.filtered(lambda m: not m._decision_blockers())._decision_ask()
        else:
            later = waiting.filtered(lambda m: any(m.decision_step > r.decision_step for r in chained))
            later._supersede_pending()

    def _decision_sponsor(self):
        """The sponsor the decision escalates to last (hook per model)."""
        self.ensure_one()
        return self.env["res.users"]

    def _decision_company(self):
        self.ensure_one()
        return self["company_id"] if "company_id" in self._fields else self.env.company
