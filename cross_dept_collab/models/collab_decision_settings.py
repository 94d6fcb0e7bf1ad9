from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    collab_decision_coordinator_factor = fields.Float(
        "Escalate to the Coordinator at",
        default=2.0,
        help="An undecided decision (review, sign-off, acceptance, change request) goes to the coordinator "
        "once this many times the time it was given has passed (2 = twice the time).",
    )
    collab_decision_sponsor_factor = fields.Float(
        "Escalate to the Sponsor at",
        default=3.0,
        help="…and to the sponsor once this many times the time it was given has passed.",
    )

    @api.constrains("collab_decision_coordinator_factor", "collab_decision_sponsor_factor")
    def _check_collab_decision_factors(self):
        for company in self:
            coordinator = company.collab_decision_coordinator_factor
            sponsor = company.collab_decision_sponsor_factor
            if not 1 <= coordinator <= 100 or not coordinator <= sponsor <= 100:
                raise ValidationError(
                    _(
                        "Escalation multipliers: the coordinator's must be between 1 and 100, the sponsor's "
                        "between the coordinator's and 100 (got %(coordinator)s and %(sponsor)s).",
                        coordinator=coordinator,
                        sponsor=sponsor,
                    )
                )
