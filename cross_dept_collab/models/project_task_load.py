"""project.task: its planned load (``collab.task.load``) follows its dates, department, owners,
project, parent and archiving."""

from odoo import api, models

# what a task's load rows are made of
LOAD_FIELDS = (
    "date_planned_start",
    "date_planned_end",
    "collab_department_id",
    "user_ids",
    "project_id",
    "parent_id",
    "active",
    "company_id",
)


class ProjectTaskLoad(models.Model):
    _inherit = "project.task"

    @api.model_create_multi
    def create(self, vals_list):
        tasks = super().create(vals_list)
        # a new sub-task turns its parent into a phase, which no longer counts itself
        self.env["collab.task.load"]._collab_refresh(tasks.ids + tasks.parent_id.ids)
        return tasks

    def write(self, vals):
        if not any(fname in vals for fname in LOAD_FIELDS):
            return super().write(vals)
        parents = self.parent_id.ids if "parent_id" in vals or "active" in vals else []
        result = super().write(vals)
        self.env["collab.task.load"]._collab_refresh(self.ids + parents + self.parent_id.ids)
        return result

    def unlink(self):
        Load = self.env["collab.task.load"]
        parents = self.parent_id.ids
        keys = Load._collab_keys_of(self.ids)
        result = super().unlink()
        # the rows went with their tasks (ondelete cascade): the sums they were part of are redone
        self.env["collab.report.department.load"]._collab_refresh_keys(keys)
        Load._collab_refresh(self.env["project.task"].browse(parents).exists().ids)
        Load.invalidate_model()
        return result
