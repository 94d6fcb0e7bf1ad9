"""collab.resource.line: people or budget a department commits in its review, or is asked for by a
resource request (资源盘点与申请)."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_amount, formatLang, get_lang

from .collab_workflow_guard import check_date_bounds

# a line's period: at most this many days (a reservation of people, not a career)
MAX_PERIOD_DAYS = 3 * 366
# what counts in the register and in the department's load
COUNTING_STATUSES = ("committed", "approved")
# person-days and FTE are read with at most this many decimals
DAYS_DIGITS = 2


class CollabResourceLine(models.Model):
    """One line of people or budget, the one mechanism of commitments and requests:

    - on a department review (``approval_id``): what the department commits (承诺) — edited by the
      review's decider while it is pending; it counts as *committed* once the review of the
      current round is approved;
    - on a resource request (``resource_request_id``): what the project lead asks the department
      for (调配) — edited by the requester while drafting; *requested* while asked, *approved*
      once the department's head approved it.

    People: a role and/or named employees of the department, person-days or FTE over a period
    (``total_person_days``: FTE × the period's working days on the company's calendar). Budget: an
    amount in a currency. The project's resource register (``collab.resource.register``) sums the
    lines by department.

    The department load reads the people that count through one query:
    ``_collab_load_person_days(date_from, date_to, department_ids)`` returns
    ``[{department_id, employee_id (or False), project_id, date_from, date_to, person_days}]`` for
    the people lines of projects — committed in an approved review of the current round, or of an
    approved resource request — whose period overlaps the window; a line naming employees gives
    one dict per employee with an equal share of its person-days.
    """

    _name = "collab.resource.line"
    _description = "Committed or Requested Resource"
    _inherit = ["collab.workflow.guard"]
    _order = "department_id, kind desc, date_from, id"
    _check_company_auto = True

    _collab_workflow_fields = (
        "approval_id",
        "resource_request_id",
        "project_id",
        "department_id",
        "company_id",
        "status",
        "total_person_days",
    )
    _collab_create_fields = ("approval_id", "resource_request_id")
    _collab_max_lengths = {"role": 120, "note": 500}

    approval_id = fields.Many2one(
        "collab.approval", string="Department Review", ondelete="cascade", index="btree_not_null", readonly=True
    )
    resource_request_id = fields.Many2one(
        "collab.resource.request",
        string="Resource Request",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
    )
    project_id = fields.Many2one(
        "project.project", compute="_compute_parent_values", store=True, index="btree_not_null", readonly=True
    )
    department_id = fields.Many2one(
        "hr.department", compute="_compute_parent_values", store=True, index=True, readonly=True
    )
    company_id = fields.Many2one("res.company", compute="_compute_parent_values", store=True, readonly=True)
    kind = fields.Selection(
        [("people", "People"), ("budget", "Budget")], required=True, default="people", string="Resource"
    )
    role = fields.Char(help="The role asked or committed, e.g. Assembly worker.")
    employee_ids = fields.Many2many(
        "hr.employee",
        "collab_resource_line_employee_rel",
        "line_id",
        "employee_id",
        string="Named Employees",
        domain="[('department_id', '=', department_id)]",
    )
    unit = fields.Selection(
        [("person_days", "Person-Days"), ("fte", "FTE")], default="person_days", required=True, string="Unit"
    )
    quantity = fields.Float(help="Person-days in all, or full-time equivalents over the period.")
    date_from = fields.Date("From")
    date_to = fields.Date("To")
    total_person_days = fields.Float(
        "Person-Days", compute="_compute_total_person_days", store=True, readonly=True, aggregator="sum"
    )
    amount = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    note = fields.Char()
    status = fields.Selection(
        [
            ("draft", "Proposed"),
            ("committed", "Committed"),
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("void", "Not Counted"),
        ],
        compute="_compute_status",
        store=True,
        index=True,
        readonly=True,
        help="Committed: in an approved review of the current round. Requested / Approved: of a resource "
        "request asked / approved. Not counted: the review or the request was not approved.",
    )
    parent_readable = fields.Boolean(
        compute="_compute_parent_readable",
        search="_search_parent_readable",
        help="Whether the current user reads the line's review or resource request: its read rule.",
    )

    # ------------------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------------------
    @api.depends(
        "approval_id.department_id",
        "approval_id.request_id.project_id",
        "approval_id.company_id",
        "resource_request_id.department_id",
        "resource_request_id.project_id",
        "resource_request_id.company_id",
    )
    def _compute_parent_values(self):
        for line in self:
            if line.resource_request_id:
                parent = line.resource_request_id
                line.project_id = parent.project_id
            else:
                parent = line.approval_id
                line.project_id = parent.request_id.project_id
            line.department_id = parent.department_id
            line.company_id = parent.company_id

    @api.depends(
        "approval_id.state",
        "approval_id.round",
        "approval_id.request_id.review_round",
        "resource_request_id.state",
    )
    def _compute_status(self):
        for line in self:
            if line.resource_request_id:
                state = line.resource_request_id.state
                line.status = {"draft": "draft", "pending": "requested", "approved": "approved"}.get(state, "void")
            elif line.approval_id:
                approval = line.approval_id
                if approval.round != approval.request_id.review_round:
                    line.status = "void"
                else:
                    line.status = {"pending": "draft", "approved": "committed"}.get(approval.state, "void")
            else:
                line.status = "void"

    @api.depends("kind", "unit", "quantity", "date_from", "date_to", "company_id")
    def _compute_total_person_days(self):
        checkers = {}
        for line in self:
            if line.kind != "people" or not line.quantity:
                line.total_person_days = 0.0
                continue
            if line.unit == "person_days":
                line.total_person_days = line.quantity
                continue
            if not line.date_from or not line.date_to or line.date_to < line.date_from:
                line.total_person_days = 0.0
                continue
            company = line.company_id or self.env.company
            if company.id not in checkers:
                # sudo: the company's calendar is read to count working days, whoever edits the line
                checkers[company.id] = company.sudo().resource_calendar_id._collab_working_day_checker()
            is_working_day = checkers[company.id]
            span = min((line.date_to - line.date_from).days, MAX_PERIOD_DAYS)
            days = sum(1 for offset in range(span + 1) if is_working_day(line.date_from + timedelta(days=offset)))
            line.total_person_days = line.quantity * days

    @api.depends_context("uid")
    def _compute_parent_readable(self):
        readable = self.with_user(self.env.uid).search([("id", "in", self.ids), ("parent_readable", "=", True)])
        for line in self:
            line.parent_readable = line in readable

    def _search_parent_readable(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Whether the review or request is readable can only be searched as true or false."))
        # the reviews and requests the current user reads, as subqueries run as that user
        approvals = self.env["collab.approval"].with_user(self.env.uid)._search([])
        requests = self.env["collab.resource.request"].with_user(self.env.uid)._search([])
        domain = ["|", ("approval_id", "in", approvals), ("resource_request_id", "in", requests)]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------------------------------------
    # Values and who may edit
    # ------------------------------------------------------------------------------------------
    @api.constrains("kind", "unit", "quantity", "date_from", "date_to", "amount", "currency_id", "employee_ids")
    def _check_values(self):
        for line in self:
            if line.kind == "people":
                if not line.role and not line.employee_ids:
                    raise ValidationError(_("A line of people needs a role or named employees."))
                if line.quantity <= 0:
                    raise ValidationError(
                        _(
                            "The person-days or FTE of a line of people must be more than zero (got %(value)s).",
                            value=line._collab_days_text(line.quantity),
                        )
                    )
                if line.unit == "fte" and line.quantity > 1000:
                    raise ValidationError(
                        _(
                            "At most 1000 FTE on one line (got %(value)s).",
                            value=line._collab_days_text(line.quantity),
                        )
                    )
                if not line.date_from or not line.date_to:
                    raise ValidationError(_("A line of people needs its period: from and to."))
                label = _("The period")
                check_date_bounds(self.env, line.date_from, label)
                check_date_bounds(self.env, line.date_to, label)
                if line.date_to < line.date_from:
                    raise ValidationError(
                        _(
                            "The period must end on or after its start (%(start)s – %(end)s).",
                            start=line.date_from,
                            end=line.date_to,
                        )
                    )
                if (line.date_to - line.date_from).days > MAX_PERIOD_DAYS:
                    raise ValidationError(_("A period of people lasts at most three years."))
                others = line.employee_ids.filtered(lambda e, d=line.department_id: e.department_id != d)
                if others:
                    raise ValidationError(
                        _(
                            "%(employees)s do not work in %(department)s.",
                            employees=", ".join(others.mapped("name")),
                            department=line.department_id.name,
                        )
                    )
            else:
                if line.amount <= 0:
                    raise ValidationError(
                        _(
                            "The amount of a budget line must be more than zero (got %(value)s).",
                            value=line._collab_amount_text(),
                        )
                    )
                if not line.currency_id:
                    raise ValidationError(_("A budget line needs its currency."))

    @api.model_create_multi
    def create(self, vals_list):
        # people lines name no amount, budget lines no people: what the other kind left is cleared
        for vals in vals_list:
            self._collab_clear_other_kind(vals)
        lines = super().create(vals_list)
        lines._collab_refresh_load()
        return lines

    def write(self, vals):
        if "kind" in vals:
            self._collab_clear_other_kind(vals)
        result = super().write(vals)
        self._collab_refresh_load()
        return result

    def _collab_refresh_load(self):
        """The department load follows what these lines commit (derived data, see
        ``collab.task.load._collab_refresh_resources``)."""
        self.env["collab.task.load"]._collab_refresh_resources(self.ids)

    @api.model
    def _collab_clear_other_kind(self, vals):
        if vals.get("kind") == "budget":
            vals.update(quantity=0.0, employee_ids=[fields.Command.clear()])

    def unlink(self):
        if not self.env.su:
            self._collab_check_parents_editable(self.approval_id, self.resource_request_id)
        ids = self.ids
        result = super().unlink()
        self.env["collab.task.load"]._collab_refresh_resources(ids)
        return result

    def _collab_check_create_values(self, vals):
        # the rights speak first: a user without any on resource lines is told so
        self.browse().check_access("create")
        approval = self.env["collab.approval"].browse(vals.get("approval_id") or [])
        request = self.env["collab.resource.request"].browse(vals.get("resource_request_id") or [])
        if bool(approval) == bool(request):
            raise UserError(_("A resource line belongs to one department review or to one resource request."))
        self._collab_check_parents_editable(approval, request)

    def _collab_guard_write(self, vals):
        result = super()._collab_guard_write(vals)
        self._collab_check_parents_editable(self.approval_id, self.resource_request_id)
        return result

    def _collab_check_parents_editable(self, approvals, requests):
        """Commitments change only by the review's decider while it is pending; a request's lines
        only by its requester, the project lead or the coordinator while it is a draft."""
        user = self.env.user
        for approval in approvals:
            refusal = approval._decision_cannot_decide_reason(user)
            if refusal:
                raise refusal
        for request in requests:
            request._collab_check_editable()
            if not request._collab_may_prepare(user):
                raise AccessError(
                    _(
                        "Only the requester of %(request)s, the project lead or the coordinator can change what "
                        "it asks for.",
                        request=request.display_name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # The department load's hook
    # ------------------------------------------------------------------------------------------
    @api.model
    def _collab_load_person_days(self, date_from, date_to, department_ids=None, line_ids=None):
        """The people that count in the departments' load between ``date_from`` and ``date_to``
        (dates, inclusive; None: any period): ``[{line_id, company_id, department_id, employee_id,
        user_id, project_id, date_from, date_to, person_days}]`` (ids; ``employee_id`` and
        ``user_id`` False for a role) of the people lines of projects, committed in an approved
        review of the current round or of an approved resource request, whose period overlaps the
        window — one query. ``department_ids``, ``line_ids``: lists of ids (None: all). Each line's
        whole period and person-days are given, split between its named employees; spreading them
        over the weeks is the caller's (``collab.task.load._collab_refresh_resources``)."""
        self.env.flush_all()
        conditions = [
            SQL("l.kind = 'people'"),
            SQL("l.status IN %s", COUNTING_STATUSES),
            SQL("l.project_id IS NOT NULL"),
        ]
        if date_from and date_to:
            conditions.append(SQL("l.date_from <= %s AND l.date_to >= %s", date_to, date_from))
        if line_ids is None:
            conditions.append(SQL("l.company_id = ANY(%s)", self.env.companies.ids))
        else:
            conditions.append(SQL("l.id = ANY(%s)", list(line_ids)))
        if department_ids is not None:
            conditions.append(SQL("l.department_id = ANY(%s)", list(department_ids)))
        self.env.cr.execute(
            SQL(
                """SELECT l.id, l.company_id, l.department_id, rel.employee_id, employee.user_id, l.project_id,
                          l.date_from, l.date_to,
                          l.total_person_days / GREATEST(1, COUNT(rel.employee_id) OVER (PARTITION BY l.id))
                     FROM collab_resource_line l
                LEFT JOIN collab_resource_line_employee_rel rel ON rel.line_id = l.id
                LEFT JOIN hr_employee employee ON employee.id = rel.employee_id
                    WHERE %s
                 ORDER BY l.department_id, l.date_from, l.id, rel.employee_id""",
                SQL(" AND ").join(conditions),
            )
        )
        return [
            {
                "line_id": line_id,
                "company_id": company_id,
                "department_id": department_id,
                "employee_id": employee_id or False,
                "user_id": user_id or False,
                "project_id": project_id,
                "date_from": start,
                "date_to": end,
                "person_days": person_days,
            }
            for (
                line_id,
                company_id,
                department_id,
                employee_id,
                user_id,
                project_id,
                start,
                end,
                person_days,
            ) in self.env.cr.fetchall()
        ]

    @api.model
    def _collab_days_text(self, days):
        """Person-days or FTE as people read them, in the context's language: grouped, at most two
        decimals, no trailing zeros ("5", "2.5", "1,250"). The one way this module writes them
        (activity notes, the lines' names, the dossier, the review form's load table)."""
        text = formatLang(self.env, days or 0.0, digits=DAYS_DIGITS)
        point = get_lang(self.env).decimal_point
        return text.rstrip("0").rstrip(point) if point and point in text else text

    def _collab_amount_text(self):
        """The budget line's amount in its currency, in the context's language ("¥ 3,000.00")."""
        self.ensure_one()
        currency = self.currency_id or self.company_id.currency_id or self.env.company.currency_id
        return format_amount(self.env, self.amount, currency, self.env.lang)

    @api.depends_context("lang")
    @api.depends(
        "kind", "role", "employee_ids.name", "unit", "quantity", "date_from", "date_to", "amount", "currency_id"
    )
    def _compute_display_name(self):
        for line in self:
            line.display_name = line._collab_label()

    def _collab_label(self):
        """The line in one line of text (activity notes, its name), in the context's language."""
        self.ensure_one()
        if self.kind == "budget":
            return _("Budget %(amount)s", amount=self._collab_amount_text())
        who = ", ".join(filter(None, [self.role, *self.employee_ids.mapped("name")]))
        unit = dict(self._fields["unit"]._description_selection(self.env))[self.unit]
        return _(
            "%(who)s: %(quantity)s %(unit)s, %(start)s – %(end)s",
            who=who,
            quantity=self._collab_days_text(self.quantity),
            unit=unit,
            start=self.date_from or "",
            end=self.date_to or "",
        )
