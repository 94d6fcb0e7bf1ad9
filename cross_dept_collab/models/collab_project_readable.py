from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CollabProjectReadable(models.AbstractModel):
    """A record of a project (``project_id``) read by exactly who reads its project: the record
    rule ``[('project_readable', '=', True)]`` runs the project search as the reader, so every rule
    of ``project.project`` — Odoo's, the module's, multi-company — applies unchanged."""

    _name = "collab.project.readable"
    _description = "Record read by who reads its project"

    project_readable = fields.Boolean(
        compute="_compute_project_readable",
        search="_search_project_readable",
        help="Whether the current user reads the record's project: its read rule.",
    )

    @api.model
    def _collab_readable_projects(self):
        """The projects the current user reads, as a subquery: the project search run as the user
        (not as the superuser the record rules are evaluated as)."""
        return self.env["project.project"].with_user(self.env.uid).with_context(active_test=False)._search([])

    def _search_project_readable(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Whether the project is readable can only be searched as true or false."))
        positive = (operator == "=") == value
        return [("project_id", "in" if positive else "not in", self._collab_readable_projects())]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_project_readable(self):
        # computed as the user even in sudo: Odoo checks record rules on records in memory
        # (``filtered_domain`` as superuser), where this value is read
        projects = self.project_id.with_user(self.env.uid).with_context(active_test=False)
        readable = projects.search([("id", "in", projects.ids)]) if projects.ids else projects
        for record in self:
            record.project_readable = record.project_id in readable
