"""collab.project.member: the project group follows the team (liaisons and module owners)."""

from odoo import models

# the team row fields whose change changes the project's group
GROUP_MEMBER_FIELDS = frozenset(("liaison_id", "module_owner_ids", "project_id"))


class CollabProjectMemberChannel(models.Model):
    _name = "collab.project.member"
    _inherit = ["collab.project.member", "collab.project.group.source"]

    _collab_group_fields = GROUP_MEMBER_FIELDS
