import base64
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, format_date, format_datetime

from .collab_reminder_engine import ReminderRule
from .collab_request_revision import render_changes_html, revision_changes, revision_snapshot
from .collab_workflow_guard import text_to_html

OPEN_STATES = (
    "draft",
    "submitted",
    "lead_confirmation",
    "department_review",
    "second_coordination",
    "sponsor_approval",
)
REVIEW_STATES = ("department_review", "second_coordination")
# under review: the initiator may withdraw it, the initiator or the coordinator may urge its deciders
UNDER_REVIEW_STATES = OPEN_STATES[1:]
# the request's own stages, decided on the request (department reviews are decided on approvals)
STAGE_STATES = ("submitted", "lead_confirmation", "second_coordination", "sponsor_approval")
END_STATES = ("closed", "rejected", "cancelled")
# refusals that send the request back to an earlier stage, shown at its top while it waits there
SENT_BACK_ACTIONS = ("object", "sponsor_return", "return")
# what second coordination may revise before the department review restarts (the asks edit with
# their request: a change to an ask counts as a change to line_ids)
REVISABLE_FIELDS = ("line_ids", "date_expected", "scope", "involved_department_ids")


class CollabRequest(models.Model):
    _name = "collab.request"
    _description = "Collaboration Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.workflow.guard"]
    _order = "priority_rank, date_request desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"  # whoever may read the request may discuss it in the chatter

    # the workflow guard: these change only through the action_* methods
    _collab_max_lengths = {"title": 200}
    _collab_workflow_fields = (
        "state",
        "name",
        "review_round",
        "approval_ids",
        "decision_ids",
        "project_id",
        "date_submitted",
        "date_stage",
        "stage_deadline",
        "date_approved",
        "date_retrospective_due",
        "retrospective_ids",
        "priority_rank",
        "cc_read_user_ids",
        "waiting_on_ids",
        "waiting_since",
        "review_snapshot",
    )
    # who decides or answers for the request: the coordinator's choice (checked below)
    _collab_coordinator_fields = ("initiator_id", "sponsor_id", "lead_department_id", "company_id")
    _collab_edit_states = ("draft", "second_coordination")

    name = fields.Char("Number", default="/", copy=False, readonly=True, index="trigram", tracking=True)
    title = fields.Char(required=True, tracking=True)
    request_type = fields.Selection(
        [
            ("project", "Project collaboration"),
            ("resource", "Resource request"),
            ("problem", "Problem coordination"),
            ("process", "Process optimisation"),
        ],
        string="Type",
        required=True,
        default="project",
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    initiator_id = fields.Many2one(
        "res.users", string="Initiator", required=True, default=lambda self: self.env.user, tracking=True, index=True
    )
    initiating_department_id = fields.Many2one(
        "hr.department",
        string="Initiating Department",
        default=lambda self: self.env.user.employee_id.department_id,
        tracking=True,
        index=True,
        check_company=True,
    )
    contact = fields.Char(help="Phone, extension or other way to reach the initiator.")
    date_request = fields.Date(
        "Raised On", default=lambda self: self.env.company.collab_today(), required=True, copy=False
    )
    involved_department_ids = fields.Many2many(
        "hr.department",
        "collab_request_involved_department_rel",
        "request_id",
        "department_id",
        string="Involved Departments",
        check_company=True,
    )
    line_ids = fields.One2many("collab.request.line", "request_id", string="Department Asks", copy=True)
    background = fields.Text(help="Why this collaboration is needed.")
    goal = fields.Text(help='The measurable target, e.g. "Q3 sales 100,000 units, brand awareness +20%".')
    scope = fields.Text()
    currency_id = fields.Many2one(related="company_id.currency_id")
    resource_budget = fields.Monetary("Budget", currency_field="currency_id")
    resource_headcount = fields.Integer("Headcount")
    resource_other = fields.Text("Other Resources")
    date_expected = fields.Date("Expected Completion", tracking=True)
    priority = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")], default="medium", required=True, tracking=True
    )
    priority_rank = fields.Integer(compute="_compute_priority_rank", store=True)
    lead_department_id = fields.Many2one(
        "hr.department", string="Lead Department", tracking=True, check_company=True, index=True
    )
    sponsor_id = fields.Many2one(
        "res.users",
        string="Sponsor",
        tracking=True,
        index=True,
        default=lambda self: self.env.company.collab_default_sponsor_id,
        domain=lambda self: [("groups_id", "in", self.env.ref("cross_dept_collab.group_collab_sponsor").id)],
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "PMO Review"),
            ("lead_confirmation", "Lead Confirmation"),
            ("department_review", "Department Review"),
            ("second_coordination", "Second Coordination"),
            ("sponsor_approval", "Sponsor Approval"),
            ("approved", "Approved"),
            ("in_progress", "In Progress"),
            ("accepted", "Accepted"),
            ("closed", "Closed"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    review_round = fields.Integer("Review Round", default=0, copy=False, readonly=True)
    approval_ids = fields.One2many("collab.approval", "request_id", string="Department Reviews", copy=False)
    current_approval_ids = fields.One2many(
        "collab.approval", compute="_compute_current_approval_ids", string="Current Round"
    )
    decision_ids = fields.One2many("collab.request.decision", "request_id", string="Decision Log", copy=False)
    project_id = fields.Many2one("project.project", string="Project", copy=False, readonly=True, index="btree_not_null")
    # what stands between the project and the request's acceptance (deliverables not accepted, open tasks)
    collab_remaining_work = fields.Text("Remaining Work", related="project_id.collab_remaining_work")
    collab_remaining_count = fields.Integer("Remaining Tasks", related="project_id.collab_remaining_count")

    # deadlines of the stages the request itself waits in (department reviews live on approvals)
    date_submitted = fields.Datetime("Submitted On", copy=False, readonly=True)
    date_stage = fields.Datetime("In Stage Since", copy=False, readonly=True)
    stage_deadline = fields.Datetime("Stage Deadline", copy=False, readonly=True, index=True)
    date_approved = fields.Datetime("Approved On", copy=False, readonly=True)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    retrospective_ids = fields.One2many("collab.retrospective", "request_id", string="Retrospectives", copy=False)
    date_retrospective_due = fields.Date(
        "Retrospective Due",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="5 working days after every deliverable passed.",
    )
    # the archived dossier holds minutes, changes and progress of the project: only those who may
    # read all of it (coordinator, sponsor) read the stored copy; others print it for themselves.
    # Kept in the row, not as an ir.attachment: an attachment can be fetched by id by any internal
    # user who may read the request, whatever the field's groups
    dossier_pdf = fields.Binary(
        "Archived Dossier",
        attachment=False,
        copy=False,
        readonly=True,
        groups="cross_dept_collab.group_collab_coordinator,cross_dept_collab.group_collab_sponsor",
    )
    dossier_filename = fields.Char(copy=False, readonly=True)
    suggested_lesson_ids = fields.Many2many(
        "collab.lesson",
        compute="_compute_suggested_lesson_ids",
        string="Lessons from Earlier Requests",
        help="Lessons of earlier requests of the same type that shared a department with this one.",
    )

    # 抄送: people kept informed (read only), notified at submit, each stage change and the end
    cc_user_ids = fields.Many2many(
        "res.users",
        "collab_request_cc_user_rel",
        "request_id",
        "user_id",
        string="CC",
        domain=lambda self: [("groups_id", "in", self.env.ref("cross_dept_collab.group_collab_user").id)],
        help="Kept informed: they may read the request (not decide) and are notified at submit, at each "
        "stage change and at the end. The initiator sets them while drafting, the coordinator while it is open.",
    )
    cc_read_user_ids = fields.Many2many(
        "res.users",
        "collab_request_cc_read_rel",
        "request_id",
        "user_id",
        string="CC Read By",
        copy=False,
        readonly=True,
    )
    is_cc_unread = fields.Boolean("Unread (CC)", compute="_compute_is_cc_unread", search="_search_is_cc_unread")
    # 卡在谁: who the request waits for, since when
    waiting_on_ids = fields.Many2many(
        "res.users",
        "collab_request_waiting_user_rel",
        "request_id",
        "user_id",
        string="Waiting On",
        compute="_compute_waiting_on",
        store=True,
        copy=False,
    )
    waiting_since = fields.Datetime(compute="_compute_waiting_on", store=True, copy=False)
    waiting_label = fields.Char("Waiting", compute="_compute_waiting_label")
    urge_ids = fields.One2many("collab.request.urge", "request_id", string="Urges", copy=False)
    # what the departments were asked when the current review round opened (second coordination
    # logs what it revised against it)
    review_snapshot = fields.Json(copy=False, readonly=True)
    # 加签 across rounds: approvers added in a round are asked again in the next one (after a
    # withdrawal, a return or second coordination) unless the initiator unticks this
    reask_added_approvers = fields.Boolean(
        "Ask Added Approvers Again",
        default=True,
        help="Approvers a department added in the last round are asked again, in the same place, when the "
        "departments review the request again.",
    )
    previous_added_approver_ids = fields.Many2many(
        "res.users",
        string="Added in the Last Round",
        compute="_compute_previous_added_approver_ids",
        compute_sudo=True,
    )
    # the refusal that sent the request back to where it waits (the lead's objection back at the
    # PMO, the sponsor's send-back in second coordination, the PMO's return to the initiator):
    # shown at the top of the request, not only in the log
    sent_back_decision_id = fields.Many2one(
        "collab.request.decision", string="Sent Back", compute="_compute_sent_back", compute_sudo=True
    )
    sent_back_label = fields.Char(compute="_compute_sent_back", compute_sudo=True)
    sent_back_user_id = fields.Many2one(
        "res.users", string="Sent Back By", compute="_compute_sent_back", compute_sudo=True
    )
    sent_back_date = fields.Datetime("Sent Back On", compute="_compute_sent_back", compute_sudo=True)
    sent_back_reason = fields.Text("Why", compute="_compute_sent_back", compute_sudo=True)
    can_revise = fields.Boolean(compute="_compute_can_revise")

    can_review = fields.Boolean(compute="_compute_can")
    can_confirm_lead = fields.Boolean(compute="_compute_can")
    can_sponsor_approve = fields.Boolean(compute="_compute_can")
    can_submit = fields.Boolean(compute="_compute_can")
    can_cancel = fields.Boolean(compute="_compute_can")
    can_close = fields.Boolean(compute="_compute_can")
    can_withdraw = fields.Boolean(compute="_compute_can")
    can_urge = fields.Boolean(compute="_compute_can")

    _sql_constraints = [
        ("headcount_positive", "CHECK(resource_headcount >= 0)", "The headcount cannot be negative."),
        ("budget_positive", "CHECK(resource_budget >= 0)", "The budget cannot be negative."),
    ]

    def init(self):
        # Numbers are unique once given; drafts all share the placeholder "/".
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS collab_request_number_unique "
                "ON collab_request (company_id, name) WHERE name != '/'"
            )
        )

    # ------------------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------------------
    @api.depends("priority")
    def _compute_priority_rank(self):
        ranks = {"high": 0, "medium": 1, "low": 2}
        for request in self:
            request.priority_rank = ranks.get(request.priority, 1)

    @api.depends("approval_ids.round", "review_round")
    def _compute_current_approval_ids(self):
        for request in self:
            request.current_approval_ids = request.approval_ids.filtered(lambda a, r=request: a.round == r.review_round)

    @api.depends("stage_deadline", "state", "approval_ids.state", "approval_ids.deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for request in self:
            # the same test as _search_is_overdue, so the "Overdue" filter agrees with the form
            waiting = request.state in ("submitted", "lead_confirmation", "sponsor_approval")
            request.is_overdue = bool(waiting and request.stage_deadline and request.stage_deadline < now) or (
                request.state == "department_review"
                and any(a.state == "pending" and a.deadline and a.deadline < now for a in request.approval_ids)
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue requests."))
        now = fields.Datetime.now()
        domain = [
            "|",
            "&",
            ("state", "in", ("submitted", "lead_confirmation", "sponsor_approval")),
            ("stage_deadline", "<", now),
            "&",
            ("state", "=", "department_review"),
            ("approval_ids", "any", [("state", "=", "pending"), ("deadline", "<", now)]),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends_context("uid")
    @api.depends("state", "lead_department_id", "sponsor_id", "initiator_id", "step_ids.state", "step_ids.user_id")
    def _compute_can(self):
        user = self.env.user
        is_coordinator = user.has_group("cross_dept_collab.group_collab_coordinator")
        for request in self:
            # the request's own decisions: whoever may decide its pending step (collab.request.step)
            may_step = request.state in ("submitted", "lead_confirmation", "sponsor_approval") and bool(
                request._step_to_decide(ensure=False).filtered(lambda s: s._user_may_decide(user))
            )
            request.can_review = (
                may_step
                if request.state == "submitted"
                else (is_coordinator and request.state == "second_coordination")
            )
            request.can_confirm_lead = request.state == "lead_confirmation" and may_step
            request.can_sponsor_approve = request.state == "sponsor_approval" and may_step
            request.can_submit = request.state == "draft" and (user == request.initiator_id or is_coordinator)
            request.can_cancel = request.state in OPEN_STATES and (user == request.initiator_id or is_coordinator)
            request.can_close = is_coordinator and request.state == "accepted"
            request.can_withdraw = request.state in UNDER_REVIEW_STATES and user == request.initiator_id
            request.can_urge = request.state in UNDER_REVIEW_STATES and (user == request.initiator_id or is_coordinator)

    @api.depends_context("uid")
    @api.depends("state", "initiator_id")
    def _compute_can_revise(self):
        for request in self:
            request.can_revise = request.state == "second_coordination" and request._may_revise(self.env.user)

    def _may_revise(self, user):
        """Second coordination is revised by the coordinator and the initiator."""
        self.ensure_one()
        return self.env.su or user == self.initiator_id or user.has_group("cross_dept_collab.group_collab_coordinator")

    @api.depends_context("uid")
    @api.depends("cc_user_ids", "cc_read_user_ids")
    def _compute_is_cc_unread(self):
        user = self.env.user
        for request in self:
            request.is_cc_unread = user in request.cc_user_ids and user not in request.cc_read_user_ids

    def _search_is_cc_unread(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on unread requests."))
        domain = ["&", ("cc_user_ids", "in", self.env.uid), ("cc_read_user_ids", "not in", self.env.uid)]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends(
        "state",
        "date_stage",
        "sponsor_id",
        "lead_department_id.manager_id.user_id",
        "company_id.collab_coordinator_id",
        "review_round",
        "approval_ids.state",
        "approval_ids.approver_id",
        "approval_ids.round",
        "step_ids.state",
        "step_ids.user_id",
    )
    def _compute_waiting_on(self):
        for request in self:
            users = request._current_deciders()
            request.waiting_on_ids = users
            request.waiting_since = request.date_stage if users else False

    def _current_deciders(self):
        """The users the request waits for now: the stage's decider, or the pending reviewers."""
        self.ensure_one()
        if self.state == "department_review":
            return self.approval_ids.filtered(
                lambda a: a.state == "pending" and a.round == self.review_round
            ).approver_id
        if self.state in ("submitted", "lead_confirmation", "sponsor_approval"):
            # the pending step records, those not waiting for an added approver
            steps = self.sudo()._current_steps()
            ready = steps.filtered(lambda s: not s._decision_blockers())
            return self.env["res.users"].union(*(step._decider() for step in ready)).with_env(self.env)
        if self.state in STAGE_STATES:
            return self._stage_decider()
        return self.env["res.users"]

    @api.depends_context("lang")
    @api.depends("waiting_on_ids", "waiting_since")
    def _compute_waiting_label(self):
        now = fields.Datetime.now()
        for request in self:
            if not request.waiting_on_ids:
                request.waiting_label = False
                continue
            hours = int((now - request.waiting_since).total_seconds() // 3600) if request.waiting_since else 0
            request.waiting_label = self.env._(
                "Waiting for %(names)s · %(hours)s h",
                names=", ".join(request.waiting_on_ids.mapped("name")),
                hours=max(hours, 0),
            )

    @api.depends("name", "title")
    def _compute_display_name(self):
        for request in self:
            request.display_name = f"{request.name} {request.title}" if request.name != "/" else request.title

    @api.model
    def _search_display_name(self, operator, value):
        if operator in ("ilike", "not ilike", "=", "!=") and value:
            domain = ["|", ("name", operator, value), ("title", operator, value)]
            return domain if operator in ("ilike", "=") else ["!", *domain]
        return super()._search_display_name(operator, value)

    # ------------------------------------------------------------------------------------------
    # Constraints and ORM
    # ------------------------------------------------------------------------------------------
    @api.constrains("date_expected", "date_request")
    def _check_dates(self):
        for request in self:
            if request.date_expected and request.date_request and request.date_expected < request.date_request:
                raise ValidationError(
                    _(
                        "The expected completion date of %(request)s is before the date it was raised.",
                        request=request.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        """A request that was ever submitted has an audit trail: it is cancelled, never deleted."""
        audited = self.filtered(lambda r: r.state != "draft" or r.decision_ids or r.name != "/")
        if audited:
            raise UserError(
                _(
                    "%(request)s has been submitted and keeps its decision log: cancel it instead of deleting it.",
                    request=audited[0].display_name,
                )
            )

    # ------------------------------------------------------------------------------------------
    # Workflow guard hooks
    # ------------------------------------------------------------------------------------------
    def _collab_editable_states(self):
        if self._collab_is_coordinator():
            return ("draft", "submitted", "second_coordination")
        return self._collab_edit_states

    def _collab_check_editable(self, fnames=None):
        """In second coordination only the coordinator and the initiator revise, and only what the
        departments are asked (REVISABLE_FIELDS); ``fnames`` is "request_id" when an ask is edited."""
        super()._collab_check_editable(fnames)
        revising = self.filtered(lambda r: r.state == "second_coordination")
        if self.env.su or not revising:
            return
        edited = ["line_ids"] if isinstance(fnames, str) else list(fnames or ())
        for request in revising:
            if not request._may_revise(self.env.user):
                raise AccessError(
                    _(
                        "Only the coordinator or the initiator can revise %(request)s in second coordination.",
                        request=request.display_name,
                    )
                )
        locked = [fname for fname in edited if fname not in REVISABLE_FIELDS]
        if locked:
            raise UserError(
                _(
                    "In second coordination only the asks, their dates, the expected completion date, the scope "
                    "and the involved departments can be revised, not %(fields)s.",
                    fields=self._collab_field_labels(locked),
                )
            )

    def _collab_check_create_values(self, vals):
        if self._collab_is_coordinator():
            return
        defaults = {
            "initiator_id": self.env.uid,
            "sponsor_id": self.env.company.collab_default_sponsor_id.id,
            "company_id": vals.get("company_id"),
        }
        chosen = [f for f in self._collab_coordinator_fields if vals.get(f) and vals[f] != defaults.get(f)]
        if chosen:
            self._collab_require_coordinator(chosen)

    def _collab_check_write_values(self, vals):
        result = super()._collab_check_write_values(vals)
        if "cc_user_ids" in vals:
            self._collab_check_cc_editable()
        return result

    def _collab_is_free(self, fname):
        # who is CC'd follows its own rule (_collab_check_cc_editable), not the editable states
        return fname == "cc_user_ids" or super()._collab_is_free(fname)

    def _collab_check_cc_editable(self):
        """The initiator sets the CC while drafting; the coordinator while the request is open."""
        if self.env.su:
            return
        is_coordinator = self._collab_is_coordinator()
        for request in self:
            if is_coordinator and request.state in OPEN_STATES:
                continue
            if not is_coordinator and request.initiator_id == self.env.user and request.state == "draft":
                continue
            if request.state not in OPEN_STATES:
                raise UserError(
                    _(
                        "%(request)s is %(state)s: who is CC'd can no longer change.",
                        request=request.display_name,
                        state=request._state_label(),
                    )
                )
            raise AccessError(
                _(
                    "Only the initiator (while drafting) or the coordinator (while it is open) can change who "
                    "is CC'd on %(request)s.",
                    request=request.display_name,
                )
            )

    def _state_label(self, state=None):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(state or self.state, state)

    def write(self, vals):
        before = {request: request.cc_user_ids for request in self} if "cc_user_ids" in vals else None
        result = super().write(vals)
        if before is not None:
            self._log_cc_changes(before)
        return result

    def _log_cc_changes(self, before):
        """Who was added to or removed from the CC: in the chatter, and in the decision log once submitted."""
        logged = self.env["collab.request"]
        for request, old in before.items():
            added, removed = request.cc_user_ids - old, old - request.cc_user_ids
            if not added and not removed:
                continue
            parts = []
            if added:
                parts.append(_("CC added: %(users)s", users=", ".join(added.mapped("name"))))
            if removed:
                parts.append(_("CC removed: %(users)s", users=", ".join(removed.mapped("name"))))
            text = "; ".join(parts)
            if request.state == "draft":
                # a draft has no decision log yet (and stays deletable): the chatter keeps it
                request.message_post(body=text_to_html(text), subtype_xmlid="mail.mt_note")
            else:
                request._log_operation("cc", text)
            logged |= request
        return logged

    @api.constrains("cc_user_ids", "company_id")
    def _check_cc_users(self):
        """CC'd: active internal collaboration users of the request's company (the one check of
        who may act on a record, without the initiator rule: being CC'd decides nothing)."""
        responsibility = self._responsibility()
        for request in self:
            responsibility.check_deciders(
                request.cc_user_ids,
                request.company_id,
                self.env._("CC'd on %(request)s", request=request.display_name),
                exception=ValidationError,
            )

    @api.constrains("sponsor_id")
    def _check_sponsor_is_sponsor(self):
        for request in self.filtered("sponsor_id"):
            if not request.sponsor_id.has_group("cross_dept_collab.group_collab_sponsor"):
                raise ValidationError(
                    _("%(user)s is not a sponsor and cannot approve requests.", user=request.sponsor_id.name)
                )

    # ------------------------------------------------------------------------------------------
    # Guards (one per role)
    # ------------------------------------------------------------------------------------------
    def _responsibility(self):
        return self.env["collab.responsibility"]

    def _check_state(self, states, action):
        for request in self:
            if request.state not in states:
                state_label = dict(self._fields["state"]._description_selection(self.env))[request.state]
                raise UserError(
                    _(
                        "%(request)s cannot be %(action)s while it is in state %(state)s.",
                        request=request.display_name,
                        action=action,
                        state=state_label,
                    )
                )

    def _check_coordinator(self):
        if not (self.env.su or self.env.user.has_group("cross_dept_collab.group_collab_coordinator")):
            raise AccessError(_("Only the collaboration coordinator (PMO) can do this."))

    def _check_initiator_or_coordinator(self):
        if self.env.su or self.env.user.has_group("cross_dept_collab.group_collab_coordinator"):
            return
        for request in self:
            if request.initiator_id != self.env.user:
                raise AccessError(
                    _("Only the initiator of %(request)s or the coordinator can do this.", request=request.display_name)
                )

    def _require_reason(self, reason, action):
        reason = self._collab_text_arg(reason, _("The reason"))
        if not reason:
            raise UserError(_("Please give a reason to %(action)s.", action=action))
        return reason

    # ------------------------------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------------------------------
    def _transition(self, state, action, reason=None, deadline_hours=None, values=None):
        """Move to ``state``, log the decision and post it; the caller has run the guards.

        The write is done as superuser: the guard has established the caller's authority for this
        transition, while the record rules on requests govern editing their content.
        ``deadline_hours`` names the company setting holding the stage's hours (each request's own
        company, counted by ``collab_sla_deadline``).
        """
        now = fields.Datetime.now()
        vals = {"state": state, "date_stage": now, **(values or {})}
        for company, requests in self.grouped("company_id").items():
            deadline = deadline_hours and company.collab_sla_deadline(now, company[deadline_hours], rule="decision")
            requests.sudo().write({**vals, "stage_deadline": deadline or False})
        # the state is written: the log line records it like any other operation
        self._log_operation(action, reason)
        self._notify_cc(action, reason)

    def _get_submit_problems(self):
        """Everything that keeps the request from being submitted, in one list."""
        self.ensure_one()
        problems = []
        required = {
            "title": _("Title"),
            "request_type": _("Type"),
            "initiating_department_id": _("Initiating department"),
            "background": _("Background"),
            "goal": _("Goal"),
            "scope": _("Scope"),
            "date_expected": _("Expected completion date"),
            "priority": _("Priority"),
        }
        problems += [_("%(field)s is missing.", field=label) for fname, label in required.items() if not self[fname]]
        others = self.involved_department_ids - self.initiating_department_id
        if not others:
            problems.append(_("Involve at least one department other than the initiating department."))
        asked = self.line_ids.filtered(lambda line: (line.description or "").strip()).department_id
        problems += [
            _("Add at least one concrete ask for %(department)s.", department=department.name)
            for department in self.involved_department_ids - asked
        ]
        problems += [
            _(
                "The ask for %(department)s is for a department that is not involved.",
                department=line.department_id.name,
            )
            for line in self.line_ids
            if line.department_id not in self.involved_department_ids
        ]
        today = self._collab_today()
        if self.date_expected and self.date_expected <= today:
            problems.append(_("The expected completion date must be in the future."))
        problems += [
            _("The due date of the ask for %(department)s is in the past.", department=line.department_id.name)
            for line in self.line_ids
            if line.date_due and line.date_due < today
        ]
        return problems

    def action_submit(self, cc_user_ids=None):
        """Submit; ``cc_user_ids`` (a list of user ids) sets who is CC'd at the same time."""
        self._check_state(("draft",), _("submitted"))
        self._check_initiator_or_coordinator()
        if cc_user_ids is not None and cc_user_ids is not False:
            if not isinstance(cc_user_ids, list | tuple):
                raise UserError(_("%(argument)s must be a list of user ids.", argument=_("CC")))
            users = self.env["res.users"]
            for user_id in cc_user_ids:
                users |= self._collab_record_arg("res.users", user_id, _("CC"))
            self.write({"cc_user_ids": [Command.set(users.ids)]})
        self._collab_check_problems(
            lambda request: request._get_submit_problems(),
            lambda request: self.env._("%(request)s cannot be submitted yet:", request=request.display_name),
        )
        for request in self.filtered(lambda r: r.name == "/"):
            request.sudo().name = request._next_number()
        # a resubmission after a department round (withdrawn or returned): what changed since the
        # departments last saw it goes on the submit's log line ("Changes") and to their next round
        revised = {
            request: revision_changes(request.review_snapshot, revision_snapshot(request))
            for request in self.filtered("review_snapshot")
        }
        hours = "collab_review_hours"
        self._transition("submitted", "submit", deadline_hours=hours, values={"date_submitted": fields.Datetime.now()})
        for request, changes in revised.items():
            request._log_revision(changes, "submit")
        self.env["collab.request.step"]._ask(self, "pmo_review")
        # a toast, then the form reloads in its new state (RPC callers get the same dict, no None in it)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Request submitted"),
                "message": _(
                    "%(requests)s sent to the PMO for review.", requests=", ".join(self.mapped("display_name"))
                ),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _next_number(self):
        """Next number of the month (XMBG-YYYYMM001), restarting every month.

        ``ir.sequence`` restarts numbers per date range; Odoo creates yearly ranges, so the month's
        range is created here. The sequence row is locked while doing so: a concurrent submit in
        the same new month waits and then fails to serialise, and Odoo retries it.
        """
        self.ensure_one()
        # sudo: numbering is a system service; requesters have no rights on ir.sequence.
        sequence = self.env.ref("cross_dept_collab.seq_collab_request").sudo()
        day = self._collab_today()
        Range = self.env["ir.sequence.date_range"].sudo()
        in_range = [("sequence_id", "=", sequence.id), ("date_from", "<=", day), ("date_to", ">=", day)]
        if not Range.search_count(in_range, limit=1):
            self.env.cr.execute(SQL("SELECT id FROM ir_sequence WHERE id = %s FOR NO KEY UPDATE", sequence.id))
            self.env.cr.execute(SQL("UPDATE ir_sequence SET write_date = now() WHERE id = %s", sequence.id))
            if not Range.search_count(in_range, limit=1):
                first = day.replace(day=1)
                Range.create(
                    {
                        "sequence_id": sequence.id,
                        "date_from": first,
                        "date_to": first + relativedelta(months=1, days=-1),
                        "number_next": 1,
                    }
                )
        return sequence.next_by_id(sequence_date=day)

    def action_return(self, reason=None):
        self._collab_records_arg(self, single=False)
        self._check_state(("submitted", "second_coordination"), _("returned"))
        # PMO review: the step decides (collab.request.step); second coordination: the coordinator
        coordination = self.filtered(lambda r: r.state == "second_coordination")
        for request in self - coordination:
            request._decide_step("returned", reason, _("return the request"))
        return coordination._return_from_coordination(reason) if coordination else True

    def _return_from_coordination(self, reason):
        self._check_coordinator()
        reason = self._require_reason(reason, _("return the request"))
        self.approval_ids._supersede_pending()
        self._close_stage_activities(reason)
        self._transition("draft", "return", reason=reason)
        self._ask_to_revise(reason)
        return True

    def action_reject(self, reason=None):
        self._collab_records_arg(self, single=False)
        self._check_state(("submitted", "lead_confirmation", "second_coordination"), _("rejected"))
        # PMO review: the step decides (collab.request.step); later stages: the coordinator
        later = self.filtered(lambda r: r.state != "submitted")
        for request in self - later:
            request._decide_step("rejected", reason, _("reject the request"))
        return later._reject_by_coordinator(reason) if later else True

    def _reject_by_coordinator(self, reason):
        self._check_coordinator()
        reason = self._require_reason(reason, _("reject the request"))
        self._remove_open_activities()
        self._transition("rejected", "reject", reason=reason)
        return True

    def action_accept(self, lead_department_id=None, reason=None):
        """PMO review: accept with the lead department (decides the caller's PMO review step);
        ``reason``: why this department leads (optional; the lead's head reads it)."""
        self._collab_records_arg(self, single=False)
        self._check_state(("submitted",), _("accepted"))
        for request in self:
            request._step_to_decide().action_approve(comment=reason, lead_department_id=lead_department_id)
        return True

    def action_confirm_lead(self):
        """Lead confirmation: the lead department's head (or who holds the step) confirms."""
        self._check_state(("lead_confirmation",), _("confirmed"))
        for request in self:
            request._decide_step("approved")
        return True

    def action_object(self, reason=None):
        self._collab_records_arg(self, single=False)
        self._check_state(("lead_confirmation",), _("objected to"))
        for request in self:
            request._decide_step("returned", reason, _("object"))
        return True

    def action_restart_review(self, reason=None):
        """Send the revised request back to the departments; ``reason``: the coordinator's comment
        to them (required). The decision log keeps what was revised since the previous round."""
        self._check_coordinator()
        self._check_state(("second_coordination",), _("sent back to department review"))
        reason = self._require_reason(reason, _("restart the department review"))
        self._collab_check_problems(
            lambda request: request._get_submit_problems(),
            lambda request: self.env._(
                "%(request)s cannot go back to the departments yet:", request=request.display_name
            ),
        )
        changes = {request: revision_changes(request.review_snapshot, revision_snapshot(request)) for request in self}
        self._close_stage_activities(reason)
        self._transition("department_review", "restart_review", reason=reason)
        for request, revised in changes.items():
            request._log_revision(revised)
        self._open_review_round()
        return True

    def _log_revision(self, changes, action="restart_review"):
        """Keep what was revised since the last round (second coordination, or a resubmission) on
        the log line of ``action`` just written, and in the chatter."""
        self.ensure_one()
        if not changes:
            return
        # sudo: the decision log is written by the workflow only
        self._last_log(action).sudo().changes = changes
        self.message_post(body=render_changes_html(self.env, changes), subtype_xmlid="mail.mt_note")

    @api.depends("approval_ids.added_by_id", "review_round")
    def _compute_previous_added_approver_ids(self):
        # compute_sudo: who was added is shown to whoever reads the request, not their decisions
        for request in self:
            added = request.approval_ids.filtered(lambda a, r=request: a.round == r.review_round and a.added_by_id)
            request.previous_added_approver_ids = added.approver_id

    @api.depends_context("lang")
    @api.depends("state", "decision_ids")
    def _compute_sent_back(self):
        # compute_sudo: the log's line is what whoever reads the request reads in its decision log
        actions = dict(self.env["collab.request.decision"]._fields["action"]._description_selection(self.env))
        for request in self:
            moves = request.decision_ids.filtered(lambda d: d.action not in ("urge", "cc"))[:1]
            latest = moves.filtered(lambda d, r=request: d.action in SENT_BACK_ACTIONS and d.state_to == r.state)
            request.sent_back_decision_id = latest
            request.sent_back_label = actions[latest.action] if latest else False
            request.sent_back_user_id = latest.user_id
            request.sent_back_date = latest.date
            request.sent_back_reason = latest.reason

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
        origin = self._last_log(("restart_review", "withdraw", "return"))
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
            lines = [template[restart.action]]
            # the resubmission's log line keeps what changed since the departments last saw it
            revision = self._last_log("submit")
        changes = revision.sudo()._render_changes()
        if changes:
            lines.append(self.env._("Changes since the previous round:"))
            lines += [f"- {change}" for change in changes]
        elif restart.action != "restart_review":
            lines.append(self.env._("Nothing the departments are asked has changed since the previous round."))
        again = self._reasked_note()
        if again:
            lines.append(again)
        return "\n".join(lines)

    def action_sponsor_approve(self):
        self._check_state(("sponsor_approval",), _("approved"))
        for request in self:
            request._decide_step("approved")
        return True

    def action_sponsor_return(self, reason=None):
        self._collab_records_arg(self, single=False)
        self._check_state(("sponsor_approval",), _("sent back"))
        for request in self:
            request._decide_step("returned", reason, _("send the request back"))
        return True

    def _decide_step(self, outcome, reason=None, action=None):
        """Decide the caller's pending step of the current stage (collab.request.step): the
        decider is checked first, then the reason a refusal needs."""
        self.ensure_one()
        step = self._step_to_decide()
        step._check_can_decide()
        if outcome == "approved":
            return step.action_approve()
        reason = self._require_reason(reason, action)
        return step.action_reject(reason) if outcome == "rejected" else step.action_return(reason)

    def action_cancel(self, reason=None):
        self._check_state(OPEN_STATES, _("cancelled"))
        self._check_initiator_or_coordinator()
        reason = self._require_reason(reason, _("cancel the request"))
        self._remove_open_activities()
        self._transition("cancelled", "cancel", reason=reason)
        return True

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
        return {
            "type": "ir.actions.act_window",
            "res_model": "collab.request",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_cc_mark_read(self):
        """Mark these requests read for the caller (only those the caller is CC'd on)."""
        mine = self.filtered(lambda r: self.env.user in r.cc_user_ids)
        # sudo: see action_cc_open
        mine.sudo().write({"cc_read_user_ids": [Command.link(self.env.uid)]})
        return True

    def action_withdraw(self, reason=None):
        """The initiator takes the request back to draft while it is under review (撤回)."""
        reason = self._collab_text_arg(reason, _("The reason"))
        self._check_state(UNDER_REVIEW_STATES, _("withdrawn"))
        for request in self:
            if not (self.env.su or request.initiator_id == self.env.user):
                raise AccessError(_("Only the initiator of %(request)s can withdraw it.", request=request.display_name))
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
        self.approval_ids._supersede_pending()
        self.step_ids._supersede_pending()
        # sudo: the stage's activity is assigned to its decider, not to the initiator
        self.sudo().activity_unlink(self._stage_activity_types())
        self._transition("draft", "withdraw", reason=reason)
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
        self._check_state(UNDER_REVIEW_STATES, _("urged"))
        self._check_initiator_or_coordinator()
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
        elif self.state in ("submitted", "lead_confirmation", "sponsor_approval"):
            steps = self.sudo()._current_steps().filtered(lambda s: s._decider() & users)
            # sudo: as for the reviews
            steps._decision_ask()
            activities = steps.activity_ids
        else:
            xmlid = self._stage_activity_xmlid()
            activity_type = self.env.ref(xmlid)
            activities = self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            for user in users - activities.user_id:
                self._schedule_stage_activity(xmlid, user)
            activities = self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        activities.filtered(lambda a: a.user_id in users and a.date_deadline > today).write({"date_deadline": today})

    def _stage_activity_xmlid(self):
        self.ensure_one()
        return {
            "lead_confirmation": "cross_dept_collab.mail_activity_type_collab_lead_confirmation",
            "sponsor_approval": "cross_dept_collab.mail_activity_type_collab_sponsor_approval",
        }.get(self.state, "cross_dept_collab.mail_activity_type_collab_review")

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
            deadline = company.collab_sla_deadline(now, company.collab_department_review_hours, rule="decision")
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

    def _on_approval_decided(self):
        """Called after a department decided: move on when the round is complete."""
        for request in self.filtered(lambda r: r.state in REVIEW_STATES):
            current = request.current_approval_ids
            if request.state == "department_review" and any(
                a.state in ("changes_requested", "rejected") for a in current
            ):
                request._transition("second_coordination", "open_second_coordination")
                request._schedule_stage_activity(
                    "cross_dept_collab.mail_activity_type_collab_review",
                    self._responsibility().coordinator(request.company_id),
                    summary=lambda env: env._("Second coordination: departments asked for changes"),
                )
            elif request.state == "department_review" and all(a.state == "approved" for a in current):
                request._transition(
                    "sponsor_approval",
                    "reviews_complete",
                    deadline_hours="collab_sponsor_approval_hours",
                )
                self.env["collab.request.step"]._ask(request, "sponsor_approval")

    # ------------------------------------------------------------------------------------------
    # Activities of the request's own stages
    # ------------------------------------------------------------------------------------------
    def _stage_activity_types(self):
        return [
            "cross_dept_collab.mail_activity_type_collab_review",
            "cross_dept_collab.mail_activity_type_collab_lead_confirmation",
            "cross_dept_collab.mail_activity_type_collab_sponsor_approval",
        ]

    def _schedule_stage_activity(self, activity_type, user, summary=None, fallback_for=None):
        """Ask ``user`` through an activity in their language; ``summary`` is a text or a callable
        ``summary(env)`` returning it in ``env``'s language."""
        user = user or self.env.user
        for request in self:
            # sudo: the activity is assigned to the next decider, whom the caller cannot write for;
            # its texts are the assignee's language, not the caller's
            local = request.sudo().with_context(lang=user.lang or "en_US")
            note = ""
            if fallback_for:
                note = local.env._(
                    "%(department)s has no manager: you decide as coordinator.", department=fallback_for.name
                )
            local.activity_schedule(
                activity_type,
                date_deadline=request._collab_today(request.stage_deadline or fields.Datetime.now()),
                summary=summary(local.env) if callable(summary) else summary,
                note=text_to_html(note) if note else "",
                user_id=user.id,
            )

    def _ask_to_revise(self, reason):
        """The initiator's to-do after a return, in the initiator's language."""
        for request in self:
            # sudo: the to-do is the initiator's, whoever returns the request
            local = request.sudo().with_context(lang=request.initiator_id.lang or "en_US")
            local.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=request._collab_today(),
                summary=local.env._("Revise and resubmit the request"),
                note=text_to_html(reason or ""),
                user_id=request.initiator_id.id,
            )

    def _close_stage_activities(self, feedback):
        # sudo: the decider closes the stage's activity even when it was assigned to a stand-in
        self.sudo().activity_feedback(self._stage_activity_types(), feedback=feedback)

    def _remove_open_activities(self):
        # sudo: withdrawing removes every open activity of the request, whoever it is assigned to
        self.sudo().activity_ids.unlink()
        self.approval_ids._supersede_pending()
        self.step_ids._supersede_pending()

    # ------------------------------------------------------------------------------------------
    # Project creation (立项)
    # ------------------------------------------------------------------------------------------
    def _project_description(self):
        self.ensure_one()
        parts = []
        for label, text in ((_("Goal"), self.goal), (_("Background"), self.background), (_("Scope"), self.scope)):
            if text:
                parts.append(Markup("<h3>%s</h3><p>%s</p>") % (label, text))
        return Markup("").join(parts)

    def _create_project(self):
        """Create the project, its team and one task per department ask."""
        self.ensure_one()
        departments = self.involved_department_ids | self.lead_department_id
        heads = self._responsibility().department_heads(departments)
        lead_head = heads[self.lead_department_id.id][0] if self.lead_department_id else self.env["res.users"]
        # the project starts on its approval day; Odoo's form wants both ends of the range or neither,
        # and an end that never precedes the start (the request may be approved after its wish date)
        today = self._collab_today()
        date_end = max(self.date_expected, today) if self.date_expected else False
        # sudo: the sponsor's approval is the authority to open the project; creating projects is
        # otherwise reserved to project administrators.
        project = (
            self.env["project.project"]
            .sudo()
            .create(
                {
                    "name": f"{self.name} {self.title}",
                    "company_id": self.company_id.id,
                    "user_id": lead_head.id,
                    "collab_request_id": self.id,
                    "lead_department_id": self.lead_department_id.id,
                    "collab_department_ids": [Command.set(departments.ids)],
                    "sponsor_id": self.sponsor_id.id,
                    "charter_goal": self.goal,
                    "charter_scope": self.scope,
                    "date_start": date_end and today,
                    "date": date_end,
                    "privacy_visibility": "followers",
                    "allow_task_dependencies": True,
                    "allow_milestones": True,
                    "member_ids": [
                        Command.create(
                            {
                                "department_id": department.id,
                                "role": "lead" if department == self.lead_department_id else "cooperating",
                                "liaison_id": heads[department.id][0].id,
                            }
                        )
                        for department in departments
                    ],
                }
            )
        )
        project._collab_translate_task_label()
        liaisons = {member.department_id.id: member.liaison_id for member in project.member_ids}
        self.env["project.task"].sudo().create(
            [
                {
                    "name": line._task_name(),
                    "description": Markup("<p>%s</p>") % line.description,
                    "project_id": project.id,
                    "collab_department_id": line.department_id.id,
                    "user_ids": [Command.set(liaisons[line.department_id.id].ids)],
                    "date_deadline": line.date_due,
                    # planned from today to the ask's due date (else the project's end): the first
                    # timeline shows every ask as a bar
                    "date_planned_start": (line.date_due or date_end) and today,
                    "date_planned_end": max(line.date_due, today) if line.date_due else date_end,
                }
                for line in self.line_ids
            ]
        )
        project.message_subscribe(partner_ids=(project.member_ids.liaison_id | self.sponsor_id).partner_id.ids)
        self.sudo().project_id = project
        self.message_post(
            body=_("Project %(project)s created.", project=project.name),
            subtype_xmlid="mail.mt_note",
        )
        return project

    def action_print_dossier(self):
        """The whole record of the request as one PDF (request, feedback, plan, follow-up …)."""
        action = self.env.ref("cross_dept_collab.action_report_collab_dossier").report_action(self, config=False)
        # XML-RPC cannot marshal None (``data`` is None): leave unset keys out, the client needs none
        return {key: value for key, value in action.items() if value is not None}

    def action_open_project(self):
        self._collab_records_arg(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "project.project",
            "res_id": self.project_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------------------------------
    # Reminder rules (section 1: overdue decisions are chased and escalated)
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
            lambda request: request._on_approval_decided(),
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

    # ------------------------------------------------------------------------------------------
    # Acceptance, retrospective and closing (sections 6 and 7)
    # ------------------------------------------------------------------------------------------
    @api.depends("request_type", "initiating_department_id", "involved_department_ids", "lead_department_id")
    def _compute_suggested_lesson_ids(self):
        Lesson = self.env["collab.lesson"]
        for request in self:
            departments = (
                request.initiating_department_id | request.involved_department_ids | request.lead_department_id
            )
            if not departments:
                request.suggested_lesson_ids = False
                continue
            domain = [("request_type", "=", request.request_type), ("department_ids", "in", departments.ids)]
            if request.id:
                domain.append(("request_id", "!=", request.id))
            request.suggested_lesson_ids = Lesson.search(domain, limit=20)

    def _on_deliverables_accepted(self):
        """Every deliverable passed: accepted, and the lead department's head is asked for the
        retrospective within 5 working days (company calendar)."""
        for request in self.filtered(lambda r: r.state in ("approved", "in_progress")):
            project = request.project_id
            moment = request.company_id.collab_sla_deadline(fields.Datetime.now(), 5 * 24, rule="working_days")
            due = request._collab_today(moment)
            request._transition("accepted", "accepted", values={"date_retrospective_due": due})
            head = self._responsibility().department_head(request.lead_department_id)
            participants = project.member_ids.liaison_id | head | project.user_id
            # sudo: the acceptor who passed the last deliverable opens the retrospective for the lead department
            retrospective = (
                self.env["collab.retrospective"]
                .sudo()
                .create(
                    {
                        "request_id": request.id,
                        "project_id": project.id,
                        "date": due,
                        "lead_department_id": request.lead_department_id.id,
                        "department_ids": [
                            Command.set((request.involved_department_ids | request.lead_department_id).ids)
                        ],
                        "goal": request.goal,
                        "participant_ids": [Command.set(participants.ids)],
                    }
                )
            )
            if head:
                retrospective._collab_activity_for(
                    head, "cross_dept_collab.mail_activity_type_collab_retrospective", date_deadline=due
                )

    def action_close(self):
        self._check_coordinator()
        self._check_state(("accepted",), _("closed"))
        for request in self:
            if not request.retrospective_ids.filtered(lambda r: r.state == "done"):
                raise UserError(
                    _("%(request)s cannot be closed before its retrospective is done.", request=request.display_name)
                )
        self._transition("closed", "close")
        self._archive_dossier()
        return True

    def _archive_dossier(self):
        """Store the PDF dossier of each closed request (once), readable by the coordinator and
        the sponsor only (the ``dossier_pdf`` field's groups)."""
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier")
        # sudo: the archive is written by the workflow; the field is restricted to its readers
        for request in self.sudo().filtered(lambda r: not r.dossier_pdf):
            # the archive is the company's record: in its language, whoever closes (a fresh
            # print renders for its reader)
            pdf, kind = report.with_context(collab_dossier_lang=request.company_id._collab_lang())._render_qweb_pdf(
                report.report_name, request.ids
            )
            if kind == "pdf":
                request.write({"dossier_pdf": base64.b64encode(pdf), "dossier_filename": f"Dossier {request.name}.pdf"})
        return True

    def action_open_retrospective(self):
        self._collab_records_arg(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "collab.retrospective",
            "view_mode": "form",
            "res_id": self.retrospective_ids[:1].id,
            "context": {"default_request_id": self.id, "default_project_id": self.project_id.id},
        }
