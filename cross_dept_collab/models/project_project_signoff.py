"""project.project: sign-offs of the charter (by the departments) and of the plan (by the task
owners), and the lock of a confirmed charter."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

CHARTER_FIELDS = ("charter_goal", "charter_success_criteria", "charter_scope")


class ProjectProjectSignoff(models.Model):
    _inherit = "project.project"
    # ------------------------------------------------------------------------------------------
    # Sign-offs
    # ------------------------------------------------------------------------------------------

    @api.constrains(*CHARTER_FIELDS)
    def _check_charter_locked(self):
        for project in self:
            # only the workflow (superuser, after an approved change request) passes the lock
            if project.charter_state == "confirmed" and not (
                self.env.su and self.env.context.get("collab_plan_change_approved")
            ):
                raise ValidationError(
                    _(
                        "The charter of %(project)s is signed by every department and locked; "
                        "change it through a change request.",
                        project=project.name,
                    )
                )

    def _check_can_manage_plan(self):
        user = self.env.user
        for project in self:
            if not (
                self.env.su
                or user == project.user_id
                or user.has_group("cross_dept_collab.group_collab_coordinator")
                or user == self.env["collab.responsibility"].department_head(project.lead_department_id)
            ):
                raise UserError(
                    _("Only the project lead, the lead department's head or the coordinator can ask for sign-offs.")
                )

    def action_request_charter_signoff(self):
        self._check_can_manage_plan()
        for project in self:
            if project.charter_state != "draft":
                raise UserError(
                    _("The charter of %(project)s is already being signed or confirmed.", project=project.name)
                )
            departments = project.collab_department_ids | project.lead_department_id
            if not departments:
                raise UserError(
                    _("Add the departments of %(project)s before asking for sign-off.", project=project.name)
                )
            heads = self.env["collab.responsibility"].department_heads(departments)
            project._ask_signoffs("charter", [(heads[d.id][0], d) for d in departments])
            # sudo: the guard above allows the project lead to start the sign-off, which project
            # access rights reserve to project administrators
            project.sudo().charter_state = "confirming"
        return True

    def action_request_plan_signoff(self):
        self._check_can_manage_plan()
        for project in self:
            if project.plan_state != "draft":
                raise UserError(
                    _("The plan of %(project)s is already being signed or confirmed.", project=project.name)
                )
            owners = project.tasks.user_ids
            if not owners:
                raise UserError(
                    _("Assign owners to the tasks of %(project)s before asking for sign-off.", project=project.name)
                )
            project._ask_signoffs("plan", [(owner, self.env["hr.department"]) for owner in owners])
            project.sudo().plan_state = "confirming"  # sudo: as for the charter above
        return True

    def _ask_signoffs(self, kind, signers):
        self.ensure_one()
        now = fields.Datetime.now()
        company = self.company_id or self.env.company
        # a new round: earlier sign-offs of this kind stay as archived history, the undecided
        # ones superseded
        earlier = self.sudo().signoff_ids.filtered(lambda s: s.kind == kind)
        earlier._supersede_pending()
        earlier.active = False
        # sudo: sign-offs are created for the signers, whom the asking user cannot write for
        signoffs = (
            self.env["collab.signoff"]
            .sudo()
            .create(
                [
                    {
                        "res_model": self._name,
                        "res_id": self.id,
                        "kind": kind,
                        "user_id": user.id,
                        "department_id": department.id,
                        "date_asked": now,
                        "deadline": company.collab_sla_deadline(
                            now, company.collab_department_review_hours, "decision"
                        ),
                    }
                    for user, department in signers
                ]
            )
        )
        signoffs._decision_ask()
        return signoffs

    def _on_signoff_decided(self, kind):
        """All signed → confirmed; any refusal → back to draft with the comment."""
        state_field = f"{kind}_state"
        for project in self:
            signoffs = project.signoff_ids.filtered(lambda s, k=kind: s.kind == k)
            refused = signoffs.filtered(lambda s: s.state == "refused")
            if refused:
                # the round is over: undecided sign-offs are withdrawn, decided ones kept as history
                signoffs._supersede_pending()
                project[state_field] = "draft"
                project.message_post(
                    body=_(
                        "%(kind)s refused by %(user)s: %(comment)s",
                        kind=dict(self.env["collab.signoff"]._fields["kind"]._description_selection(self.env))[kind],
                        user=refused[-1:].user_id.name,
                        comment=refused[-1:].comment or "",
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            elif signoffs and all(s.state == "signed" for s in signoffs):
                project[state_field] = "confirmed"
                if kind == "charter":
                    project._collab_file_charter()
                if kind == "plan" and project.collab_request_id.state == "approved":
                    project.collab_request_id._fire("plan_confirmed")
