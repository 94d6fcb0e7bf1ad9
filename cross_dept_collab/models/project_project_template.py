"""project.project and project templates (知识沉淀): save a project's WBS and team roles as a
template, and lay a template's WBS out on a new project's working calendar."""

from collections import defaultdict

from odoo import _, api, models
from odoo.fields import Command

from . import plan_scheduling


def _by_level(records, parent_of):
    """``records`` grouped by depth (roots first): each level can be created in one batch once
    the one above exists. ``parent_of(record)`` is the record's parent among ``records``, or None."""
    levels, placed, remaining = [], set(), list(records)
    while remaining:
        level = [r for r in remaining if parent_of(r) is None or parent_of(r).id in placed]
        if not level:  # a parent cycle (refused by the models' constraints): keep the rest as roots
            level = remaining
        levels.append(level)
        placed.update(r.id for r in level)
        remaining = [r for r in remaining if r.id not in placed]
    return levels


def _wbs_key(task):
    """Sort key of a task by its WBS code, numerically (1.2 before 1.10); tasks without a code last."""
    parts = (task.wbs_code or "").split(".")
    return (0, [int(part) for part in parts]) if all(part.isdigit() for part in parts) else (1, [task.id])


class ProjectProject(models.Model):
    _inherit = "project.project"

    # ------------------------------------------------------------------------------------------
    # Save as Template
    # ------------------------------------------------------------------------------------------
    def action_collab_save_as_template(self):
        """The project lead or the coordinator saves the project's WBS and team roles as a
        template, whatever the project's state; the template's form opens."""
        self._collab_records_arg(self)
        # who may not even read the project learns nothing of it
        self.check_access("read")
        self._collab_check_lead_or_coordinator(
            lambda project: self.env._(
                "Only the project lead or the coordinator can save %(project)s as a template.", project=project
            )
        )
        template = self._collab_save_as_template()
        return self._collab_form_action(template)

    def _collab_save_as_template(self):
        self.ensure_one()
        tasks = self.with_context(active_test=True).tasks
        is_working_day = self._plan_calendar_functions()[0]
        spans = {
            task.id: (task.date_planned_start, task.date_planned_end)
            for task in tasks
            if task.date_planned_start and task.date_planned_end
        }
        count = (
            plan_scheduling.working_day_counter(
                min(start for start, _end in spans.values()), max(end for _start, end in spans.values()), is_working_day
            )
            if spans
            else None
        )
        # sudo: the request's type names the template's kind; the lead may not read the request
        request_type = self.sudo().collab_request_id.request_type or "project"
        template = self.env["collab.project.template"].create(
            {
                "name": self.name,
                "request_type": request_type,
                "company_id": self.company_id.id or self.env.company.id,
                "source_project_id": self.id,
                # the library's categories: the project's own list, else those its documents use
                "document_category_ids": [
                    Command.set((self.collab_document_category_ids or self.collab_document_ids.category_id).ids)
                ],
                "role_ids": [
                    Command.create({"department_id": member.department_id.id, "role": member.role})
                    for member in self.member_ids
                ],
            }
        )
        # the template's tasks keep the plan's WBS order (1, 1.1, 1.2, 2 …), whatever the sequences
        order = {task.id: index for index, task in enumerate(tasks.sorted(_wbs_key))}
        TemplateTask = self.env["collab.project.template.task"]
        copies = {}  # project task id -> template task
        # one create per level of the WBS (phases, then their tasks …), not one per task
        for level in _by_level(tasks, lambda t: t.parent_id if t.parent_id in tasks else None):
            created = TemplateTask.create(
                [
                    {
                        "template_id": template.id,
                        "sequence": order[task.id],
                        "parent_id": copies[task.parent_id.id].id if task.parent_id.id in copies else False,
                        "name": task.name,
                        "department_id": task.collab_department_id.id,
                        "deliverable": task.deliverable,
                        "acceptance_standard": task.acceptance_standard,
                        "duration_days": max(count(*spans[task.id]), 1) if task.id in spans else 1,
                    }
                    for task in level
                ]
            )
            copies.update(zip([task.id for task in level], created, strict=True))
        self._collab_link_predecessors(
            {copies[task.id]: [copies[p.id] for p in task.depend_on_ids if p.id in copies] for task in tasks},
            "predecessor_ids",
        )
        template.message_post(
            body=_("Saved from project %(project)s.", project=self.display_name), subtype_xmlid="mail.mt_note"
        )
        return template

    @api.model
    def _collab_link_predecessors(self, predecessors, fname):
        """Set ``fname`` of each record to its predecessors: one write per distinct set of
        predecessors (a fan-out of tasks waiting on the same ones is one write)."""
        by_set = defaultdict(list)
        for record, before in predecessors.items():
            if before:
                by_set[tuple(sorted(p.id for p in before))].append(record.id)
        model = next(iter(predecessors), None)
        for predecessor_ids, record_ids in by_set.items():
            model.browse(record_ids).write({fname: [Command.set(list(predecessor_ids))]})

    # ------------------------------------------------------------------------------------------
    # A template's WBS and team on a new project
    # ------------------------------------------------------------------------------------------
    @api.model
    def _collab_create_from_request(self, request):
        project = super()._collab_create_from_request(request)
        # sudo: the sponsor's approval lays the chosen template out, as it opened the project
        template = request.sudo().project_template_id
        if template:
            project.sudo()._collab_apply_template(template)
        return project

    def _collab_apply_template(self, template):
        """Lay ``template``'s WBS out from the project's start (else the company's today) on the
        company's working calendar, with each department's liaison as the proposed owner; the
        template's team roles add the departments the team does not have yet."""
        self.ensure_one()
        members = self._collab_add_template_roles(template)
        if template.document_category_ids:
            self.collab_document_category_ids = template.document_category_ids
        is_working_day, next_working_day, __ = self._plan_calendar_functions()
        start = self.date_start or self._collab_today()
        if not is_working_day(start):
            start = next_working_day(start)
        spans = template._layout(start, next_working_day)
        owners = {member.department_id.id: member.liaison_id for member in members}
        # sudo: a department's manager is read to propose an owner, whatever HR rights apply
        for department in template.task_ids.department_id.sudo():
            owners.setdefault(department.id, department.manager_id.user_id.with_env(self.env))
        # proposed owners: the lead edits them before the plan is signed; no "assigned to you" mail
        # per task, nor a "task created" note on each (the project's note below tells it once)
        Task = self.env["project.task"].with_context(mail_auto_subscribe_no_notify=True, mail_create_nolog=True)
        copies = {}  # template task id -> project task
        template_tasks = template.task_ids
        for level in _by_level(template_tasks, lambda t: t.parent_id or None):
            created = Task.create(
                [
                    {
                        "name": task.name,
                        "project_id": self.id,
                        "sequence": task.sequence,
                        "parent_id": copies[task.parent_id.id].id if task.parent_id else False,
                        "collab_department_id": task.department_id.id,
                        "deliverable": task.deliverable,
                        "acceptance_standard": task.acceptance_standard,
                        "user_ids": [Command.set(owners.get(task.department_id.id, Task.env["res.users"]).ids)],
                        # a phase's dates roll up from its tasks
                        "date_planned_start": spans[task.id][0] if task.id in spans else False,
                        "date_planned_end": spans[task.id][1] if task.id in spans else False,
                    }
                    for task in level
                ]
            )
            copies.update(zip([task.id for task in level], created, strict=True))
        self._collab_link_predecessors(
            {copies[task.id]: [copies[p.id] for p in task.predecessor_ids] for task in template_tasks},
            "depend_on_ids",
        )
        self.message_post(
            body=_(
                "WBS laid out from template %(template)s: %(count)s tasks from %(start)s on the working calendar.",
                template=template.name,
                count=len(copies),
                start=start,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return self.env["project.task"].browse([task.id for task in copies.values()])

    def _collab_add_template_roles(self, template):
        """Team rows for the template's departments the project's team lacks (their heads as
        liaisons); the request's own team is kept. Returns the whole team."""
        self.ensure_one()
        missing = template.role_ids.filtered(lambda r: r.department_id not in self.member_ids.department_id)
        if missing:
            heads = self.env["collab.responsibility"].department_heads(missing.department_id)
            has_lead = "lead" in self.member_ids.mapped("role")
            self.env["collab.project.member"].create(
                [
                    {
                        "project_id": self.id,
                        "department_id": role.department_id.id,
                        # one lead department per project: the request's stays the lead
                        "role": "cooperating" if has_lead else role.role,
                        "liaison_id": heads[role.department_id.id][0].id,
                    }
                    for role in missing
                    if heads[role.department_id.id][0]
                ]
            )
            self.collab_department_ids |= missing.department_id
        return self.member_ids
