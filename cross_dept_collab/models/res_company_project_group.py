"""res.company: the project group's setting, and the coordinator's seat in every group."""

from odoo import fields, models


class ResCompanyProjectGroup(models.Model):
    _inherit = "res.company"

    collab_group_post = fields.Boolean(
        string="Post Events in Project Groups",
        default=True,
        help="The product posts in each project's group (plan confirmed, changes, blocked tasks, risks, minutes, "
        "acceptance, weekly status), mentioning the people concerned. Off: the groups stay, without these posts.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "collab_coordinator_id" in vals:
            # sudo: the coordinator joins (and the former one leaves) every project group of the company
            projects = (
                self.env["project.project"]
                .sudo()
                .with_context(active_test=False)
                .search([("company_id", "in", self.ids), ("collab_channel_id", "!=", False)])
            )
            projects._collab_channel_sync()
        return result
