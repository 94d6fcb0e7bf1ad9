"""collab.risk: risks and issues announced in the project group — raised, turned red, past their
deadline (escalated)."""

from odoo import api, models
from odoo.tools import format_datetime


class CollabRiskChannel(models.Model):
    _inherit = "collab.risk"

    def _collab_is_red(self):
        """Red: a high risk (it alerts the lead at once), or an urgent or critical issue."""
        self.ensure_one()
        if self.kind == "risk":
            return self.level == "high"
        return self.urgency in ("urgent", "critical")

    def _collab_group_concerned(self):
        """Who is @mentioned: the owner and the project lead."""
        self.ensure_one()
        return self.owner_id | self._project_lead()

    def _collab_group_describe(self, local):
        """``kind level: title`` in the language of ``local``."""
        fields_ = local._fields
        kind = dict(fields_["kind"]._description_selection(local.env))[local.kind]
        grade = (
            dict(fields_["level"]._description_selection(local.env)).get(local.level)
            if local.kind == "risk"
            else dict(fields_["urgency"]._description_selection(local.env)).get(local.urgency)
        )
        return local.env._("%(kind)s (%(grade)s) %(risk)s", kind=kind, grade=grade or "", risk=local.name)

    @api.model_create_multi
    def create(self, vals_list):
        risks = super().create(vals_list)
        for risk in risks:
            risk.project_id._collab_group_post(
                risk,
                lambda local: (
                    local.env._(
                        "Red alert — %(risk)s raised by %(reporter)s; owner %(owner)s. Impact: %(impact)s",
                        risk=local._collab_group_describe(local),
                        reporter=local.reporter_id.name,
                        owner=local.owner_id.name,
                        impact=local.impact or "—",
                    )
                    if local._collab_is_red()
                    else local.env._(
                        "%(risk)s raised by %(reporter)s; owner %(owner)s.",
                        risk=local._collab_group_describe(local),
                        reporter=local.reporter_id.name,
                        owner=local.owner_id.name,
                    )
                ),
                users=risk._collab_group_concerned(),
            )
        return risks

    def write(self, vals):
        if not {"level", "urgency"} & set(vals):
            return super().write(vals)
        was_red = {risk.id for risk in self if risk._collab_is_red()}
        result = super().write(vals)
        for risk in self.filtered(lambda r: r.id not in was_red and r.state in ("open", "mitigating")):
            if risk._collab_is_red():
                risk.project_id._collab_group_post(
                    risk,
                    lambda local: local.env._(
                        "Turned red — %(risk)s; owner %(owner)s: a response plan is due by %(due)s.",
                        risk=local._collab_group_describe(local),
                        owner=local.owner_id.name,
                        due=local._collab_group_deadline(local.date_response_due),
                    ),
                    users=risk._collab_group_concerned(),
                )
        return result

    def _collab_group_deadline(self, moment):
        """A deadline in the company's time zone, as the group reads it."""
        if not moment:
            return "—"
        company = self.company_id or self.env.company
        return format_datetime(self.env, moment, tz=company._collab_tz_name(), dt_format="short")

    def _escalate(self, reason):
        told = super()._escalate(reason)
        reasons = dict(self._fields["escalation_reason"]._description_selection(self.env))
        for risk in self:
            risk.project_id._collab_group_post(
                risk,
                lambda local: local.env._(
                    "%(risk)s escalated to level %(level)s: %(reason)s. Owner %(owner)s.",
                    risk=local._collab_group_describe(local),
                    level=local.escalation_level,
                    reason=dict(local._fields["escalation_reason"]._description_selection(local.env)).get(
                        reason, reasons.get(reason, reason)
                    ),
                    owner=local.owner_id.name,
                ),
                users=risk._collab_group_concerned() | told.get(risk.id, self.env["res.users"]),
            )
        return told
