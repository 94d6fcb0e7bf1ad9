"""A collaboration project is born from its approved request (立项): the project, its team of
departments and one task per department ask."""

from markupsafe import Markup

from odoo import _, api, models
from odoo.fields import Command


class ProjectProject(models.Model):
    _inherit = "project.project"

    @api.model
    def _collab_create_from_request(self, request):
        """Create the project of an approved request (立项), its team and one task per department
        ask."""
        departments = request.involved_department_ids | request.lead_department_id
        heads = self.env["collab.responsibility"].department_heads(departments)
        lead_head = heads[request.lead_department_id.id][0] if request.lead_department_id else self.env["res.users"]
        # the project starts on its approval day; Odoo's form wants both ends of the range or neither,
        # and an end that never precedes the start (the request may be approved after its wish date)
        today = request._collab_today()
        date_end = max(request.date_expected, today) if request.date_expected else False
        # sudo: the sponsor's approval is the authority to open the project; creating projects is
        # otherwise reserved to project administrators.
        project = (
            self.env["project.project"]
            .sudo()
            .create(
                {
                    "name": f"{request.name} {request.title}",
                    "company_id": request.company_id.id,
                    "user_id": lead_head.id,
                    "collab_request_id": request.id,
                    "lead_department_id": request.lead_department_id.id,
                    "collab_department_ids": [Command.set(departments.ids)],
                    "sponsor_id": request.sponsor_id.id,
                    "charter_goal": request.goal,
                    "charter_scope": request.scope,
                    "date_start": date_end and today,
                    "date": date_end,
                    "privacy_visibility": "followers",
                    "allow_task_dependencies": True,
                    "allow_milestones": True,
                    "member_ids": [
                        Command.create(
                            {
                                "department_id": department.id,
                                "role": "lead" if department == request.lead_department_id else "cooperating",
                                "liaison_id": heads[department.id][0].id,
                            }
                        )
                        for department in departments
                    ],
                }
            )
        )
        project._collab_translate_task_label()
        liaisons = {member.department_id.id: member.liaison_id for member in project.member_ids}
        self.env["project.task"].sudo().create(
            [
                {
                    "name": line._task_name(),
                    "description": Markup("<p>%s</p>") % line.description,
                    "project_id": project.id,
                    "collab_department_id": line.department_id.id,
                    "user_ids": [Command.set(liaisons[line.department_id.id].ids)],
                    "date_deadline": line.date_due,
                    # planned from today to the ask's due date (else the project's end): the first
                    # timeline shows every ask as a bar
                    "date_planned_start": (line.date_due or date_end) and today,
                    "date_planned_end": max(line.date_due, today) if line.date_due else date_end,
                }
                for line in request.line_ids
            ]
        )
        project.message_subscribe(partner_ids=(project.member_ids.liaison_id | request.sponsor_id).partner_id.ids)
        request.sudo().project_id = project
        request.message_post(
            body=_("Project %(project)s created.", project=project.name),
            subtype_xmlid="mail.mt_note",
        )
        return project
