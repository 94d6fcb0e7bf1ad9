"""project.project: the plan as an Excel workbook — export, and the import wizard's entry."""

import base64

from odoo import _, models

from . import plan_excel


class ProjectProjectExcel(models.Model):
    _inherit = "project.project"

    # ------------------------------------------------------------------------------------------
    # Excel
    # ------------------------------------------------------------------------------------------
    def _plan_headers(self):
        return [
            _("WBS Code"),
            _("Task Name"),
            _("Owning Department"),
            _("Owner"),
            _("Start – End"),
            _("Deliverable Standard"),
            _("Predecessors"),
            _("Status"),
        ]

    def _plan_rows(self):
        self.ensure_one()
        statuses = dict(self.env["project.task"]._fields["collab_status"]._description_selection(self.env))
        return [
            {
                "code": task.wbs_code or "",
                "name": task.name,
                "department": task.collab_department_id.name or "",
                "owner": ", ".join(task.user_ids.mapped("name")),
                "date_start": task.date_planned_start or None,
                "date_end": task.date_planned_end or None,
                "standard": plan_excel_standard(task.deliverable, task.acceptance_standard),
                "predecessors": sorted((p.wbs_code for p in task.depend_on_ids if p.wbs_code), key=_code_key),
                "status": statuses.get(task.collab_status, ""),
            }
            for task in self._plan_tasks()
        ]

    def action_export_plan_xlsx(self):
        self._collab_records_arg(self)
        content = plan_excel.write_plan_xlsx(self._plan_headers(), self._plan_rows())
        attachment = self.env["ir.attachment"].create(
            {
                "name": _("Plan %(project)s.xlsx", project=self.name),
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    def action_open_plan_import(self):
        self._collab_records_arg(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Import Plan"),
            "res_model": "collab.plan.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_project_id": self.id},
        }


def _code_key(code):
    return [int(part) for part in code.split(".")]


def plan_excel_standard(deliverable, standard):
    """The plan table's single "deliverable standard" column: ``deliverable: standard``."""
    if standard:
        return f"{deliverable or ''}: {standard}"
    return deliverable or ""
