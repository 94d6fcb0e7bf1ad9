"""A step of an approval flow: when it applies (its branch and condition), who decides (its
approver rule), how many must agree (its mode) and what happens when its time limit passes."""

import itertools

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import datetime, dateutil, safe_eval

STEP_KINDS = [
    ("pmo_review", "PMO Review"),
    ("lead_confirmation", "Lead Confirmation"),
    ("department_reviews", "Department Reviews"),
    ("sponsor_approval", "Sponsor Approval"),
    ("extra_review", "Extra Review"),
]
APPROVER_RULES = [
    ("users", "Specific users"),
    ("group", "Members of a group"),
    ("department_head", "Department head and deputies"),
    ("manager_levels", "Initiator's managers, up N levels"),
    ("manager_job", "Initiator's managers, up to a job position"),
    ("sponsor", "The request's sponsor"),
    ("initiator_picks", "People the initiator picks"),
]
MAX_LEVELS = 10
# the seeds' steps keep their order in every flow (each may be left out or given a condition)
SEED_KINDS = ("pmo_review", "lead_confirmation", "department_reviews", "sponsor_approval")


class CollabFlowStep(models.Model):
    _name = "collab.flow.step"
    _description = "Approval Flow Step"
    _inherit = ["collab.workflow.guard"]
    _order = "flow_id, sequence, priority, id"

    # a step follows its flow: a frozen version's steps are edited by nobody
    _collab_workflow_fields = ("flow_id",)
    _collab_create_fields = ("flow_id",)
    _collab_parent_field = "flow_id"

    flow_id = fields.Many2one("collab.flow", string="Flow", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="flow_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10, help="The steps run in this order.")
    name = fields.Char("Step", required=True, translate=True)
    kind = fields.Selection(STEP_KINDS, required=True, default="extra_review")
    # branches: the steps of the same sequence sharing a branch key are alternatives
    branch = fields.Char(
        help="Steps with the same sequence and branch are alternatives: the first one (by priority) whose "
        "condition matches the request runs, else the branch's default, else none of them. Empty: the step "
        "runs whenever its condition matches.",
    )
    priority = fields.Integer(
        default=1, help="Among the alternatives of a branch whose conditions match, the lowest number wins."
    )
    is_default = fields.Boolean(
        "Default Branch", help="Runs when none of the alternatives of its branch matches the request."
    )
    condition = fields.Char(
        default="[]",
        help="The requests this step applies to (a filter on requests: budget, type, priority, departments…). "
        "Empty: every request.",
    )
    condition_summary = fields.Char("Applies When", compute="_compute_condition_summary")
    # who decides
    approver_rule = fields.Selection(APPROVER_RULES, string="Approvers", required=True, default="users")
    user_ids = fields.Many2many(
        "res.users",
        "collab_flow_step_user_rel",
        "step_id",
        "user_id",
        string="Users",
        domain=[("share", "=", False)],
    )
    group_id = fields.Many2one("res.groups", string="Group", ondelete="set null")
    department_id = fields.Many2one(
        "hr.department",
        string="Department",
        ondelete="restrict",
        help="Its head and deputies decide. Empty: the request's own department for the step — the lead "
        "department to confirm the lead, each involved department for department reviews, the initiating "
        "department otherwise.",
    )
    levels = fields.Integer(
        default=1, help="How many levels of managers above the initiator decide, one after the other (1: direct)."
    )
    job_id = fields.Many2one(
        "hr.job",
        string="Up to Job Position",
        ondelete="restrict",
        help="The initiator's managers decide one after the other, up to the first one holding this position.",
    )
    mode = fields.Selection(
        [("any", "Any one"), ("all", "Everyone"), ("minimum", "A minimum number")],
        default="any",
        required=True,
    )
    minimum = fields.Integer(default=1, help="How many of the deciders must approve (mode: a minimum number).")
    # the time limit
    time_limit_hours = fields.Integer(
        "Time Limit (working hours)",
        default=0,
        help="Working hours on the company's calendar (public holidays skipped, make-up workdays counted) "
        "the deciders have; 0: no limit of the step's own.",
    )
    limit_action = fields.Selection(
        [
            ("remind", "Remind only"),
            ("approve", "Approve automatically"),
            ("return", "Return automatically"),
            ("coordinator", "Hand to the coordinator"),
        ],
        string="At the Limit",
        default="remind",
        required=True,
    )

    # ------------------------------------------------------------------------------------------
    # Checks: the rule's parameters, the numbers, the condition
    # ------------------------------------------------------------------------------------------
    @api.constrains("approver_rule", "user_ids", "group_id", "job_id", "levels", "minimum", "time_limit_hours")
    def _check_rule(self):
        _ = self.env._
        for step in self:
            missing = {
                "users": not step.user_ids and _("the users"),
                "group": not step.group_id and _("the group"),
                "manager_job": not step.job_id and _("the job position"),
            }.get(step.approver_rule)
            if missing:
                raise ValidationError(_("Step %(step)s: choose %(what)s who decide.", step=step.name, what=missing))
            if not 1 <= step.levels <= MAX_LEVELS:
                raise ValidationError(
                    _("Step %(step)s: manager levels go from 1 to %(max)s.", step=step.name, max=MAX_LEVELS)
                )
            if step.minimum < 1:
                raise ValidationError(
                    _("Step %(step)s: the minimum number of approvals is at least 1.", step=step.name)
                )
            if step.time_limit_hours < 0:
                raise ValidationError(_("Step %(step)s: a time limit cannot be negative.", step=step.name))

    @api.depends_context("lang")
    @api.depends("condition", "branch", "is_default")
    def _compute_condition_summary(self):
        """The condition as people read it: "Budget ≥ 500,000" rather than the domain's code."""
        Request = self.env["collab.request"]
        for step in self:
            try:
                domain = step._collab_domain()
            except ValueError:
                domain = None
            if domain is None:
                step.condition_summary = self.env._("Invalid condition")
            elif not domain:
                step.condition_summary = self.env._("Default branch") if step.is_default else self.env._("Always")
            else:
                parts = []
                for term in domain:
                    if isinstance(term, list | tuple) and len(term) == 3 and term[0] in Request._fields:
                        field = Request._fields[term[0]]
                        value = step._collab_value_text(field, term[2])
                        parts.append(f"{field._description_string(self.env)} {term[1]} {value}")
                    elif isinstance(term, str):
                        parts.append({"|": self.env._("or"), "&": self.env._("and"), "!": self.env._("not")}[term])
                step.condition_summary = " ".join(parts) or self.env._("A custom filter")

    def _collab_value_text(self, field, value):
        """A condition's value as people read it: a choice by its label, a record by its name, a
        number with its thousands."""
        values = value if isinstance(value, list | tuple) else [value]
        if field.type == "selection":
            labels = dict(field._description_selection(self.env))
            texts = [labels.get(v, str(v)) for v in values]
        elif field.type in ("many2one", "many2many", "one2many") and all(isinstance(v, int) for v in values):
            # sudo: the names of the departments (or users) a condition names, not their data
            texts = self.env[field.comodel_name].sudo().browse(values).exists().mapped("display_name")
        elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            texts = [f"{v:,}" for v in values]
        else:
            texts = [str(v) for v in values]
        return ", ".join(texts)

    @api.constrains("flow_id", "kind", "sequence", "branch", "approver_rule", "department_id")
    def _check_flow_shape(self):
        """The seeds' steps, each once (alternatives of one branch aside) and in their order; the
        lead's confirmation after the PMO review that names the lead department; department
        reviews by the head (and deputies) of each involved department."""
        _ = self.env._
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for flow in self.flow_id:
            steps = flow.step_ids
            spans = {}
            for kind in SEED_KINDS:
                of_kind = steps.filtered(lambda s, kind=kind: s.kind == kind)
                if len({(s.sequence, s.branch or s.id) for s in of_kind}) > 1:
                    raise ValidationError(
                        _(
                            "Flow %(flow)s: %(kind)s comes once (alternatives of one branch aside).",
                            flow=flow.name,
                            kind=kinds[kind],
                        )
                    )
                if of_kind:
                    spans[kind] = (min(of_kind.mapped("sequence")), max(of_kind.mapped("sequence")))
            present = [kind for kind in SEED_KINDS if kind in spans]
            for earlier, later in itertools.pairwise(present):
                if spans[earlier][1] >= spans[later][0]:
                    raise ValidationError(
                        _(
                            "Flow %(flow)s: %(later)s comes after %(earlier)s.",
                            flow=flow.name,
                            later=kinds[later],
                            earlier=kinds[earlier],
                        )
                    )
            if "lead_confirmation" in spans and "pmo_review" not in spans:
                raise ValidationError(
                    _(
                        "Flow %(flow)s: the lead confirmation needs the PMO review before it (the PMO names the "
                        "lead department).",
                        flow=flow.name,
                    )
                )
            reviews = steps.filtered(lambda s: s.kind == "department_reviews")
            if reviews.filtered(lambda s: s.approver_rule != "department_head" or s.department_id):
                raise ValidationError(
                    _(
                        "Flow %(flow)s: department reviews are decided by the head (and deputies) of each involved "
                        "department; choose no department of its own.",
                        flow=flow.name,
                    )
                )

    @api.model
    def _collab_condition_context(self):
        """What a condition may name besides the request's fields (as in Odoo's filters)."""
        return {
            "uid": self.env.uid,
            "user": self.env.user,
            "datetime": datetime,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "context_today": lambda: fields.Date.context_today(self),
        }

    def _collab_domain(self):
        """The step's condition as a domain (a list); a ValueError says what is wrong with it."""
        self.ensure_one()
        text = (self.condition or "").strip() or "[]"
        try:
            domain = safe_eval(text, self._collab_condition_context())
        except Exception as error:
            raise ValueError(str(error)) from None
        if not isinstance(domain, list | tuple):
            raise ValueError(self.env._("a condition is a list of criteria such as [('priority', '=', 'high')]"))
        return list(domain)

    @api.constrains("condition")
    def _check_condition(self):
        Request = self.env["collab.request"]
        for step in self:
            try:
                domain = step._collab_domain()
                # a trial search: unknown fields, operators or values are refused now, not at submit
                # (sudo: only the domain is checked, nothing is shown; a savepoint keeps the
                # transaction usable when the database refuses a value)
                with self.env.cr.savepoint():
                    Request.sudo().search_count(domain, limit=1)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The condition of step %(step)s is not a valid filter on requests: %(error)s",
                        step=step.name,
                        error=error,
                    )
                ) from None

    def _collab_matches(self, request):
        """Whether ``request`` (a record, or a sample built with ``new()``) meets the condition."""
        self.ensure_one()
        domain = self._collab_domain()
        if not domain:
            return True
        return bool(request.filtered_domain(domain))

    # ------------------------------------------------------------------------------------------
    # Time limit
    # ------------------------------------------------------------------------------------------
    def _collab_limit_deadline(self, asked_at, company):
        """When the step's time limit fires for a decision asked at ``asked_at`` (naive UTC) in
        ``company``: its working hours counted on the company's calendar (``collab_sla_deadline``,
        the module's one calendar walk: each 24 hours is one working day to the same clock time);
        False without a limit."""
        self.ensure_one()
        if not self.time_limit_hours:
            return False
        return company.collab_sla_deadline(asked_at, self.time_limit_hours, rule="working_days")
