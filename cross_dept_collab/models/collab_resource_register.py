"""collab.resource.register: a project's resources per department (资源盘点) — committed, requested,
approved and used."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

# the register's sums: (status of the lines counted, people field, budget field)
SUMS = (
    (("committed",), "committed_person_days", "committed_amount"),
    (("requested", "approved"), "requested_person_days", "requested_amount"),
    (("approved",), "approved_person_days", "approved_amount"),
)


class CollabResourceRegister(models.Model):
    """One department of a project: what it committed in its review of the request the project
    came from, what the project asked it for (resource requests asked or approved), what was
    approved, and what was used — people in person-days, budget in the company's currency
    (amounts of other currencies converted at today's rate).

    Committed, requested and approved are summed from ``collab.resource.line``; "used" is typed
    by the department's liaison in the project, the project lead or the coordinator. Rows are
    made by the module (one per department of the project); read by who reads the project.
    """

    _name = "collab.resource.register"
    _description = "Project Resources of a Department"
    _inherit = ["collab.workflow.guard", "collab.project.readable"]
    _order = "project_id, department_id"
    _check_company_auto = True

    _collab_workflow_fields = ("project_id", "department_id")

    project_id = fields.Many2one(
        "project.project", string="Project", required=True, index=True, ondelete="cascade", readonly=True
    )
    department_id = fields.Many2one("hr.department", string="Department", required=True, readonly=True)
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    committed_person_days = fields.Float("Committed (person-days)", compute="_compute_sums")
    requested_person_days = fields.Float("Requested (person-days)", compute="_compute_sums")
    approved_person_days = fields.Float("Approved (person-days)", compute="_compute_sums")
    used_person_days = fields.Float("Used (person-days)")
    committed_amount = fields.Monetary("Committed Budget", compute="_compute_sums")
    requested_amount = fields.Monetary("Requested Budget", compute="_compute_sums")
    approved_amount = fields.Monetary("Approved Budget", compute="_compute_sums")
    used_amount = fields.Monetary("Used Budget")
    note = fields.Char()

    _sql_constraints = [
        (
            "department_unique",
            "UNIQUE(project_id, department_id)",
            "A department has one line in a project's resource register.",
        ),
        ("used_positive", "CHECK(used_person_days >= 0 AND used_amount >= 0)", "What was used cannot be negative."),
    ]

    @api.depends("project_id", "department_id")
    def _compute_display_name(self):
        for register in self:
            register.display_name = f"{register.project_id.display_name} — {register.department_id.name}"

    def _compute_sums(self):
        totals = self.project_id._collab_resource_totals()
        for register in self:
            values = totals.get((register.project_id.id, register.department_id.id), {})
            for _statuses, days, amount in SUMS:
                register[days] = values.get(days, 0.0)
                register[amount] = values.get(amount, 0.0)

    def _collab_check_write_values(self, vals):
        super()._collab_check_write_values(vals)
        if self.env.su or self._collab_is_coordinator():
            return
        user = self.env.user
        for register in self:
            # sudo: the team and the lead are read for the check, whatever the caller reads of them
            project = register.project_id.sudo()
            liaisons = project.member_ids.filtered(lambda m, r=register: m.department_id == r.department_id).liaison_id
            if user not in liaisons | project.user_id:
                raise AccessError(
                    _(
                        "Only the liaison of %(department)s in %(project)s, the project lead or the coordinator can "
                        "record what it used.",
                        department=register.department_id.name,
                        project=project.display_name,
                    )
                )
