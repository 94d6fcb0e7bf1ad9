from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .collab_reminder_engine import ReminderRule

OPEN_STATES = ("open", "mitigating")
COORDINATOR_GROUP = "cross_dept_collab.group_collab_coordinator"
# Fields only the workflow changes (the actions and the reminder engine, as superuser) ...
WORKFLOW_FIELDS = (
    "state",
    "escalation_level",
    "escalation_reason",
    "date_escalated",
    "date_resolved",
    # deadlines are computed from the level or urgency when filed, never written
    "date_response_due",
    "date_resolution_due",
    "is_late_report",
)
# ... and fields the system records when the report is filed, which only the coordinator may correct.
REPORT_FIELDS = ("reporter_id", "date_reported")


class CollabRisk(models.Model):
    """A risk warning (风险预警表) or a collaboration issue (协同问题处理记录表) of a project.

    Risks carry a level, issues an urgency; both get their response and resolution deadlines at
    report time from the company settings, and the reminder engine escalates them one level per
    deadline missed.
    """

    _name = "collab.risk"
    _description = "Risk or Issue"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.workflow.guard"]
    _order = "date_reported desc, id desc"
    _collab_workflow_fields = WORKFLOW_FIELDS
    _collab_coordinator_fields = REPORT_FIELDS
    _collab_max_lengths = {"name": 200}
    _check_company_auto = True
    # whoever may read a risk may add information to its chatter
    _mail_post_access = "read"

    kind = fields.Selection(
        [("risk", "Risk"), ("issue", "Issue")], required=True, default="risk", tracking=True, index=True
    )
    name = fields.Char("Title", required=True, tracking=True)
    project_id = fields.Many2one(
        "project.project", string="Project", required=True, index=True, tracking=True, check_company=True
    )
    task_id = fields.Many2one(
        "project.task",
        string="Task",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('project_id', '=', project_id)]",
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, precompute=True, required=True, index=True
    )
    description = fields.Text()
    category = fields.Selection(
        [
            ("resources", "Resources"),
            ("technical", "Technical"),
            ("inter_department", "Inter-department conflict"),
            ("external", "External"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        tracking=True,
    )
    level = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")],
        compute="_compute_level",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        group_expand=True,
        help="Risks: high risks alert the project lead and the lead department's head at once.",
    )
    urgency = fields.Selection(
        [("normal", "Normal"), ("urgent", "Urgent"), ("critical", "Critical")],
        compute="_compute_urgency",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        group_expand=True,
        help="Issues: normal — the coordinator convenes; urgent — the sponsor is alerted; "
        "critical — the sponsor and the coordinator are alerted at once.",
    )
    impact = fields.Text()
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        help="Responsible for the response plan and the resolution.",
    )
    reporter_id = fields.Many2one(
        "res.users",
        string="Reported By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
        index=True,
    )
    response_plan = fields.Text("Response Plan", tracking=True)
    date_discovered = fields.Datetime("Discovered On", required=True, default=fields.Datetime.now, tracking=True)
    date_reported = fields.Datetime(
        "Reported On", required=True, default=fields.Datetime.now, readonly=True, copy=False, index=True
    )
    is_late_report = fields.Boolean(
        "Reported Late",
        compute="_compute_is_late_report",
        store=True,
        help="Reported longer after its discovery than the reporting window of the settings (24 h by default).",
    )
    date_response_due = fields.Datetime(
        "Response Plan Due", compute="_compute_deadlines", store=True, index="btree_not_null"
    )
    date_resolution_due = fields.Datetime(
        "Resolution Due", compute="_compute_deadlines", store=True, index="btree_not_null"
    )
    state = fields.Selection(
        [("open", "Open"), ("mitigating", "Mitigating"), ("resolved", "Resolved"), ("closed", "Closed")],
        default="open",
        required=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    escalation_level = fields.Integer(
        "Escalation Level",
        default=0,
        copy=False,
        readonly=True,
        tracking=True,
        help="Raised by one for every deadline missed and every manual escalation: "
        "level 1 goes to the coordinator, level 2 and above to the sponsor.",
    )
    escalation_reason = fields.Selection(
        [
            ("response", "Response plan overdue"),
            ("resolution", "Resolution overdue"),
            ("manual", "Escalated manually"),
        ],
        string="Last Escalation",
        copy=False,
        readonly=True,
    )
    date_escalated = fields.Datetime("Escalated On", copy=False, readonly=True)
    resolution = fields.Text(tracking=True)
    date_resolved = fields.Datetime("Resolved On", copy=False, readonly=True)

    lead_department_id = fields.Many2one(related="project_id.lead_department_id", string="Lead Department")

    is_overdue = fields.Boolean("Overdue", compute="_compute_is_overdue", search="_search_is_overdue")
    can_manage = fields.Boolean(compute="_compute_can_manage")

    # ------------------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------------------
    @api.depends("project_id")
    def _compute_company_id(self):
        for risk in self:
            risk.company_id = risk.project_id.company_id or risk.company_id or self.env.company

    @api.depends("kind")
    def _compute_level(self):
        for risk in self:
            if risk.kind != "risk":
                risk.level = False
            elif not risk.level:
                risk.level = "medium"

    @api.depends("kind")
    def _compute_urgency(self):
        for risk in self:
            if risk.kind != "issue":
                risk.urgency = False
            elif not risk.urgency:
                risk.urgency = "normal"

    @api.depends("date_discovered", "date_reported", "company_id")
    def _compute_is_late_report(self):
        for risk in self:
            company = risk.company_id or self.env.company
            risk.is_late_report = bool(
                risk.date_discovered
                and risk.date_reported
                and risk.date_reported
                > company.collab_sla_deadline(risk.date_discovered, company.collab_risk_report_hours or 24, "risk")
            )

    @api.depends("kind", "level", "urgency", "date_reported", "company_id")
    def _compute_deadlines(self):
        for risk in self:
            response_hours, resolution_hours = risk._deadline_hours()
            reported = risk.date_reported
            company = risk.company_id or self.env.company
            urgent = risk.kind == "issue" and risk.urgency in ("urgent", "critical")
            rule = "issue_urgent" if urgent else "risk"
            risk.date_response_due = (
                company.collab_sla_deadline(reported, response_hours, rule) if reported and response_hours else False
            )
            risk.date_resolution_due = (
                company.collab_sla_deadline(reported, resolution_hours, rule)
                if reported and resolution_hours
                else False
            )

    def _deadline_hours(self):
        """``(response plan hours, resolution hours)`` from the company settings; 0 when none."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if self.kind == "risk":
            return {
                "high": (company.collab_risk_high_response_hours, 0),
                "medium": (company.collab_risk_medium_response_hours, 0),
            }.get(self.level, (0, 0))
        return {
            "normal": (0, company.collab_issue_normal_resolution_hours),
            "urgent": (company.collab_issue_urgent_response_hours, company.collab_issue_urgent_resolution_hours),
            "critical": (company.collab_issue_critical_response_hours, company.collab_issue_critical_resolution_hours),
        }.get(self.urgency, (0, 0))

    @api.depends("state", "response_plan", "date_response_due", "date_resolution_due")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for risk in self:
            response_late = (
                risk.state == "open"
                and not risk.response_plan
                and bool(risk.date_response_due)
                and risk.date_response_due < now
            )
            resolution_late = (
                risk.state in OPEN_STATES and bool(risk.date_resolution_due) and risk.date_resolution_due < now
            )
            risk.is_overdue = response_late or resolution_late

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue risks and issues."))
        now = fields.Datetime.now()
        domain = [
            "|",
            "&",
            "&",
            ("state", "=", "open"),
            ("response_plan", "=", False),
            ("date_response_due", "<", now),
            "&",
            ("state", "in", OPEN_STATES),
            ("date_resolution_due", "<", now),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends_context("uid")
    @api.depends("owner_id", "project_id.user_id")
    def _compute_can_manage(self):
        for risk in self:
            risk.can_manage = risk._user_may_manage(self.env.user)

    # ------------------------------------------------------------------------------------------
    # Constraints and ORM
    # ------------------------------------------------------------------------------------------
    @api.constrains("kind", "level", "urgency")
    def _check_kind_fields(self):
        for risk in self:
            if risk.kind == "risk" and not risk.level:
                raise ValidationError(_("Give the level of the risk %(risk)s.", risk=risk.display_name))
            if risk.kind == "issue" and not risk.urgency:
                raise ValidationError(_("Give the urgency of the issue %(risk)s.", risk=risk.display_name))

    @api.constrains("date_discovered", "date_reported")
    def _check_dates(self):
        for risk in self:
            if risk.date_discovered and risk.date_reported and risk.date_discovered > risk.date_reported:
                raise ValidationError(_("%(risk)s cannot be discovered after it was reported.", risk=risk.display_name))

    @api.constrains("task_id", "project_id")
    def _check_task_project(self):
        for risk in self:
            if risk.task_id and risk.task_id.project_id != risk.project_id:
                raise ValidationError(
                    _(
                        "The task %(task)s does not belong to the project %(project)s.",
                        task=risk.task_id.display_name,
                        project=risk.project_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_can_file(
                self.env["project.project"].browse({v["project_id"] for v in vals_list if v.get("project_id")})
            )
        risks = super().create(vals_list)
        risks._post_late_reports()
        risks._alert_on_report()
        return risks

    # workflow guard hooks: the reporter and the filing date are recorded when it is filed and
    # only the coordinator corrects them
    def _collab_check_create_values(self, vals):
        chosen = [f for f in REPORT_FIELDS if vals.get(f) and not (f == "reporter_id" and vals[f] == self.env.uid)]
        if chosen:
            self._collab_require_coordinator(chosen)

    def _check_can_file(self, projects):
        """Anyone who can read a project can file a risk or an issue on it."""
        hidden = projects - projects._filtered_access("read")
        if hidden:
            raise AccessError(
                _(
                    "You cannot file a risk or issue on the project %(project)s: you do not have access to it.",
                    # sudo: naming the project the caller may not read, in the refusal itself
                    project=hidden[:1].sudo().display_name,
                )
            )

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        """The owner follows the risk, like the responsible user of core documents."""
        followers = super()._message_auto_subscribe_followers(updated_values, default_subtype_ids)
        owner_id = updated_values.get("owner_id")
        if owner_id:
            # sudo: subscribing the new owner, whom the caller may not be allowed to read
            owner = self.env["res.users"].sudo().browse(owner_id)
            if owner.active:
                followers.append((owner.partner_id.id, default_subtype_ids, False))
        return followers

    # ------------------------------------------------------------------------------------------
    # Who is told, on report and on escalation
    # ------------------------------------------------------------------------------------------
    def _responsibility(self):
        return self.env["collab.responsibility"]

    def _project_lead(self):
        self.ensure_one()
        # sudo: the project lead is routed to whatever the caller may read of the project
        return self.project_id.sudo().user_id.with_env(self.env)

    def _lead_department_head(self):
        self.ensure_one()
        # sudo: as for the project lead
        return self._responsibility().department_head(self.project_id.sudo().lead_department_id)

    def _sponsor(self):
        self.ensure_one()
        return self._responsibility().project_sponsor(self.project_id)

    def _coordinator(self):
        self.ensure_one()
        return self._responsibility().coordinator(self.company_id)

    def _report_alert_recipients(self):
        """Who is alerted at once when the risk or issue is reported (not a timed rule)."""
        self.ensure_one()
        if self.kind == "risk":
            if self.level == "high":
                return self._project_lead() | self._lead_department_head()
            return self.env["res.users"]
        if self.urgency == "normal":
            return self._coordinator()  # the coordinator convenes the departments concerned
        if self.urgency == "urgent":
            return self._sponsor()
        return self._sponsor() | self._coordinator()

    def _escalation_recipients(self, level):
        """Level 1: the coordinator; level 2 and above: the project's sponsor; always the owner."""
        self.ensure_one()
        boss = self._coordinator() if level <= 1 else self._sponsor() or self._coordinator()
        return boss | self.owner_id

    def _post_late_reports(self):
        for risk in self.filtered("is_late_report"):
            hours = (risk.date_reported - risk.date_discovered).total_seconds() / 3600
            risk.message_post(
                body=Markup("<p><b>%s</b></p>")
                % _(
                    "Reported late: %(hours)s hours after its discovery, beyond the %(window)s hours reporting window.",
                    hours=round(hours, 1),
                    window=risk.company_id.collab_risk_report_hours,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _alert_on_report(self):
        engine = self.env["collab.reminder.engine"]
        for risk in self:
            users = risk._report_alert_recipients()
            if users:
                engine.notify(risk, users, "cross_dept_collab.mail_template_collab_risk_alert")

    # ------------------------------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------------------------------
    def _user_may_manage(self, user):
        self.ensure_one()
        return self.env.su or user == self.owner_id or user == self._project_lead() or user.has_group(COORDINATOR_GROUP)

    def _check_can_manage(self):
        for risk in self:
            if not risk._user_may_manage(self.env.user):
                raise AccessError(
                    _(
                        "Only the owner of %(risk)s (%(owner)s), the project lead or the coordinator can do this.",
                        risk=risk.display_name,
                        owner=risk.owner_id.name,
                    )
                )

    def _check_state(self, states, action):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for risk in self:
            if risk.state not in states:
                raise UserError(
                    _(
                        "%(risk)s cannot be %(action)s while it is %(state)s.",
                        risk=risk.display_name,
                        action=action,
                        state=labels[risk.state],
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------------------------------
    def action_mitigate(self):
        """open → mitigating: the owner carries out the response plan."""
        self._check_can_manage()
        self._check_state(("open",), _("moved to mitigation"))
        for risk in self:
            if not (risk.response_plan or "").strip():
                raise UserError(
                    _("Write the response plan of %(risk)s before starting mitigation.", risk=risk.display_name)
                )
        # sudo: the guards above are the authority for the transition (state is workflow-only)
        self.sudo().write({"state": "mitigating"})
        return True

    def action_resolve(self, resolution=None):
        """open / mitigating → resolved, with the resolution (given, or already on the record)."""
        resolution = self._collab_text_arg(resolution, _("The resolution"))
        self._check_can_manage()
        self._check_state(OPEN_STATES, _("resolved"))
        now = fields.Datetime.now()
        for risk in self:
            text = (resolution if resolution is not None else risk.resolution or "").strip()
            if not text:
                raise UserError(
                    _("Describe how %(risk)s was resolved: a resolution is required.", risk=risk.display_name)
                )
            # sudo: as in action_mitigate
            risk.sudo().write({"state": "resolved", "resolution": text, "date_resolved": now})
        return True

    def action_close(self):
        """resolved → closed: the resolution is confirmed and the record archived with the project."""
        self._check_can_manage()
        self._check_state(("resolved",), _("closed"))
        # sudo: as in action_mitigate
        self.sudo().write({"state": "closed"})
        return True

    def action_escalate(self):
        """Escalate now, one level, as a missed deadline would."""
        self._check_can_manage()
        self._check_state(OPEN_STATES, _("escalated"))
        self._escalate("manual")
        return True

    def _escalate(self, reason):
        """Raise each record one level and tell that level and the owner: ``{record_id: users}``."""
        engine = self.env["collab.reminder.engine"]
        now = fields.Datetime.now()
        told = {}
        for risk in self:
            level = risk.escalation_level + 1
            # sudo: the escalation is the workflow's (a guarded action or the reminder engine)
            risk.sudo().write({"escalation_level": level, "escalation_reason": reason, "date_escalated": now})
            users = risk._escalation_recipients(level)
            engine.notify(risk, users, "cross_dept_collab.mail_template_collab_risk_escalated")
            told[risk.id] = users
        return told

    # ------------------------------------------------------------------------------------------
    # Reminder rules: unhandled risks and issues escalate, one level per deadline
    # ------------------------------------------------------------------------------------------
    def _collab_reminder_rules(self):
        return [
            ReminderRule(
                code="risk_response_overdue",
                model=self._name,
                domain=[("state", "=", "open"), ("response_plan", "=", False), ("date_response_due", "!=", False)],
                moment=SQL.identifier(self._table, "date_response_due"),
                handler="_remind_response_overdue",
            ),
            ReminderRule(
                code="risk_resolution_overdue",
                model=self._name,
                domain=[("state", "in", OPEN_STATES), ("date_resolution_due", "!=", False)],
                moment=SQL.identifier(self._table, "date_resolution_due"),
                handler="_remind_resolution_overdue",
            ),
        ]

    def _remind_response_overdue(self, rule):
        return self._escalate("response")

    def _remind_resolution_overdue(self, rule):
        return self._escalate("resolution")
