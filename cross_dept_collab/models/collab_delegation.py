from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from .collab_reminder_engine import ReminderRule
from .collab_workflow_guard import check_date_bounds, text_to_html


class CollabDelegation(models.Model):
    """代理: while a person is away, their decisions are asked of a delegate.

    Set by the person for themselves or by the coordinator for anyone. In effect from
    ``date_start`` to ``date_end`` (inclusive): new decisions of the person go to the delegate and
    their pending ones move there; when it ends, pending ones go back. Chains resolve
    (A→B→C) in ``collab.responsibility.resolve_deciders``; a cycle is refused.
    """

    _name = "collab.delegation"
    _inherit = ["mail.thread"]
    _description = "Decision Delegation"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users",
        string="Delegating User",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        ondelete="cascade",
        tracking=True,
    )
    delegate_id = fields.Many2one(
        "res.users",
        string="Delegate",
        required=True,
        index=True,
        domain=[("share", "=", False)],
        ondelete="cascade",
        tracking=True,
    )
    date_start = fields.Date("From", required=True, default=lambda self: self.env.company.collab_today(), tracking=True)
    # no default: a row saved with Enter right after "From" must not become a one-day delegation
    # (end = start); the list asks for "To", and an end before the start follows the start
    date_end = fields.Date("To", required=True, tracking=True)
    reason = fields.Char()
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, tracking=True)
    source = fields.Selection(
        [("manual", "Set by Hand"), ("time_off", "Time Off")], default="manual", required=True, readonly=True
    )
    leave_ref = fields.Integer("Time Off", readonly=True, index=True, help="The time off (hr.leave id) it follows.")
    in_effect = fields.Boolean(compute="_compute_in_effect", search="_search_in_effect")

    @api.onchange("date_start")
    def _onchange_date_start(self):
        for delegation in self:
            if delegation.date_start and delegation.date_end and delegation.date_end < delegation.date_start:
                delegation.date_end = delegation.date_start

    @api.depends("date_start", "date_end", "active", "company_id")
    def _compute_in_effect(self):
        for delegation in self:
            today = delegation._collab_today()
            delegation.in_effect = bool(
                delegation.active
                and delegation.date_start
                and delegation.date_end
                and delegation.date_start <= today <= delegation.date_end
            )

    def _search_in_effect(self, operator, value):
        """In effect on its company's day: a record rule or a filter may say
        ``('in_effect', '=', True)`` (a rule's own ``time`` is the server's UTC clock)."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on delegations in effect."))
        # sudo: the companies' time zones, whoever searches
        days = defaultdict(list)
        for company in self.env["res.company"].sudo().search([]):
            days[company.collab_today()].append(company.id)
        in_effect = expression.OR(
            [
                [("company_id", "in", ids), ("date_start", "<=", day), ("date_end", ">=", day)]
                for day, ids in days.items()
            ]
        )
        in_effect = expression.AND([[("active", "=", True)], in_effect])
        return in_effect if (operator == "=") == value else ["!", *in_effect]

    @api.depends_context("lang")
    @api.depends("user_id", "delegate_id")
    def _compute_display_name(self):
        for delegation in self:
            delegation.display_name = _(
                "%(delegate)s for %(user)s (delegation)",
                delegate=delegation.delegate_id.name or "",
                user=delegation.user_id.name or "",
            )

    # ------------------------------------------------------------------------------------------
    # Who may set it, and no loops
    # ------------------------------------------------------------------------------------------
    def _may_manage_all(self):
        """HR officers and the coordinator set anyone's delegations; others their own only."""
        return self.env["collab.responsibility"].may_manage_authority()

    def _check_may_manage(self):
        if self._may_manage_all():
            return
        for delegation in self:
            if delegation.user_id != self.env.user:
                raise AccessError(
                    _("You can set delegations for yourself only; HR officers and the coordinator set them for others.")
                )

    def _check_parties(self):
        """The one check of a candidate decider for the delegate; the delegating user is an internal
        user of the delegation's company, which must be one of the caller's companies."""
        responsibility = self.env["collab.responsibility"]
        for delegation in self:
            company = delegation.company_id
            if not self.env.su and company not in self.env.user.company_ids:
                raise AccessError(
                    _(
                        "You can set delegations only in your own companies, not in %(company)s.",
                        company=company.sudo().name,
                    )
                )
            responsibility.check_deciders(
                delegation.user_id, company, self.env._("the person delegating"), collaboration=False
            )
            responsibility.check_deciders(
                delegation.delegate_id,
                company,
                self.env._("the delegate of %(user)s", user=delegation.user_id.name),
            )

    def _check_segregation(self):
        """A delegation in effect may not hand anyone a decision of his own request: refused when
        the delegate initiated a request whose decision now waits for the delegating user."""
        for delegation in self.filtered(lambda d: d.in_effect and d.source == "manual"):
            for model_name in self._decision_models():
                Model = self.env[model_name].sudo()
                if not Model._decision_initiator_field:
                    continue
                own = Model.search(
                    [
                        (Model._decision_state_field, "=", Model._decision_pending_state),
                        *Model._decision_held_by_domain(delegation.user_id),
                        (Model._decision_initiator_field, "=", delegation.delegate_id.id),
                    ]
                ).filtered(lambda r, d=delegation: d.delegate_id in r._decision_forbidden_deciders())
                if own:
                    raise UserError(
                        _(
                            "%(delegate)s cannot decide for %(user)s: %(delegate)s initiated %(record)s, which waits "
                            "for a decision of %(user)s, and the company does not allow self-approval.",
                            delegate=delegation.delegate_id.name,
                            user=delegation.user_id.name,
                            record=own[0].display_name,
                        )
                    )

    @api.constrains("date_start", "date_end", "user_id", "delegate_id")
    def _check_dates(self):
        for delegation in self:
            check_date_bounds(self.env, delegation.date_start, _("From"))
            check_date_bounds(self.env, delegation.date_end, _("To"))
            if delegation.date_end < delegation.date_start:
                raise ValidationError(_("A delegation ends on or after its start."))
            if delegation.user_id == delegation.delegate_id:
                raise ValidationError(_("Nobody delegates to themselves."))

    @api.constrains("user_id", "delegate_id", "date_start", "date_end", "active")
    def _check_no_cycle(self):
        """Following the delegations that overlap, nobody may end up deciding for themselves."""
        for delegation in self.filtered("active"):
            # sudo: every delegation counts for the loop, whoever set it
            overlapping = self.sudo().search(
                [
                    ("active", "=", True),
                    ("date_start", "<=", delegation.date_end),
                    ("date_end", ">=", delegation.date_start),
                ]
            )
            edges = {}
            for other in overlapping:
                edges.setdefault(other.user_id.id, set()).add(other.delegate_id.id)
            seen, todo = set(), [delegation.delegate_id.id]
            while todo:
                current = todo.pop()
                if current == delegation.user_id.id:
                    raise ValidationError(
                        _(
                            "%(delegate)s already hands decisions back to %(user)s in that period: "
                            "delegations may not go round in a loop.",
                            delegate=delegation.delegate_id.name,
                            user=delegation.user_id.name,
                        )
                    )
                if current not in seen:
                    seen.add(current)
                    todo.extend(edges.get(current, ()))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("source", "manual") != "manual" or vals.get("leave_ref"):
                    raise AccessError(_("Only time off starts a delegation from time off."))
                company_id = vals.get("company_id")
                if company_id and (isinstance(company_id, bool) or not isinstance(company_id, int)):
                    raise UserError(_("The company of a delegation must be the id of a company."))
                if company_id and company_id not in self.env.user.company_ids.ids:
                    # sudo: the name of the refused company, for the message
                    company = self.env["res.company"].sudo().browse(company_id).exists()
                    raise AccessError(
                        _(
                            "You can set delegations only in your own companies, not in %(company)s.",
                            company=company.name or company_id,
                        )
                    )
                if vals.get("user_id", self.env.uid) != self.env.uid and not self._may_manage_all():
                    raise AccessError(
                        _(
                            "You can set delegations for yourself only; HR officers and the coordinator set them "
                            "for others."
                        )
                    )
        delegations = super().create(vals_list)
        delegations._check_parties()
        delegations._check_segregation()
        delegations._sync_decisions()
        return delegations

    def write(self, vals):
        self._check_may_manage()
        if not self.env.su and ({"source", "leave_ref"} & set(vals)):
            raise AccessError(_("Only time off starts a delegation from time off."))
        if "user_id" in vals and vals["user_id"] != self.env.uid and not self._may_manage_all():
            raise AccessError(
                _("You can set delegations for yourself only; HR officers and the coordinator set them for others.")
            )
        result = super().write(vals)
        if {"user_id", "delegate_id", "company_id"} & set(vals):
            self._check_parties()
        if {"user_id", "delegate_id", "company_id", "date_start", "date_end", "active"} & set(vals):
            self._check_segregation()
        self._sync_decisions()
        return result

    def unlink(self):
        self._check_may_manage()
        users = self.user_id
        result = super().unlink()
        self.browse()._sync_decisions(users)
        return result

    # ------------------------------------------------------------------------------------------
    # Moving the decisions
    # ------------------------------------------------------------------------------------------
    @api.model
    def _decision_models(self):
        mixin = self.env.registry["collab.decision.mixin"]
        return [name for name in mixin._inherit_children if not self.env.registry[name]._abstract]

    def _sync_decisions(self, users=None):
        """Pending decisions follow the delegations in effect today: those of a delegating user move
        to the delegate, those held for someone whose delegation ended go back."""
        users = (users or self.env["res.users"]) | self.sudo().user_id | self.sudo().delegate_id
        if not users:
            return
        self.env.flush_all()
        for model_name in self._decision_models():
            Model = self.env[model_name].sudo()
            pending = [(Model._decision_state_field, "=", Model._decision_pending_state)]
            held = Model.search([*pending, ("delegated_for_id", "!=", False)])
            held._decision_return_delegations()
            asked = Model.search(pending + Model._decision_held_by_domain(users))
            asked._decision_apply_delegations()

    # ------------------------------------------------------------------------------------------
    # Daily: delegations start and end by date (the reminder engine)
    # ------------------------------------------------------------------------------------------
    def _collab_reminder_rules(self):
        # the company's midnight (its working calendar's time zone), when ``in_effect`` changes
        company = SQL.identifier(self._table, "company_id")
        Company = self.env["res.company"]
        start = Company._collab_day_start_sql(SQL.identifier(self._table, "date_start"), company)
        end = Company._collab_day_start_sql(SQL("%s + 1", SQL.identifier(self._table, "date_end")), company)
        return [
            ReminderRule("delegation_start", self._name, [("active", "=", True)], start, "_remind_sync"),
            ReminderRule("delegation_end", self._name, [("active", "=", True)], end, "_remind_sync"),
        ]

    def _remind_sync(self, rule):
        self._sync_decisions()
        return {}

    # ------------------------------------------------------------------------------------------
    # Time off (Odoo's hr_holidays, when installed: optional)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _sync_time_off(self, users, today=None):
        """For users with a "delegate to when on time off", validated time off covering ``today``
        starts a delegation to that delegate; a delegation whose time off no longer covers today
        (refused, cancelled, shortened) ends."""
        if "hr.leave" not in self.env:
            return self.browse()
        today = today or self.env.company.collab_today()
        users = users.filtered("collab_delegate_id")
        # sudo: time off is read to route decisions; the delegations are the workflow's
        leaves = (
            self.env["hr.leave"]
            .sudo()
            .search(
                [
                    ("state", "=", "validate"),
                    ("employee_id.user_id", "in", users.ids),
                    ("request_date_from", "<=", today),
                    ("request_date_to", ">=", today),
                ]
            )
        )
        Delegation = self.sudo().with_context(active_test=False)
        existing = Delegation.search([("source", "=", "time_off"), ("user_id", "in", users.ids)])
        by_leave = {delegation.leave_ref: delegation for delegation in existing}
        vals_list = []
        responsibility = self.env["collab.responsibility"]
        for leave in leaves:
            user = leave.employee_id.user_id
            if leave.id in by_leave or not user.collab_delegate_id:
                continue
            company = leave.employee_id.company_id or self.env.company
            if responsibility.decider_problem(user.collab_delegate_id, company):
                # a delegate who can no longer decide here (archived, left the company): no delegation
                continue
            vals_list.append(
                {
                    "user_id": user.id,
                    "delegate_id": user.collab_delegate_id.id,
                    "date_start": leave.request_date_from,
                    "date_end": leave.request_date_to,
                    "reason": _("Time off"),
                    "source": "time_off",
                    "leave_ref": leave.id,
                    "company_id": (leave.employee_id.company_id or self.env.company).id,
                }
            )
        created = Delegation.create(vals_list) if vals_list else self.browse()
        ended = existing.filtered(lambda d: d.active and d.leave_ref not in leaves.ids and d.date_end >= today)
        if ended:
            ended.write({"active": False})
        return created


