from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .collab_request import STEP_STATES
from .collab_request_flow import STANDARD_RULES
from .collab_workflow_guard import COORDINATOR_GROUP

# the request's own decisions: step -> (request state it is taken in, activity type, company hours)
STEPS = {
    "pmo_review": (
        "submitted",
        "cross_dept_collab.mail_activity_type_collab_review",
        "collab_review_hours",
    ),
    "lead_confirmation": (
        "lead_confirmation",
        "cross_dept_collab.mail_activity_type_collab_lead_confirmation",
        "collab_lead_confirmation_hours",
    ),
    "sponsor_approval": (
        "sponsor_approval",
        "cross_dept_collab.mail_activity_type_collab_sponsor_approval",
        "collab_sponsor_approval_hours",
    ),
    # a step a company added to its approval flow: its time limit, if any, is its own
    "extra_review": ("extra_review", "cross_dept_collab.mail_activity_type_collab_extra_review", None),
}
STEP_OF_STATE = {state: step for step, (state, _type, _hours) in STEPS.items()}
assert set(STEP_OF_STATE) == set(STEP_STATES)
SPONSOR_GROUP = "cross_dept_collab.group_collab_sponsor"


class CollabRequestStep(models.Model):
    """The request's own decisions — PMO review, lead confirmation, sponsor approval — as decision
    records of the engine (``collab.decision.mixin``), like department reviews.

    One step record is asked when the request enters the stage (``_ask``); the request's buttons
    (``action_accept``, ``action_confirm_lead``, ``action_object``, ``action_return``,
    ``action_reject``, ``action_sponsor_approve``, ``action_sponsor_return``) decide the caller's
    pending step, the step's own buttons do the same from its form. When the step's round is
    complete (every added approver too) it reports its outcome to the request (``_on_decision``).
    """

    _name = "collab.request.step"
    _description = "Request Decision"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.decision.mixin", "collab.request.brief"]
    _order = "request_id, id desc"
    _rec_names_search = ["request_id"]

    _decision_user_field = "user_id"
    _decision_comment_field = "comment"
    _decision_date_field = "decided_on"
    _decision_parent_field = "request_id"
    _decision_initiator_field = "request_id.initiator_id"
    _decision_can_add_approvers = True
    _decision_rule_prefix = "request_step"
    _collab_workflow_fields = (
        "request_id",
        "step",
        "user_id",
        "state",
        "decided_on",
        "deadline",
        "date_asked",
        "lead_department_id",
        "is_fallback_decider",
        "flow_step_id",
        "flow_position",
    )

    request_id = fields.Many2one("collab.request", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    request_state = fields.Selection(related="request_id.state", string="Request State")
    step = fields.Selection(
        [
            ("pmo_review", "PMO Review"),
            ("lead_confirmation", "Lead Confirmation"),
            ("sponsor_approval", "Sponsor Approval"),
            ("extra_review", "Flow Review"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    user_id = fields.Many2one("res.users", string="Decider", readonly=True, index=True, tracking=True)
    flow_step_id = fields.Many2one(
        "collab.flow.step", string="Flow Step", readonly=True, index="btree_not_null", ondelete="set null"
    )
    flow_position = fields.Integer(readonly=True, default=-1, help="The request's step of its path it decides.")
    is_fallback_decider = fields.Boolean(
        "Coordinator Stands In", readonly=True, help="The lead department has no manager: the coordinator decides."
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("returned", "Returned"),
            ("rejected", "Rejected"),
            ("superseded", "Superseded"),
        ],
        default="pending",
        required=True,
        tracking=True,
        index=True,
    )
    comment = fields.Text(help="The decider's comment; required to return, object or reject.")
    decided_on = fields.Datetime(readonly=True, copy=False)
    lead_department_id = fields.Many2one(
        "hr.department", string="Lead Department", readonly=True, help="Chosen when the PMO accepts the request."
    )

    # ------------------------------------------------------------------------------------------
    # The activity type depends on the step (the mixin reads it record by record)
    # ------------------------------------------------------------------------------------------
    @property
    def _decision_activity_type(self):
        steps = set(self.mapped("step")) if self else set()
        if len(steps) != 1:
            return None
        return STEPS[steps.pop()][1]

    @api.depends_context("lang")
    @api.depends("request_id", "step")
    def _compute_display_name(self):
        steps = dict(self._fields["step"]._description_selection(self.env))
        # sudo: the decider sees which request the decision is about, even from outside its departments
        names = {step.id: step.sudo().request_id.display_name for step in self}
        for step in self:
            label = step.sudo().flow_step_id.name if step.step == "extra_review" else steps.get(step.step, "")
            step.display_name = _("%(request)s — %(step)s", request=names[step.id] or "", step=label or "")

    # ------------------------------------------------------------------------------------------
    # Asking (one call): decider, deadline from the company's settings, activity per decider
    # ------------------------------------------------------------------------------------------
    @api.model
    def _ask(self, requests, step):
        """Ask ``step`` of each request (superseding what is left of an earlier one)."""
        responsibility = self.env["collab.responsibility"]
        _state, _activity, hours = STEPS[step]
        requests.step_ids._supersede_pending()
        now = fields.Datetime.now()
        vals_list = []
        chains = []
        for request in requests:
            company = request.company_id
            asked = request.date_stage or now
            flow_step = request._collab_flow_step()
            limit = flow_step._collab_limit_deadline(asked, company) if flow_step else False
            base = {
                "request_id": request.id,
                "step": step,
                "date_asked": asked,
                "deadline": limit or (hours and company.collab_sla_deadline(asked, company[hours], rule="decision")),
                "flow_step_id": flow_step.id,
                "flow_position": request.flow_position,
            }
            if flow_step and flow_step.approver_rule != STANDARD_RULES.get(step):
                # the deciders the request's path names (one decision each, in one round)
                deciders = request._collab_entry()["deciders"]
                chains.append(list(range(len(vals_list), len(vals_list) + len(deciders))))
                vals_list += [{**base, "user_id": user_id} for user_id in deciders]
                continue
            fallback = False
            if step == "pmo_review":
                decider = responsibility.coordinator(company)
            elif step == "lead_confirmation":
                decider, fallback = responsibility.department_heads(request.lead_department_id)[
                    request.lead_department_id.id
                ]
            else:
                decider = request.sponsor_id
            if decider and decider == request.initiator_id and not responsibility.self_approval_allowed(company):
                # segregation of duties: the step goes to the next one (deputy, else the coordinator)
                stand_in = responsibility.stand_in_for_initiator(
                    request.initiator_id,
                    company,
                    department=request.lead_department_id if step == "lead_confirmation" else None,
                    sponsor=request.sponsor_id,
                )
                if stand_in:
                    decider, fallback = stand_in, False
                    steps = dict(self._fields["step"]._description_selection(self.env))
                    request._log_initiator_stand_in(decider, steps[step])
            vals_list.append({**base, "user_id": decider.id, "is_fallback_decider": fallback})
        # sudo: the steps are asked on behalf of the request's workflow, not by the caller
        # (no "created" note: the request's log already says why the step is asked; no "you have
        # been assigned" mail either: the decision's activity tells the decider, once)
        steps = (
            self.sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True)
            .create(vals_list)
        )
        for chain in chains:
            if len(chain) > 1:
                # several deciders of one step: one round, decided as the step's mode says
                round_steps = steps.browse([steps[i].id for i in chain])
                round_steps.decision_chain = round_steps[0].id
        steps._decision_ask()
        return steps.with_env(self.env)

    def _decision_activity_summary(self):
        return _("%(title)s (%(number)s)", title=self.request_id.title, number=self.request_id.name)

    def _decision_activity_note(self):
        request = self.request_id
        if self.step == "pmo_review":
            return _(
                "Review %(request)s: accept it with its lead department, return it to the initiator or reject it.",
                request=request.display_name,
            )
        if self.step == "lead_confirmation":
            note = _(
                "Confirm that %(department)s leads %(request)s, or object.",
                department=request.lead_department_id.name,
                request=request.display_name,
            )
            if self.is_fallback_decider:
                note += "\n" + _(
                    "%(department)s has no manager: you decide as coordinator.",
                    department=request.lead_department_id.name,
                )
            return note
        if self.step == "extra_review":
            return _(
                "%(step)s: approve %(request)s, or send it back to the initiator.",
                step=self.flow_step_id.name,
                request=request.display_name,
            )
        return _("Approve %(request)s to start its project, or send it back.", request=request.display_name)

    # ------------------------------------------------------------------------------------------
    # Engine hooks
    # ------------------------------------------------------------------------------------------
    def _decision_added_values(self, user):
        return {"request_id": self.request_id.id, "step": self.step, "user_id": user.id}

    def _decision_allowed_users(self):
        """The lead department's current head confirms (the manager may have changed since), unless
        the step was handed on; added approvers and the PMO and sponsor steps: their decider only."""
        if self.step != "lead_confirmation" or self.added_by_id or self.previous_decider_ids:
            return self.env["res.users"]
        return self.env["collab.responsibility"].department_head(self.sudo().request_id.lead_department_id)

    def _decision_department(self):
        self.ensure_one()
        if self.step == "extra_review":
            # a flow review decided by a department's head: handed on within that department
            return self.sudo().flow_step_id.department_id.with_env(self.env)
        if self.step == "lead_confirmation":
            # sudo: the lead department names who may take the confirmation over
            return self.sudo().request_id.lead_department_id.with_env(self.env)
        return self.env["hr.department"]

    def _decision_transfer_candidates(self):
        """PMO review: another coordinator; sponsor approval: another sponsor; lead confirmation: a
        head or deputy of the lead department."""
        self.ensure_one()
        group = {"pmo_review": COORDINATOR_GROUP, "sponsor_approval": SPONSOR_GROUP}.get(self.step)
        if not group:
            return super()._decision_transfer_candidates()
        # sudo: the members of a role are read to check the choice, not shown
        users = self.env.ref(group).sudo().users.filtered(lambda u: u.active and not u.share and u.id != 1)
        return users.with_env(self.env)

    def _decision_chase_domain(self):
        return [*super()._decision_chase_domain(), ("request_id.state", "in", tuple(STEP_OF_STATE))]

    def _decision_sponsor(self):
        return self.request_id.sponsor_id

    # ------------------------------------------------------------------------------------------
    # Deciding: one path
    # ------------------------------------------------------------------------------------------
    def _check_request_open(self):
        # sudo: a decider handed the step from outside the request's departments may not read the
        # request; only its state is checked here
        for step in self.sudo():
            request = step.request_id
            if request.state != STEPS[step.step][0] or (
                step.step == "extra_review" and step.flow_position != request.flow_position
            ):
                raise UserError(
                    _(
                        "%(request)s is no longer waiting for this decision (%(state)s).",
                        request=step.request_id.display_name,
                        state=step.request_id._state_label(),
                    )
                )

    def _decide(self, state, comment, require_comment=False, attachment_ids=None, lead_department=None):
        comment = self._collab_text_arg(comment, _("The comment"))
        attachments = self._decision_attachments_arg(attachment_ids)
        self._check_can_decide()
        self._lock_decision_parents()
        self._check_request_open()
        for step in self:
            text = (comment if comment is not None else step.comment or "").strip()
            if require_comment and not text:
                # in the decision's own word: an objection, a return, a send-back, a rejection
                raise UserError(step._decision_reason_prompt(step._negative_kind(state)))
            record = step.sudo()
            if lead_department:
                record.lead_department_id = lead_department
            # sudo: the guard above established the caller as this step's decider; the request's
            # workflow is then advanced on their behalf
            record._record_decision(state, text, attachments)
        self._on_step_decided(state)
        return True

    def _negative_kind(self, state):
        """The word of a refusal of this step: the PMO returns or rejects, the lead's head objects,
        the sponsor sends back."""
        self.ensure_one()
        if state == "rejected":
            return "reject"
        return {"pmo_review": "return", "lead_confirmation": "object"}.get(self.step, "send_back")

    def _on_step_decided(self, state):
        """The step's outcome: a refusal ends the round at once, an approval when nobody else of the
        round (added approvers) is still pending."""
        for step in self:
            # the round: the step and the approvers added to it (its chain)
            members = step._decision_chain_members() if step.decision_chain else step.sudo()
            if state == "approved":
                step._collab_apply_mode(members)
            pending = members.filtered(lambda s: s._is_pending())
            if state == "approved" and pending:
                continue
            pending._supersede_pending()
            # sudo: the caller is this step's decider (checked in _decide), who may hold it from
            # outside the request's departments (transfer, delegation); the request's transition
            # logs the caller as its author
            step.request_id.sudo()._on_decision(step, state)

    def _collab_apply_mode(self, members):
        """A step of the flow decided by several people: any one of them, a minimum number, or all
        (the round then waits for every one). Enough approvals close the others' decisions; the
        approvers added to the round (加签) still decide."""
        self.ensure_one()
        flow_step = self.sudo().flow_step_id
        if not flow_step or flow_step.mode == "all":
            return
        peers = members.filtered(lambda s: not s.added_by_id)
        needed = 1 if flow_step.mode == "any" else min(flow_step.minimum, len(peers))
        if len(peers.filtered(lambda s: s.state == "approved")) >= needed:
            peers.filtered(lambda s: s._is_pending())._supersede_pending()

    # ------------------------------------------------------------------------------------------
    # Public decisions (RPC and the step's form)
    # ------------------------------------------------------------------------------------------
    def _lead_department_arg(self, lead_department_id):
        department = self._collab_record_arg("hr.department", lead_department_id, _("The lead department"))
        for step in self:
            if step.step != "pmo_review":
                if department:
                    raise UserError(_("Only the PMO review chooses the lead department."))
                continue
            # sudo: the PMO's decider may be a coordinator of another company's view; only the
            # request's lead department and sponsor are checked
            request = step.sudo().request_id
            chosen = step.sudo()._decision_chain_members().lead_department_id if step.decision_chain else None
            if department and department not in request._collab_departments():
                raise UserError(
                    _(
                        "%(department)s is not one of the departments of %(request)s: the lead department is "
                        "chosen among the request's departments (the coordinator adds it to the request first).",
                        department=department.display_name,
                        request=request.display_name,
                    )
                )
            if not (department or request.lead_department_id or chosen):
                raise UserError(_("Choose the lead department of %(request)s.", request=request.display_name))
            if not request.sponsor_id:
                raise UserError(
                    _("Choose the sponsor of %(request)s before accepting it.", request=request.display_name)
                )
        return department

    def action_approve(self, comment=None, attachment_ids=None, lead_department_id=None):
        """Accept (PMO review, with the lead department), confirm (lead) or approve (sponsor)."""
        self._check_can_decide()
        department = self._lead_department_arg(lead_department_id)
        return self._decide("approved", comment, attachment_ids=attachment_ids, lead_department=department)

    def action_return(self, comment=None, attachment_ids=None):
        """Return to the initiator (PMO review), object (lead) or send back (sponsor): a comment is required."""
        return self._decide("returned", comment, require_comment=True, attachment_ids=attachment_ids)

    def action_reject(self, comment=None, attachment_ids=None):
        """Reject the request (PMO review only): a comment is required."""
        for step in self:
            if step.step != "pmo_review":
                raise UserError(_("Only the PMO review rejects a request; %(what)s cannot.", what=step.display_name))
        return self._decide("rejected", comment, require_comment=True, attachment_ids=attachment_ids)

    def _collab_decision_choices(self):
        """The lead's and the sponsor's decisions on their activity; the PMO review returns or
        rejects there, but accepting names the lead department and the sponsor, which takes the
        request's own dialog ("Open Details")."""
        self.ensure_one()

        def comment(kind):
            return self._decision_reason_input(kind, "comment", _("Comment"))

        if self.step == "pmo_review":
            return [
                self._decision_choice("return", "action_return", _("Return"), "warning", [comment("return")]),
                self._decision_choice("reject", "action_reject", _("Reject"), "danger", [comment("reject")]),
            ]
        labels = {
            "lead_confirmation": (_("Confirm"), _("Object")),
            "sponsor_approval": (_("Approve"), _("Send Back")),
            "extra_review": (_("Approve"), _("Send Back")),
        }
        approve, send_back = labels[self.step]
        return [
            self._decision_choice("approve", "action_approve", approve, "success"),
            self._decision_choice(
                "return", "action_return", send_back, "warning", [comment(self._negative_kind("returned"))]
            ),
        ]

    def action_open_accept_dialog(self):
        """Accept from the step's form: the request's dialog asks for the lead department."""
        self._collab_records_arg(self)
        self._check_can_decide()
        # the comment typed on this form (the button saved it) is the acceptance's reason
        return self.request_id.with_context(
            collab_action="accept", collab_typed_reason=self.comment
        ).action_open_reason_wizard()

    def action_open_request(self):
        self._collab_records_arg(self)
        return self._collab_form_action(self.request_id)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        """The steps are the request's audit trail."""
        if not self.env.su:
            raise UserError(_("The decisions of a request are kept as its history; they cannot be deleted."))
