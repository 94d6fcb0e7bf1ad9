from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class CollabSignoff(models.Model):
    """A person's sign-off of a project's charter (department heads) or plan (task owners)."""

    _name = "collab.signoff"
    _description = "Charter or Plan Sign-off"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.decision.mixin"]
    _order = "res_id, kind, id"

    _decision_user_field = "user_id"
    _decision_comment_field = "comment"
    _decision_date_field = "signed_on"
    _decision_activity_type = "cross_dept_collab.mail_activity_type_collab_signoff"
    _decision_parent_field = "project_id"
    _decision_positive_states = ("signed",)
    _decision_can_add_approvers = True
    _decision_rule_prefix = "signoff"
    _collab_workflow_fields = (
        "res_model",
        "res_id",
        "project_id",
        "kind",
        "user_id",
        "department_id",
        "state",
        "signed_on",
        "active",
        "deadline",
        "date_asked",
    )

    res_model = fields.Char("Document Model", required=True, default="project.project", readonly=True)
    res_id = fields.Many2oneReference("Document", model_field="res_model", required=True, readonly=True, index=True)
    project_id = fields.Many2one("project.project", compute="_compute_project_id", store=True, index=True)
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    kind = fields.Selection([("charter", "Charter"), ("plan", "Plan")], required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Signer", required=True, readonly=True, index=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("signed", "Signed"), ("refused", "Refused"), ("superseded", "Superseded")],
        default="pending",
        required=True,
        tracking=True,
    )
    comment = fields.Text()
    signed_on = fields.Datetime("Decided On", readonly=True)
    active = fields.Boolean(default=True)
    # what is signed (related fields and the plan read the project as the superuser: a signer
    # reads what they sign whatever their project rights)
    charter_goal = fields.Text(related="project_id.charter_goal")
    charter_scope = fields.Text(related="project_id.charter_scope")
    charter_success_criteria = fields.Text(related="project_id.charter_success_criteria")
    project_user_id = fields.Many2one(related="project_id.user_id", string="Project Lead")
    project_date_start = fields.Date(related="project_id.date_start", string="Project Start")
    project_date_end = fields.Date(related="project_id.date", string="Project End")
    plan_html = fields.Html("Plan", compute="_compute_plan_html", compute_sudo=True)

    @api.depends("res_model", "res_id")
    def _compute_project_id(self):
        for signoff in self:
            signoff.project_id = signoff.res_id if signoff.res_model == "project.project" else False

    @api.depends("kind", "project_id.tasks.name", "project_id.tasks.date_planned_end")
    def _compute_plan_html(self):
        """The plan being signed: its tasks (WBS code, name, owners, dates, deliverable), read-only."""
        Task = self.env["project.task"]
        heads = [
            Task._fields[fname]._description_string(self.env)
            for fname in ("wbs_code", "name", "user_ids", "date_planned_start", "date_planned_end", "deliverable")
        ]
        head = Markup("").join(Markup("<th>%s</th>") % label for label in heads)
        for signoff in self:
            tasks = (
                signoff.project_id.tasks.sorted(lambda t: (t.wbs_code or "", t.id)) if signoff.kind == "plan" else Task
            )
            if not tasks:
                signoff.plan_html = False
                continue
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    task.wbs_code or "",
                    task.name,
                    ", ".join(task.user_ids.mapped("name")),
                    format_date(self.env, task.date_planned_start) if task.date_planned_start else "",
                    format_date(self.env, task.date_planned_end) if task.date_planned_end else "",
                    task.deliverable or "",
                )
                for task in tasks
            )
            signoff.plan_html = Markup(
                '<div class="table-responsive"><table class="table table-sm"><thead><tr>%s</tr></thead>'
                "<tbody>%s</tbody></table></div>"
            ) % (head, rows)

    @api.depends_context("lang")
    @api.depends("kind", "project_id", "user_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for signoff in self:
            signoff.display_name = _(
                "%(kind)s of %(project)s — %(user)s",
                kind=kinds.get(signoff.kind, ""),
                project=signoff.project_id.name or "",
                user=signoff.user_id.name or "",
            )

    def _decision_activity_note(self):
        if self.kind == "charter":
            return _("Read the charter of %(project)s and sign it for your department.", project=self.project_id.name)
        return _("Check your tasks in the plan of %(project)s and sign the plan.", project=self.project_id.name)

    def _decision_added_values(self, user):
        return {
            "res_model": self.res_model,
            "res_id": self.res_id,
            "kind": self.kind,
            "user_id": user.id,
            "department_id": self.department_id.id,
        }

    def _decision_chase_domain(self):
        return [*super()._decision_chase_domain(), ("active", "=", True)]

    def _decision_sponsor(self):
        return self.env["collab.responsibility"].project_sponsor(self.project_id)

    def _collab_decision_choices(self):
        comment = {
            "name": "comment",
            "type": "text",
            "label": _("Comment"),
            "required": True,
            "prompt": self._decision_reason_prompt("refuse"),
        }
        return [
            {"key": "sign", "method": "action_sign", "label": _("Sign"), "style": "success", "inputs": []},
            {"key": "refuse", "method": "action_refuse", "label": _("Refuse"), "style": "danger", "inputs": [comment]},
        ]

    def _decision_completed_records(self):
        # the last plan sign-off moves the project's request on (in progress): both are completed
        return [self.project_id.collab_request_id, self.project_id]

    def action_sign(self, comment=None, attachment_ids=None):
        return self._decide("signed", comment, attachment_ids=attachment_ids)

    def action_refuse(self, comment=None, attachment_ids=None):
        return self._decide("refused", comment, require_comment=True, attachment_ids=attachment_ids)

    def _decide(self, state, comment, require_comment=False, attachment_ids=None):
        comment = self._collab_text_arg(comment, _("The comment"))
        attachments = self._decision_attachments_arg(attachment_ids)
        self._check_can_decide()
        self._lock_decision_parents()
        for signoff in self:
            text = (comment if comment is not None else signoff.comment or "").strip()
            if require_comment and not text:
                raise UserError(
                    _("Say why you refuse to sign %(what)s: a comment is required.", what=signoff.display_name)
                )
            # sudo: the guard above established the caller as the signer; the project moves on their behalf
            signoff.sudo()._record_decision(state, text, attachments)
        for kind, signoffs in self.grouped("kind").items():
            signoffs.project_id.sudo()._on_signoff_decided(kind)
        return True

    def action_open_project(self):
        self._collab_records_arg(self)
        return self._collab_form_action(self.project_id)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_decided(self):
        """Sign-offs are the audit trail of a charter or plan: none is deleted once asked."""
        if not self.env.su:
            raise UserError(_("Sign-offs are kept as the history of the project; they cannot be deleted."))
