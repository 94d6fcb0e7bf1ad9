"""project.project: acceptance — the acceptance group, the remaining work, and the request
accepted once every result is."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProjectProjectAcceptance(models.Model):
    _inherit = "project.project"
    # ------------------------------------------------------------------------------------------
    # Acceptance
    # ------------------------------------------------------------------------------------------

    @api.constrains("acceptor_ids", "collab_department_ids", "lead_department_id")
    def _check_acceptors_from_involved_departments(self):
        responsibility = self.env["collab.responsibility"]
        for project in self.filtered("acceptor_ids"):
            departments = project.collab_department_ids | project.lead_department_id
            outsiders = project.acceptor_ids.filtered(
                lambda u, d=departments: not (responsibility.departments_of(u) & d)
            )
            if outsiders:
                raise ValidationError(
                    _(
                        "The acceptance group of %(project)s is chosen from its departments; %(users)s belong to none.",
                        project=project.name,
                        users=", ".join(outsiders.mapped("name")),
                    )
                )

    def _deliverable_tasks(self):
        """Tasks of the project that carry a deliverable."""
        return self.tasks.filtered(lambda t: (t.deliverable or "").strip())

    def _collab_remaining_tasks(self):
        """What stands between the project and its acceptance: deliverables that have not passed
        acceptance, and the other tasks (phases aside: their tasks count) that are not done or
        cancelled. The project is accepted when its results are, and a task without a deliverable
        is part of the result too."""
        self.ensure_one()
        return self.tasks.filtered(
            lambda t: (
                not t.collab_is_phase
                and (
                    t.acceptance_state != "passed"
                    if (t.deliverable or "").strip()
                    else t.state not in ("1_done", "1_canceled")
                )
            )
        )

    collab_remaining_work = fields.Text(
        "Remaining Work",
        compute="_compute_collab_remaining_work",
        help="Deliverables not yet accepted and open tasks: the request is accepted when there are none.",
    )
    collab_remaining_count = fields.Integer("Remaining Tasks", compute="_compute_collab_remaining_work")

    @api.depends("tasks.acceptance_state", "tasks.state", "tasks.deliverable", "tasks.collab_is_phase")
    def _compute_collab_remaining_work(self):
        for project in self:
            remaining = project._collab_remaining_tasks() if project.collab_request_id else self.env["project.task"]
            project.collab_remaining_count = len(remaining)
            project.collab_remaining_work = project._collab_remaining_text(remaining)

    def _collab_remaining_text(self, remaining):
        """One line per remaining task, in the reader's language, the deliverables first."""
        if not remaining:
            return False
        states = dict(remaining._fields["acceptance_state"]._description_selection(self.env))
        statuses = dict(remaining._fields["collab_status"]._description_selection(self.env))
        deliverables = remaining.filtered(lambda t: (t.deliverable or "").strip())

        def label(task):
            # (not an f-string inside the translated call: Odoo's term extractor cannot read one)
            return " ".join(filter(None, (task.wbs_code, task.name)))

        lines = [
            _(
                "%(task)s: deliverable %(deliverable)s not accepted yet (%(state)s)",
                task=label(task),
                deliverable=task.deliverable,
                state=states.get(task.acceptance_state, task.acceptance_state),
            )
            for task in deliverables.sorted(lambda t: (t.wbs_code or "", t.id))
        ]
        lines += [
            _(
                "%(task)s: not done (%(status)s)",
                task=label(task),
                status=statuses.get(task.collab_status, task.collab_status),
            )
            for task in (remaining - deliverables).sorted(lambda t: (t.wbs_code or "", t.id))
        ]
        return "\n".join(lines)

    def _on_deliverables_accepted(self):
        """When every deliverable of a project passed and every other task is done or cancelled,
        its request is accepted (see _collab_remaining_tasks)."""
        for project in self.filtered("collab_request_id"):
            deliverables = project._deliverable_tasks()
            if deliverables and not project._collab_remaining_tasks():
                project.collab_request_id._on_deliverables_accepted()
