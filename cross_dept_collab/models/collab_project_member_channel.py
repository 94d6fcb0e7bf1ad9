"""collab.project.member: the project group follows the team (liaisons and module owners)."""

from odoo import api, models

# the team row fields whose change changes the project's group
GROUP_MEMBER_FIELDS = frozenset(("liaison_id", "module_owner_ids", "project_id"))


class CollabProjectMemberChannel(models.Model):
    _inherit = "collab.project.member"

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        if not self.env.context.get("collab_channel_defer"):
            members.project_id._collab_channel_sync()
        return members

    def write(self, vals):
        if not GROUP_MEMBER_FIELDS & set(vals) or self.env.context.get("collab_channel_defer"):
            return super().write(vals)
        projects = self.project_id
        # the hand-over to a new liaison rewrites the tasks' owners: one sync at the end
        result = super(CollabProjectMemberChannel, self.with_context(collab_channel_defer=True)).write(vals)
        (projects | self.project_id)._collab_channel_sync()
        return result

    def unlink(self):
        projects = self.project_id
        result = super().unlink()
        if not self.env.context.get("collab_channel_defer"):
            projects._collab_channel_sync()
        return result
