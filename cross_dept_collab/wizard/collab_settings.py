from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

COORDINATOR_GROUP = "cross_dept_collab.group_collab_coordinator"
# hours: a positive number of hours (at most ten years); days: zero or more days (at most ten years)
HOUR_FIELDS = (
    "collab_review_hours",
    "collab_lead_confirmation_hours",
    "collab_department_review_hours",
    "collab_sponsor_approval_hours",
    "collab_urge_hours",
    "collab_stale_hours",
    "collab_risk_report_hours",
    "collab_risk_high_response_hours",
    "collab_risk_medium_response_hours",
    "collab_issue_normal_resolution_hours",
    "collab_issue_urgent_response_hours",
    "collab_issue_urgent_resolution_hours",
    "collab_issue_critical_response_hours",
    "collab_issue_critical_resolution_hours",
)
DAY_FIELDS = ("collab_remind_owner_days", "collab_remind_head_days")
FACTOR_FIELDS = ("collab_decision_coordinator_factor", "collab_decision_sponsor_factor")
MAX_HOURS = 24 * 3660
MAX_DAYS = 3660


class CollabSettings(models.TransientModel):
    """The coordinator's Settings: the collaboration settings of their company.

    Odoo's Settings (``res.config.settings``) are for administrators only; the coordinator (PMO)
    runs the collaboration, so this form gives them its settings — and nothing else of the
    company — under Collaboration > Configuration > Settings.
    """

    _name = "collab.settings"
    _inherit = "collab.company.settings.mixin"
    _description = "Collaboration Settings"

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)

    @api.depends_context("lang")
    def _compute_display_name(self):
        # the form's breadcrumb: the settings' name, not "New" (the form always opens a new record)
        for settings in self:
            settings.display_name = _("Collaboration Settings")

    # ------------------------------------------------------------------------------------------
    # Who may, and what
    # ------------------------------------------------------------------------------------------
    @api.model
    def _check_coordinator(self):
        if not (self.env.su or self.env.user.has_group(COORDINATOR_GROUP)):
            raise AccessError(_("Only the collaboration coordinator (PMO) can change the collaboration settings."))

    @api.model
    def _check_values(self, vals):
        unknown = [fname for fname in vals if fname not in self._fields]
        if unknown:
            raise UserError(_("Unknown collaboration settings: %(fields)s.", fields=", ".join(map(str, unknown))))
        if "company_id" in vals:
            company_id = vals["company_id"]
            if isinstance(company_id, bool) or company_id not in self.env.user.company_ids.ids:
                raise AccessError(_("You can only change the collaboration settings of your own companies."))
        for fname in HOUR_FIELDS + DAY_FIELDS:
            if fname not in vals:
                continue
            value, low, high = (
                vals[fname],
                (1 if fname in HOUR_FIELDS else 0),
                (MAX_HOURS if fname in HOUR_FIELDS else MAX_DAYS),
            )
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise UserError(
                    _(
                        "%(setting)s must be a whole number from %(low)s to %(high)s (got %(value)s).",
                        setting=self._fields[fname]._description_string(self.env),
                        low=low,
                        high=high,
                        value=value,
                    )
                )
        for fname in FACTOR_FIELDS:
            value = vals.get(fname, 1)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise UserError(
                    _("%(setting)s must be a number.", setting=self._fields[fname]._description_string(self.env))
                )
        if not isinstance(vals.get("collab_allow_self_approval", False), bool):
            raise UserError(_("Allow self-approval is on or off (true or false)."))
        if vals.get("collab_sla_time", "natural") not in ("natural", "working"):
            raise UserError(_("Count SLAs in natural time or working time."))
        for fname, group in (
            ("collab_coordinator_id", COORDINATOR_GROUP),
            ("collab_default_sponsor_id", "cross_dept_collab.group_collab_sponsor"),
        ):
            if not vals.get(fname):
                continue
            chosen = self.env["res.users"].browse(vals[fname]) if isinstance(vals[fname], int) else None
            if not chosen or isinstance(vals[fname], bool) or not chosen.exists() or not chosen.has_group(group):
                raise UserError(
                    _(
                        "%(setting)s must be a user of the group %(group)s.",
                        setting=self._fields[fname]._description_string(self.env),
                        group=self.env.ref(group).sudo().full_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_coordinator()
        for vals in vals_list:
            self._check_values(vals)
        # sudo: Odoo lets only administrators write companies; the coordinator keeps the
        # collaboration settings of their own companies — the group and the company were checked
        # above, and this model holds nothing but those settings
        return super(CollabSettings, self.sudo()).create(vals_list).sudo(False)

    def write(self, vals):
        self._check_coordinator()
        self._check_values(vals)
        # the form's own record (a transient belongs to whoever created it), of one's own company
        self.check_access("write")
        if self.company_id - self.env.user.company_ids:
            raise AccessError(_("You can only change the collaboration settings of your own companies."))
        # sudo: as in create
        return super(CollabSettings, self.sudo()).write(vals)

    @api.model
    def action_open(self):
        """The menu's entry: the settings as a saved record, so the form is titled with their
        name (a new record would be titled "New" in the breadcrumb)."""
        self._check_coordinator()
        action = self.env["ir.actions.act_window"]._for_xml_id("cross_dept_collab.collab_settings_action")
        action["res_id"] = self.create({}).id
        return action

    def action_save(self):
        """The values were written when the form was saved: say so, and show them fresh."""
        self._check_coordinator()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Settings saved"),
                "message": _("The collaboration settings of %(company)s are saved.", company=self.company_id.name),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
