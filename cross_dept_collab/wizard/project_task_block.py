from odoo import fields, models


class ProjectTaskBlock(models.TransientModel):
    """The dialog behind the task's "Mark Blocked" button: the reason is required."""

    _name = "project.task.block"
    _description = "Mark a Task Blocked"

    task_id = fields.Many2one("project.task", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        self.task_id.action_collab_block(self.reason)
        # the task behind the dialog is read again: its plan-status badge says "Blocked" at once
        return {"type": "ir.actions.client", "tag": "soft_reload"}