class ResUsers(models.Model):
    _inherit = "res.users"

    collab_delegation_ids = fields.One2many("collab.delegation", "user_id", string="My Delegations")
    collab_delegate_id = fields.Many2one(
        "res.users",
        string="Delegate on Time Off",
        domain=[("share", "=", False)],
        help="While your time off (Time Off app) is approved, your decisions go to this person.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "collab_delegation_ids", "collab_delegate_id"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "collab_delegate_id"]

    # who decides while one is away: one's own choice (or HR's, the coordinator's), checked and logged
    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users.filtered("collab_delegate_id")._collab_check_delegate()
        return users

    def write(self, vals):
        if "collab_delegate_id" not in vals:
            return super().write(vals)
        if self != self.env.user and not self.env["collab.responsibility"].may_manage_authority():
            raise AccessError(
                _("You can choose your own delegate on time off only; HR officers and the coordinator choose others'.")
            )
        before = {user: user.collab_delegate_id for user in self}
        result = super().write(vals)
        self._collab_check_delegate()
        for user, old in before.items():
            if user.collab_delegate_id != old:
                body = self.env._(
                    "Delegate on Time Off of %(user)s: %(old)s → %(new)s",
                    user=user.name,
                    old=old.name or "—",
                    new=user.collab_delegate_id.name or "—",
                )
                # sudo: users have no chatter; the log goes on their contact, the author stays the caller
                user.partner_id.sudo().message_post(body=text_to_html(body), subtype_xmlid="mail.mt_note")
        return result

    def _collab_check_delegate(self):
        responsibility = self.env["collab.responsibility"]
        for user in self.filtered("collab_delegate_id"):
            if user.collab_delegate_id == user:
                raise ValidationError(_("Nobody delegates to themselves."))
            responsibility.check_deciders(
                user, user.company_id, self.env._("the person delegating"), collaboration=False
            )
            responsibility.check_deciders(
                user.collab_delegate_id,
                user.company_id,
                self.env._("the delegate of %(user)s", user=user.name),
            )

    def _collab_reminder_rules(self):
        """Daily: time off starts and ends delegations (only when the Time Off app is installed)."""
        rules = getattr(super(), "_collab_reminder_rules", list)()
        if "hr.leave" not in self.env:
            return rules
        now = fields.Datetime.to_datetime(self.env.context.get("collab_reminder_now") or fields.Datetime.now())
        # once a day per user: from the start of the user's company's day (its calendar's time zone)
        company = SQL.identifier(self._table, "company_id")
        Company = self.env["res.company"]
        day = Company._collab_day_sql(now, company)
        return [
            *rules,
            ReminderRule(
                "time_off_delegation",
                self._name,
                [("collab_delegate_id", "!=", False)],
                Company._collab_day_start_sql(day, company),
                "_remind_time_off_delegation",
            ),
        ]

    def _remind_time_off_delegation(self, rule):
        now = self.env.context.get("collab_reminder_now") or fields.Datetime.now()
        for company, users in self.grouped("company_id").items():
            # each user's time off on the day of their company
            self.env["collab.delegation"]._sync_time_off(users, company.collab_today(now))
        self.env["collab.delegation"]._sync_decisions(self)
        return {}
