"""What the project group's members are taken from: a record of a project (a team row, a task)
whose people are in the project's group."""

from odoo import api, models


class CollabProjectGroupSource(models.AbstractModel):
    """Creating one, changing one of its ``_collab_group_fields`` or deleting it syncs its
    projects' groups, once per operation: what the operation sets off (a liaison's hand-over
    rewriting the task owners, the tasks a project is created with) runs with
    ``collab_channel_defer`` and leaves the sync to the operation that started it."""

    _name = "collab.project.group.source"
    _description = "Record whose people are in its project's group"

    # the fields whose change changes who is in the group
    _collab_group_fields = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._collab_group_sync(records.project_id)
        return records

    def write(self, vals):
        if not self._collab_group_fields & set(vals) or self.env.context.get("collab_channel_defer"):
            return super().write(vals)
        projects = self.project_id
        result = super(CollabProjectGroupSource, self.with_context(collab_channel_defer=True)).write(vals)
        self._collab_group_sync(projects | self.project_id)
        return result

    def unlink(self):
        projects = self.project_id
        result = super().unlink()
        self._collab_group_sync(projects)
        return result

    def _collab_group_sync(self, projects):
        if not self.env.context.get("collab_channel_defer"):
            projects._collab_channel_sync()
