"""A project template (知识沉淀): the WBS of a past project — phases, tasks by department with
their deliverables, acceptance standards, durations in working days and dependencies — and the
team's roles by department, to start a new project from instead of an empty sheet."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from . import plan_scheduling
from .collab_request import REQUEST_TYPES


class CollabProjectTemplate(models.Model):
    _name = "collab.project.template"
    _description = "Project Template"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char("Template", required=True, tracking=True)
    request_type = fields.Selection(
        selection=REQUEST_TYPES,
        string="Request Type",
        index=True,
        tracking=True,
        help="The requests this template suits: it is suggested to new requests of this type.",
    )
    department_ids = fields.Many2many(
        "hr.department",
        "collab_project_template_department_rel",
        "template_id",
        "department_id",
        string="Departments",
        compute="_compute_department_ids",
        store=True,
        help="The departments of its tasks and of its team's roles.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text(help="When to use this template, and what to adapt.")
    source_project_id = fields.Many2one(
        "project.project", string="Source Project", ondelete="set null", index="btree_not_null", copy=False
    )
    task_ids = fields.One2many("collab.project.template.task", "template_id", string="Tasks", copy=True)
    role_ids = fields.One2many("collab.project.template.role", "template_id", string="Team Roles", copy=True)
    document_category_ids = fields.Many2many(
        "collab.document.category",
        "collab_project_template_document_category_rel",
        "template_id",
        "category_id",
        string="Library Categories",
        help="The categories of the document library a project started from this template offers.",
    )
    task_count = fields.Integer("Number of Tasks", compute="_compute_task_count")
    duration_days = fields.Integer(
        "Working Days",
        compute="_compute_task_count",
        help="Length of the plan in working days when every task starts as soon as its predecessors end.",
    )

    @api.depends("task_ids.department_id", "role_ids.department_id")
    def _compute_department_ids(self):
        for template in self:
            template.department_ids = template.task_ids.department_id | template.role_ids.department_id

    @api.depends("task_ids.duration_days", "task_ids.predecessor_ids", "task_ids.parent_id")
    def _compute_task_count(self):
        for template in self:
            leaves = template.task_ids.filtered(lambda t: not t.child_ids)
            template.task_count = len(leaves)
            template.duration_days = template._layout_offsets()[1] if leaves else 0

    # ------------------------------------------------------------------------------------------
    # Who creates: the coordinator and project leads (record rules say who edits afterwards)
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env["collab.workflow.guard"]._collab_is_coordinator():
            leads = self.env["project.project"].search_count([("user_id", "=", self.env.uid)], limit=1)
            sources = self.env["project.project"].browse(
                {vals["source_project_id"] for vals in vals_list if vals.get("source_project_id")}
            )
            if not leads or sources.filtered(lambda p: p.user_id != self.env.user):
                raise AccessError(_("Only the coordinator and project leads can create project templates."))
        return super().create(vals_list)

    def write(self, vals):
        self._check_template_editable()
        return super().write(vals)

    def unlink(self):
        self._check_template_editable()
        return super().unlink()

    def action_collab_use_template(self):
        """From a request's suggested templates: the request starts its project from this one
        (who may choose it is the request's own rule: its initiator while drafting, the
        coordinator while it is open)."""
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        request = self.env["collab.workflow.guard"]._collab_record_arg(
            "collab.request", self.env.context.get("collab_request_id"), _("The request")
        )
        if not request:
            raise UserError(_("Open the request whose project should start from %(template)s.", template=self.name))
        request.write({"project_template_id": self.id})
        return True

    def _check_template_editable(self):
        """Only the coordinator or a template's creator change it (the record rules say the same;
        this says it in words)."""
        if self.env["collab.workflow.guard"]._collab_is_coordinator():
            return
        # sudo: who created the template decides, whatever the caller may read of the user
        for template in self.sudo():
            if template.create_uid != self.env.user:
                raise AccessError(
                    _(
                        "Only the coordinator or %(creator)s, who created it, can change the project template "
                        "%(template)s.",
                        creator=template.create_uid.name,
                        template=template.name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Laying the WBS out on a calendar
    # ------------------------------------------------------------------------------------------
    def _layout_offsets(self):
        """``({task_id: (first, last)}, length)``: working-day offsets (0-based) of each leaf task
        when it starts as soon as its predecessors end — the plan's forward pass on the leaf tasks:
        a phase's predecessors hold every task under it, a phase as a predecessor ends with its
        last task."""
        self.ensure_one()
        by_id = {task.id: task for task in self.task_ids}

        def leaves_of(task):
            children = [by_id[c] for c in task.child_ids.ids if c in by_id]
            return [leaf for child in children for leaf in leaves_of(child)] if children else [task]

        leaves = [task for task in by_id.values() if not task.child_ids]
        edges = []
        for leaf in leaves:
            predecessors, parent = leaf.predecessor_ids, leaf.parent_id
            while parent:
                predecessors |= parent.predecessor_ids
                parent = parent.parent_id
            edges += [
                (leaf.id, before.id)
                for predecessor in predecessors
                if predecessor.id in by_id
                for before in leaves_of(predecessor)
            ]
        durations = {leaf.id: max(leaf.duration_days, 1) for leaf in leaves}
        try:
            starts = plan_scheduling.earliest_starts(durations, edges)
        except plan_scheduling.PlanCycleError:
            raise self._cycle_error() from None
        spans = {task_id: (starts[task_id], starts[task_id] + durations[task_id] - 1) for task_id in durations}
        return spans, max((last + 1 for _first, last in spans.values()), default=0)

    def _layout(self, start, next_working_day):
        """``{template_task_id: (start, end)}`` of the leaf tasks laid out from ``start`` (a working
        day) on the working days ``next_working_day`` steps through."""
        spans, length = self._layout_offsets()
        days = [start]
        for _offset in range(1, length):
            days.append(next_working_day(days[-1]))
        return {task_id: (days[first], days[last]) for task_id, (first, last) in spans.items()}

    def _cycle_error(self):
        return ValidationError(
            _(
                "The tasks of template %(template)s wait on each other (a dependency cycle, or a task depending "
                "on its own phase).",
                template=self.display_name,
            )
        )
