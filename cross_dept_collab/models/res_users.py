from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        result = super().write(vals)
        if vals.get("lang"):
            # what the module asked of them, in the language they now read (their decisions'
            # activities were written in the one they had)
            # sudo: the system rewrites its own texts on activities assigned to these users
            activities = self.env["mail.activity"].sudo().search([("user_id", "in", self.ids)])
            activities._collab_follow_assignee_language()
        return result
