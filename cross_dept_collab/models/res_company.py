from datetime import datetime, timedelta, timezone

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .collab_workflow_guard import text_to_html

# The rule groups of collab_sla_deadline(): how each group counts time when the company counts SLAs
# on its working calendar ("company": as the company says; "natural": the clock never stops;
# "working": always working days, whatever the company says).
SLA_RULES = {
    "decision": "company",  # reviews, confirmations, approvals, sign-offs, acceptance, change requests
    "reminder": "company",  # chasing silence, meeting minutes
    "risk": "company",  # risk response plans, normal issue resolution
    "issue_urgent": "natural",  # urgent and critical issues: response plan and resolution
    "working_days": "working",  # what the process itself counts in working days (the retrospective)
}


class ResCompany(models.Model):
    _inherit = "res.company"

    collab_coordinator_id = fields.Many2one(
        "res.users",
        string="Collaboration Coordinator",
        domain=lambda self: [("groups_id", "in", self.env.ref("cross_dept_collab.group_collab_coordinator").id)],
        help="The PMO coordinator who reviews requests and stands in for departments without a manager.",
    )
    collab_default_sponsor_id = fields.Many2one(
        "res.users",
        string="Default Sponsor",
        domain=lambda self: [("groups_id", "in", self.env.ref("cross_dept_collab.group_collab_sponsor").id)],
        help="Proposed as sponsor on new collaboration requests.",
    )
    collab_allow_self_approval = fields.Boolean(
        string="Allow Self-Approval",
        default=False,
        help="Segregation of duties: by default the initiator of a request never decides a step of it (a step "
        "that would be theirs goes to a deputy, else the coordinator). Tick to let initiators decide their own "
        "requests.",
    )
    collab_review_hours = fields.Integer(
        string="PMO Review Deadline (hours)", default=24, help="Time the coordinator has to review a submitted request."
    )
    collab_lead_confirmation_hours = fields.Integer(string="Lead Confirmation Deadline (hours)", default=24)
    collab_department_review_hours = fields.Integer(string="Department Review Deadline (hours)", default=48)
    collab_sponsor_approval_hours = fields.Integer(string="Sponsor Approval Deadline (hours)", default=48)

    collab_remind_owner_days = fields.Integer(
        string="Remind Owners (days before end)",
        default=3,
        help="Days before a task's planned end its owners are reminded.",
    )
    collab_remind_head_days = fields.Integer(
        string="Remind Heads (days before end)",
        default=1,
        help="Days before a task's planned end the department head and the coordinator are reminded.",
    )
    collab_stale_hours = fields.Integer(
        string="Chase Silence After (hours)",
        default=24,
        help="An in-progress task without a progress update for this long chases its owners and their managers.",
    )
    # risks and issues: reporting window and the deadlines set at report time
    collab_risk_report_hours = fields.Integer(
        string="Risk Reporting Window (hours)",
        default=24,
        help="A risk or issue reported longer than this after its discovery is flagged as reported late.",
    )
    collab_risk_high_response_hours = fields.Integer(string="High Risk Response (hours)", default=24)
    collab_risk_medium_response_hours = fields.Integer(string="Medium Risk Response (hours)", default=72)
    collab_issue_normal_resolution_hours = fields.Integer(string="Normal Issue Resolution (hours)", default=72)
    collab_issue_urgent_response_hours = fields.Integer(string="Urgent Issue Response Plan (hours)", default=4)
    collab_issue_urgent_resolution_hours = fields.Integer(string="Urgent Issue Resolution (hours)", default=24)
    collab_issue_critical_response_hours = fields.Integer(string="Critical Issue Response Plan (hours)", default=1)
    collab_issue_critical_resolution_hours = fields.Integer(string="Critical Issue Resolution (hours)", default=24)

    collab_urge_hours = fields.Integer(
        string="Urge At Most Every (hours)",
        default=4,
        help="A decider is urged (催办) on the same request at most once in this many hours.",
    )

    collab_sla_time = fields.Selection(
        [("natural", "Natural time"), ("working", "Working time")],
        string="Count SLAs In",
        default="working",
        required=True,
        help="Working time: decisions and reminders count the company's working calendar (public holidays and "
        "make-up workdays included), each 24 hours being one working day; urgent and critical issues still "
        "count natural hours.",
    )

    _sql_constraints = [
        (
            "collab_deadlines_positive",
            "CHECK(collab_review_hours > 0 AND collab_lead_confirmation_hours > 0 "
            "AND collab_department_review_hours > 0 AND collab_sponsor_approval_hours > 0 "
            "AND collab_remind_owner_days >= 0 AND collab_remind_head_days >= 0 AND collab_stale_hours > 0)",
            "Collaboration deadlines must be positive numbers of hours.",
        ),
        ("collab_urge_hours_positive", "CHECK(collab_urge_hours > 0)", "Urges need a positive number of hours."),
        (
            "collab_risk_deadlines_positive",
            "CHECK(collab_risk_report_hours > 0 AND collab_risk_high_response_hours > 0 "
            "AND collab_risk_medium_response_hours > 0 AND collab_issue_normal_resolution_hours > 0 "
            "AND collab_issue_urgent_response_hours > 0 AND collab_issue_urgent_resolution_hours > 0 "
            "AND collab_issue_critical_response_hours > 0 AND collab_issue_critical_resolution_hours > 0)",
            "Risk and issue deadlines must be positive numbers of hours.",
        ),
    ]

    # ------------------------------------------------------------------------------------------
    # Who decides: protected data, every change logged
    # ------------------------------------------------------------------------------------------
    _collab_authority_fields = ("collab_coordinator_id", "collab_default_sponsor_id", "collab_allow_self_approval")

    def write(self, vals):
        changed = [fname for fname in self._collab_authority_fields if fname in vals]
        if not changed:
            return super().write(vals)
        responsibility = self.env["collab.responsibility"]
        responsibility.check_manage_authority(self.env._("the collaboration coordinator, sponsor and self-approval"))
        before = {company: {fname: company[fname] for fname in changed} for company in self}
        result = super().write(vals)
        for company in self:
            for fname, role in (
                (
                    "collab_coordinator_id",
                    self.env._("the collaboration coordinator of %(company)s", company=company.name),
                ),
                ("collab_default_sponsor_id", self.env._("the default sponsor of %(company)s", company=company.name)),
            ):
                if fname in changed and company[fname]:
                    responsibility.check_deciders(company[fname], company, role)
        for company, old in before.items():
            company._collab_log_authority(old)
        return result

    def _collab_log_authority(self, old):
        """Who changed which authority setting, from what to what: on the company's chatter."""
        self.ensure_one()
        lines = []
        for fname, value in old.items():
            new = self[fname]
            if new == value:
                continue
            field = self._fields[fname]
            if field.type == "many2one":
                before, after = value.display_name or "—", new.display_name or "—"
            else:
                before, after = (self.env._("Yes") if v else self.env._("No") for v in (value, new))
            lines.append(f"{field._description_string(self.env)}: {before} → {after}")
        if lines:
            # sudo: the log is written whoever may post on the company's contact; the author stays the caller
            self.partner_id.sudo().message_post(body=text_to_html("\n".join(lines)), subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------------------------------
    # When is it due: the one deadline computation (natural or working hours, the calendar)
    # ------------------------------------------------------------------------------------------

    def _collab_lang(self):
        """The language of the texts the module stores for everybody to read (a project's or a
        task's description generated from a request or a meeting): the company's language."""
        self.ensure_one()
        return self.partner_id.lang or "en_US"

    # ------------------------------------------------------------------------------------------
    # What day is it (one "today" for every date the product stores or compares)
    # ------------------------------------------------------------------------------------------
    def _collab_tz_name(self):
        """The company's time zone: its working calendar's, else the user's, else UTC."""
        name = self.resource_calendar_id.tz or self.env.user.tz or "UTC"
        return name if name in pytz.all_timezones_set else "UTC"

    def collab_today(self, at=None):
        """The company's local date at the moment ``at`` (naive UTC, as stored; default now).

        Every business date the module stores or compares is this date — a request approved at
        07:00 in Shanghai (23:00 UTC the day before) is approved on the Shanghai day — whoever
        asks: a user in another time zone, a cron or a ``sudo()`` path (which have none).
        An empty recordset means the current company.

        :param at: a datetime (naive UTC) or its string form
        """
        if len(self) > 1:
            raise UserError(_("Ask one company for its date at a time."))
        company = self or self.env.company
        moment = fields.Datetime.now() if at is None else self._collab_check_moment(at)
        # fields.Date.context_today in the company's time zone, without an environment per call
        # (the plan status asks it once per task)
        return pytz.utc.localize(moment, is_dst=False).astimezone(pytz.timezone(company._collab_tz_name())).date()

    @api.model
    def _collab_tz_sql(self, company):
        """SQL: the time zone of the company ``company`` (an SQL expression of its id): its working
        calendar's, else the user's, else UTC — the SQL side of ``collab_today``, which takes a
        record without company (a project without company, its tasks) as the current company's."""
        return SQL(
            """COALESCE((SELECT cal.tz FROM res_company co
                           JOIN resource_calendar cal ON cal.id = co.resource_calendar_id
                          WHERE co.id = %s), %s)""",
            company,
            self.env.company._collab_tz_name(),
        )

    @api.model
    def _collab_day_start_sql(self, day, company):
        """SQL: the moment (naive UTC, as stored) the local day ``day`` (an SQL date) begins for
        the company ``company`` (an SQL expression of its id), for the reminder engine's moments."""
        return SQL("((%s)::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC'", day, self._collab_tz_sql(company))

    @api.model
    def _collab_day_sql(self, moment, company):
        """SQL: the company's local date at ``moment`` (naive UTC)."""
        return SQL("((%s)::timestamp AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", moment, self._collab_tz_sql(company))

    def _collab_day_start(self, day):
        """The moment (naive UTC) the local date ``day`` begins for the company (its midnight)."""
        company = self[:1] or self.env.company
        tz = pytz.timezone(company._collab_tz_name())
        return tz.localize(datetime.combine(day, datetime.min.time())).astimezone(pytz.utc).replace(tzinfo=None)

    def _collab_check_moment(self, at):
        try:
            moment = fields.Datetime.to_datetime(at)
        except (TypeError, ValueError):
            moment = None
        if not isinstance(moment, datetime):
            raise UserError(_("A date is asked at a date and time, not at %(at)s.", at=at))
        if moment.tzinfo:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment

    def collab_sla_deadline(self, start, hours, rule=None):
        """The moment (naive UTC, as stored) ``hours`` after ``start`` for this company.

        In natural time that is ``start + hours``. In working time (``collab_sla_time``, or the
        rule group ``working_days``) on the company's ``resource_calendar_id``, in its time zone:
        each whole 24 hours is one working day to the same clock time, and the rest (e.g. 4 h)
        counts the calendar's working hours. Public holidays are the calendar's global leaves,
        make-up workdays its ``collab.calendar.workday`` records.

        :param start: a datetime (naive UTC) or its string form
        :param hours: a non-negative number of hours
        :param rule: the rule group, a key of ``SLA_RULES`` (None: as the company says)
        """
        if len(self) != 1:
            raise UserError(_("Ask one company for an SLA deadline at a time."))
        start, hours = self._collab_check_sla_args(start, hours, rule)
        if not hours or not self._collab_sla_in_working_time(rule):
            return start + timedelta(hours=hours)
        calendar = self.resource_calendar_id
        if not calendar:
            return start + timedelta(hours=hours)
        return calendar._collab_plan_sla(start, hours)

    def _collab_sla_in_working_time(self, rule):
        mode = SLA_RULES[rule] if rule else "company"
        return mode == "working" or (mode == "company" and self.collab_sla_time == "working")

    def _collab_check_sla_args(self, start, hours, rule):
        if rule is not None and (not isinstance(rule, str) or rule not in SLA_RULES):
            raise UserError(
                _("Unknown SLA rule %(rule)s; use one of %(rules)s.", rule=rule, rules=", ".join(SLA_RULES))
            )
        if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 <= hours < 24 * 3660:
            raise UserError(_("An SLA needs a positive number of hours, not %(hours)s.", hours=hours))
        try:
            moment = fields.Datetime.to_datetime(start)
        except (TypeError, ValueError):
            moment = None
        if not isinstance(moment, datetime):
            raise UserError(_("An SLA starts at a date and time, not at %(start)s.", start=start))
        if moment.tzinfo:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment, hours
