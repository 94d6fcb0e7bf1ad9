from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .collab_workflow_guard import text_to_html

OPEN_STATES = (
    "draft",
    "submitted",
    "lead_confirmation",
    "department_review",
    "second_coordination",
    "extra_review",
    "sponsor_approval",
)
REVIEW_STATES = ("department_review", "second_coordination")
# under review: the initiator may withdraw it, the initiator or the coordinator may urge its deciders
UNDER_REVIEW_STATES = OPEN_STATES[1:]
# the request's own stages, decided on the request (department reviews are decided on approvals)
STAGE_STATES = ("submitted", "lead_confirmation", "second_coordination", "extra_review", "sponsor_approval")
# the stages decided by the request's own step records (collab.request.step: STEP_OF_STATE)
STEP_STATES = ("submitted", "lead_confirmation", "extra_review", "sponsor_approval")
END_STATES = ("closed", "rejected", "cancelled")
# refusals that send the request back to an earlier stage, shown at its top while it waits there
SENT_BACK_ACTIONS = ("object", "sponsor_return", "return", "return_to")
# what second coordination may revise before the department review restarts (the asks edit with
# their request: a change to an ask counts as a change to line_ids)
REVISABLE_FIELDS = ("line_ids", "date_expected", "scope", "involved_department_ids")


# the kinds of request (需求类型), also the kinds of project template
REQUEST_TYPES = [
    ("project", "Project collaboration"),
    ("resource", "Resource request"),
    ("problem", "Problem coordination"),
    ("process", "Process optimisation"),
]


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
        "flow_version_id",
        "flow_path",
        "flow_position",
        "flow_return_from",
    )
    # who decides or answers for the request: the coordinator's choice (checked below)
    _collab_coordinator_fields = ("initiator_id", "sponsor_id", "lead_department_id", "company_id")
    _collab_edit_states = ("draft", "second_coordination")

    name = fields.Char("Number", default="/", copy=False, readonly=True, index="trigram", tracking=True)
    title = fields.Char(required=True, tracking=True)
    request_type = fields.Selection(
        REQUEST_TYPES,
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
            ("extra_review", "Extra Review"),
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
    step_ids = fields.One2many("collab.request.step", "request_id", string="Stage Decisions", copy=False)
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
            waiting = request.state in STEP_STATES
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
            ("state", "in", STEP_STATES),
            ("stage_deadline", "<", now),
            "&",
            ("state", "=", "department_review"),
            ("approval_ids", "any", [("state", "=", "pending"), ("deadline", "<", now)]),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

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
        if self.state in STEP_STATES:
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
        self._collab_check_intake_choice(
            lambda request, state: self.env._(
                "%(request)s is %(state)s: who is CC'd can no longer change.", request=request, state=state
            ),
            lambda request: self.env._(
                "Only the initiator (while drafting) or the coordinator (while it is open) can change who "
                "is CC'd on %(request)s.",
                request=request,
            ),
        )

    def _collab_check_intake_choice(self, closed_message, refused_message):
        """What the initiator chooses while drafting and the coordinator while the request is open
        (who is CC'd, the project template): ``closed_message(request, state)`` once it is closed,
        ``refused_message(request)`` for anyone else."""
        if self.env.su:
            return
        is_coordinator = self._collab_is_coordinator()
        # sudo: who initiated the request and its state decide, whatever the caller may read
        for request in self.sudo():
            if is_coordinator and request.state in OPEN_STATES:
                continue
            if not is_coordinator and request.initiator_id == self.env.user and request.state == "draft":
                continue
            if request.state not in OPEN_STATES:
                raise UserError(closed_message(request.display_name, request._state_label()))
            raise AccessError(refused_message(request.display_name))

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

    def _collab_departments(self):
        """The departments of the request: initiating, involved and leading (none for no request)."""
        return self.initiating_department_id | self.involved_department_ids | self.lead_department_id

    @api.depends("request_type", "initiating_department_id", "involved_department_ids", "lead_department_id")
    def _compute_suggested_lesson_ids(self):
        Lesson = self.env["collab.lesson"]
        for request in self:
            departments = request._collab_departments()
            if not departments:
                request.suggested_lesson_ids = False
                continue
            domain = [("request_type", "=", request.request_type), ("department_ids", "in", departments.ids)]
            if request.id:
                domain.append(("request_id", "!=", request.id))
            request.suggested_lesson_ids = Lesson.search(domain, limit=20)

    def _project_description(self):
        """The request's goal, background and scope: its project's brief."""
        self.ensure_one()
        parts = []
        for label, text in ((_("Goal"), self.goal), (_("Background"), self.background), (_("Scope"), self.scope)):
            if text:
                parts.append(Markup("<h3>%s</h3><p>%s</p>") % (label, text))
        return Markup("").join(parts)
