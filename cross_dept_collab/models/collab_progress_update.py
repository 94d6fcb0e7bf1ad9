from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .collab_workflow_guard import check_date_bounds


class CollabProgressUpdate(models.Model):
    """An owner's progress report on a task (进度跟踪表)."""

    _name = "collab.progress.update"
    _description = "Task Progress Update"
    _order = "date desc, id desc"
    _inherit = ["collab.workflow.guard"]
    # the reporter is whoever reports; an update is the task's history, so it is not edited
    _collab_workflow_fields = ("user_id", "task_id", "project_id", "company_id")
    _collab_create_fields = ("task_id",)

    task_id = fields.Many2one("project.task", required=True, ondelete="cascade", index=True)
    project_id = fields.Many2one(related="task_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="task_id.company_id", store=True)
    user_id = fields.Many2one("res.users", string="Reported By", default=lambda self: self.env.user, readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    progress = fields.Float("% Complete", required=True)
    summary = fields.Text("Current Progress", required=True)
    work_done = fields.Text("Work Completed")
    open_problems = fields.Text("Open Problems")
    has_risk = fields.Boolean("Risk")
    risk_note = fields.Text("Risk Explanation")
    date_expected = fields.Date("New Expected End")
    # a late task's owner says why (计划表: 延期任务注明原因及预计完成时间); shown as its variance reason
    delay_reason = fields.Text("Reason for the Delay")
    task_status = fields.Selection(related="task_id.collab_status", string="Task Status")

    _sql_constraints = [
        ("progress_range", "CHECK(progress >= 0 AND progress <= 100)", "% complete must be between 0 and 100."),
    ]

    @api.constrains("has_risk", "risk_note")
    def _check_risk_note(self):
        for update in self:
            if update.has_risk and not (update.risk_note or "").strip():
                raise ValidationError(_("Explain the risk you flag on %(task)s.", task=update.task_id.name))

    @api.constrains("date")
    def _check_date(self):
        # a minute of clock skew between the browser and the server is tolerated
        latest = fields.Datetime.now() + timedelta(minutes=5)
        for update in self:
            check_date_bounds(self.env, update.date, self._fields["date"]._description_string(self.env))
            if update.date > latest:
                raise ValidationError(
                    _("A progress update cannot be dated in the future (%(date)s).", date=update.date)
                )

    @api.constrains("date_expected")
    def _check_date_expected(self):
        for update in self:
            check_date_bounds(
                self.env, update.date_expected, self._fields["date_expected"]._description_string(self.env)
            )

    def _check_can_report(self):
        """Owners report on their tasks; the department's head and the coordinator may too."""
        user = self.env.user
        if self.env.su or user.has_group("cross_dept_collab.group_collab_coordinator"):
            return
        responsibility = self.env["collab.responsibility"]
        for update in self:
            task = update.task_id
            if user not in task.user_ids and user != responsibility.department_head(task.collab_department_id):
                raise AccessError(
                    _("Only the owners of %(task)s or their department's head can report its progress.", task=task.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        updates = super().create(vals_list)
        updates._check_can_report()
        # work on a task starts its phase: the phase gate applies (sudo: the gate reads all the
        # project's phases, whatever the reporter may read of the project)
        updates.filtered(lambda u: u.progress > 0).task_id.milestone_id.sudo()._check_can_start()
        for update in updates.sorted("date"):
            # sudo: the guard above allowed the reporter; the task's own rights may be narrower
            update.task_id.sudo().write(
                {
                    "collab_progress": update.progress,
                    "last_progress_date": update.date,
                    "last_progress_update_id": update.id,
                }
            )
        return updates
