"""project.project: the resource register per department (资源盘点) and the resource requests."""

from odoo import _, api, fields, models

from .collab_resource_register import SUMS


class ProjectProject(models.Model):
    _inherit = "project.project"

    collab_resource_register_ids = fields.One2many(
        "collab.resource.register", "project_id", string="Resources by Department", readonly=True
    )
    collab_resource_request_ids = fields.One2many(
        "collab.resource.request", "project_id", string="Resource Requests", readonly=True
    )

    @api.model
    def _collab_create_from_request(self, request):
        project = super()._collab_create_from_request(request)
        project._collab_ensure_resource_registers()
        return project

    def _collab_resource_departments(self):
        """The departments of the project: its lead department, collaborating departments and team."""
        self.ensure_one()
        return self.lead_department_id | self.collab_department_ids | self.member_ids.department_id

    def _collab_ensure_resource_registers(self):
        """One register row per department of each project (and per department its lines name)."""
        # sudo: the rows belong to the project; whoever opens or changes its resources gets them
        projects = self.sudo()
        lines = (
            self.env["collab.resource.line"]
            .sudo()
            ._read_group([("project_id", "in", projects.ids)], ["project_id", "department_id"])
        )
        wanted = {
            (project.id, department.id) for project in projects for department in project._collab_resource_departments()
        }
        wanted |= {(project.id, department.id) for project, department in lines if department}
        existing = {(r.project_id.id, r.department_id.id) for r in projects.collab_resource_register_ids}
        missing = sorted(wanted - existing)
        if missing:
            self.env["collab.resource.register"].sudo().create(
                [{"project_id": project_id, "department_id": department_id} for project_id, department_id in missing]
            )

    def _collab_resource_totals(self):
        """``{(project id, department id): {field: value}}``: committed, requested and approved
        person-days and budget (in the project's company currency) of these projects, from their
        resource lines — one grouped read."""
        # sudo: the register's readers (the project's) read its sums, whatever they read of the
        # reviews and requests the lines come from
        groups = (
            self.env["collab.resource.line"]
            .sudo()
            ._read_group(
                [("project_id", "in", self.ids), ("status", "in", ("committed", "requested", "approved"))],
                ["project_id", "department_id", "status", "currency_id"],
                ["total_person_days:sum", "amount:sum"],
            )
        )
        totals = {}
        for project, department, status, currency, days, amount in groups:
            values = totals.setdefault((project.id, department.id), {})
            company = project.company_id or self.env.company
            if amount and currency and currency != company.currency_id:
                amount = currency._convert(amount, company.currency_id, company, project._collab_today())
            for statuses, days_field, amount_field in SUMS:
                if status in statuses:
                    values[days_field] = values.get(days_field, 0.0) + (days or 0.0)
                    values[amount_field] = values.get(amount_field, 0.0) + (amount or 0.0)
        return totals

    def _collab_resource_table(self):
        """The dossier's table: per department of the project, committed / requested / approved /
        used person-days and budget (dicts with ``department`` and the register's field names)."""
        self.ensure_one()
        totals = self._collab_resource_totals()
        # sudo: the dossier's readers read the project's register
        registers = {r.department_id.id: r for r in self.sudo().collab_resource_register_ids}
        departments = self._collab_resource_departments().sudo()
        departments |= (
            self.env["hr.department"]
            .sudo()
            .browse([department_id for project_id, department_id in totals if project_id == self.id])
        )
        departments |= self.sudo().collab_resource_register_ids.department_id
        rows = []
        for department in departments.sorted(lambda d: (d != self.lead_department_id, d.name or "")):
            values = dict(totals.get((self.id, department.id), {}))
            register = registers.get(department.id)
            values["used_person_days"] = register.used_person_days if register else 0.0
            values["used_amount"] = register.used_amount if register else 0.0
            if not any(values.values()):
                continue
            rows.append({"department": department, **values})
        return rows

    def action_collab_open_resources(self):
        """The project's resource register (its departments' rows made when missing)."""
        self._collab_records_arg(self)
        self.check_access("read")
        self._collab_ensure_resource_registers()
        action = self.env["ir.actions.act_window"]._for_xml_id("cross_dept_collab.collab_resource_register_action")
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        action["display_name"] = _("Resources of %(project)s", project=self.display_name)
        return action

    def action_collab_request_resources(self):
        """A new resource request of this project (its lead or the coordinator)."""
        self._collab_records_arg(self)
        self._collab_check_lead_or_coordinator(
            lambda name: _(
                "Only the lead of %(project)s or the coordinator can ask its departments for resources.", project=name
            )
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Ask for Resources"),
            "res_model": "collab.resource.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_project_id": self.id},
        }
