from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CollabChangeRequestLine(models.Model):
    """A task of the plan and the dates a change request gives it; the old dates are kept."""

    _name = "collab.change.request.line"
    _description = "Change Request: New Plan Dates of a Task"
    _order = "change_request_id, id"
    _inherit = ["collab.workflow.guard"]
    _collab_workflow_fields = ("change_request_id", "old_date_planned_start", "old_date_planned_end")
    _collab_create_fields = ("change_request_id",)
    _collab_parent_field = "change_request_id"

    change_request_id = fields.Many2one(
        "collab.change.request", string="Change Request", required=True, ondelete="cascade", index=True
    )
    project_id = fields.Many2one(related="change_request_id.project_id")
    company_id = fields.Many2one(related="change_request_id.company_id", store=True)
    state = fields.Selection(related="change_request_id.state")
    task_id = fields.Many2one("project.task", string="Task", required=True, index=True)
    wbs_code = fields.Char(related="task_id.wbs_code")
    old_date_planned_start = fields.Date(
        "Old Start", compute="_compute_old_dates", store=True, readonly=True, precompute=True
    )
    old_date_planned_end = fields.Date(
        "Old End", compute="_compute_old_dates", store=True, readonly=True, precompute=True
    )
    date_planned_start = fields.Date(
        "New Start", compute="_compute_new_dates", store=True, readonly=False, precompute=True, required=True
    )
    date_planned_end = fields.Date(
        "New End", compute="_compute_new_dates", store=True, readonly=False, precompute=True, required=True
    )

    @api.depends("task_id")
    def _compute_old_dates(self):
        for line in self:
            line.old_date_planned_start = line.task_id.date_planned_start
            line.old_date_planned_end = line.task_id.date_planned_end

    @api.depends("task_id")
    def _compute_new_dates(self):
        """Proposed from the task's current dates, for the requester to change."""
        for line in self:
            line.date_planned_start = line.task_id.date_planned_start
            line.date_planned_end = line.task_id.date_planned_end

    def _snapshot_old_dates(self):
        """Record the task's dates as they are now (on submission and again just before applying)."""
        for line in self:
            line.write(
                {
                    "old_date_planned_start": line.task_id.date_planned_start,
                    "old_date_planned_end": line.task_id.date_planned_end,
                }
            )

    @api.constrains("task_id", "change_request_id")
    def _check_task_in_project(self):
        for line in self:
            if line.task_id.project_id != line.change_request_id.project_id:
                raise ValidationError(
                    _(
                        "The task %(task)s does not belong to the project %(project)s of the change request.",
                        task=line.task_id.display_name,
                        project=line.change_request_id.project_id.display_name,
                    )
                )

    @api.constrains("date_planned_start", "date_planned_end")
    def _check_dates(self):
        for line in self:
            if line.date_planned_start and line.date_planned_end and line.date_planned_end < line.date_planned_start:
                raise ValidationError(
                    _(
                        "The new planned end of %(task)s (%(end)s) is before its new planned start (%(start)s).",
                        task=line.task_id.display_name,
                        end=line.date_planned_end,
                        start=line.date_planned_start,
                    )
                )

    @api.constrains("task_id", "change_request_id")
    def _check_task_once(self):
        for line in self:
            if len(line.change_request_id.line_ids.filtered(lambda other, t=line.task_id: other.task_id == t)) > 1:
                raise ValidationError(
                    _("The task %(task)s is listed twice in the change request.", task=line.task_id.display_name)
                )
