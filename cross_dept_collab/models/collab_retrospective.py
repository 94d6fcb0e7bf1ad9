from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

RETROSPECTIVE_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_retrospective"


class CollabRetrospective(models.Model):
    """The lead department's retrospective of a completed collaboration (复盘)."""

    _name = "collab.retrospective"
    _description = "Collaboration Retrospective"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.workflow.guard"]
    _collab_workflow_fields = ("state", "request_id", "project_id", "company_id", "lesson_ids")
    _collab_edit_states = ("draft",)
    _order = "date desc, id desc"
    _check_company_auto = True

    request_id = fields.Many2one("collab.request", required=True, ondelete="cascade", index=True, check_company=True)
    project_id = fields.Many2one("project.project", index="btree_not_null", check_company=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    request_type = fields.Selection(related="request_id.request_type", store=True)
    date = fields.Date(default=lambda self: self.env.company.collab_today(), required=True)
    lead_department_id = fields.Many2one("hr.department", string="Lead Department", check_company=True, index=True)
    department_ids = fields.Many2many(
        "hr.department",
        "collab_retrospective_department_rel",
        "retrospective_id",
        "department_id",
        string="Departments",
    )
    goal = fields.Text(help="The goal the collaboration set out to reach.")
    achievement = fields.Text(help='What was actually achieved, e.g. "sales +35% YoY, satisfaction 92%".')
    goal_met = fields.Selection(
        [("exceeded", "Exceeded"), ("met", "Met"), ("partly", "Partly met"), ("missed", "Missed")],
        string="Goal Met",
        tracking=True,
    )
    highlights = fields.Text()
    problems = fields.Text()
    suggestions = fields.Text("Improvement Suggestions", help="One suggestion per line.")
    participant_ids = fields.Many2many(
        "res.users",
        "collab_retrospective_participant_rel",
        "retrospective_id",
        "user_id",
        string="Participants",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")], default="draft", required=True, tracking=True, copy=False
    )
    lesson_ids = fields.One2many("collab.lesson", "retrospective_id", string="Lessons")
    can_complete = fields.Boolean(compute="_compute_can_complete")

    # the lead department's head is asked for it until it is done (_collab_expected_activities)
    _collab_state_activity_types = (RETROSPECTIVE_ACTIVITY,)

    def _collab_expected_activities(self):
        """Until it is done, the lead department's head is asked for it, due on its date."""
        expected = super()._collab_expected_activities()
        if self.state == "done":
            return expected
        head = self.env["collab.responsibility"].department_head(self.lead_department_id)
        return expected + [(RETROSPECTIVE_ACTIVITY, user, {"date_deadline": self.date}) for user in head]

    @api.model
    def _collab_open_for(self, request):
        """Every deliverable of ``request`` passed: its retrospective is opened for the lead
        department, due on the request's ``date_retrospective_due``, and the lead department's head
        is asked for it."""
        project = request.project_id
        head = self.env["collab.responsibility"].department_head(request.lead_department_id)
        participants = project.member_ids.liaison_id | head | project.user_id
        due = request.date_retrospective_due
        # sudo: the acceptor who passed the last deliverable opens the retrospective for the lead department
        retrospective = self.sudo().create(
            {
                "request_id": request.id,
                "project_id": project.id,
                "date": due,
                "lead_department_id": request.lead_department_id.id,
                "department_ids": [Command.set((request.involved_department_ids | request.lead_department_id).ids)],
                "goal": request.goal,
                "participant_ids": [Command.set(participants.ids)],
            }
        )
        retrospective._collab_sync_activities()
        return retrospective.with_env(self.env)

    @api.depends_context("lang")
    @api.depends("request_id", "date")
    def _compute_display_name(self):
        for retrospective in self:
            retrospective.display_name = _(
                "Retrospective of %(request)s", request=retrospective.request_id.display_name or ""
            )

    @api.depends_context("uid")
    @api.depends("state", "lead_department_id")
    def _compute_can_complete(self):
        for retrospective in self:
            retrospective.can_complete = retrospective.state == "draft" and retrospective._user_may_complete()

    @api.onchange("request_id")
    def _onchange_request_id(self):
        request = self.request_id
        if request:
            self.project_id = request.project_id
            self.lead_department_id = request.lead_department_id
            self.department_ids = request.involved_department_ids | request.lead_department_id
            self.goal = self.goal or request.goal

    def _user_may_complete(self):
        self.ensure_one()
        user = self.env.user
        return (
            self.env.su
            or user.has_group("cross_dept_collab.group_collab_coordinator")
            or user == self.env["collab.responsibility"].department_head(self.lead_department_id)
        )

    def _get_done_problems(self):
        self.ensure_one()
        problems = []
        if not (self.achievement or "").strip():
            problems.append(_("Describe what was achieved."))
        if not self.goal_met:
            problems.append(_("Say whether the goal was met."))
        if not self.lesson_ids and not self._suggestion_lines():
            problems.append(_("Write at least one lesson or improvement suggestion."))
        return problems

    def _suggestion_lines(self):
        return [line.strip(" -•\t") for line in (self.suggestions or "").splitlines() if line.strip(" -•\t")]

    def action_done(self):
        for retrospective in self:
            if retrospective.state != "draft":
                raise UserError(_("%(retro)s is already done.", retro=retrospective.display_name))
            if not retrospective._user_may_complete():
                raise AccessError(
                    _("Only the head of the lead department or the coordinator can complete the retrospective.")
                )
            problems = retrospective._get_done_problems()
            if problems:
                raise UserError("\n".join(problems))
        for retrospective in self:
            if not retrospective.lesson_ids:
                retrospective._create_lessons_from_suggestions()
        # sudo: the guard above allowed the lead department's head, whose write rights may be narrower
        self.sudo().state = "done"
        self._collab_sync_activities(feedback=_("Retrospective done"))
        return True

    def _create_lessons_from_suggestions(self):
        self.ensure_one()
        # sudo: lessons are knowledge of the whole company, written on behalf of the retrospective
        return (
            self.env["collab.lesson"]
            .sudo()
            .create(
                [
                    {
                        "name": line if len(line) <= 80 else line[:77] + "…",
                        "body": line,
                        "retrospective_id": self.id,
                        "project_id": self.project_id.id,
                        "request_type": self.request_type,
                        "department_ids": [fields.Command.set(self.department_ids.ids)],
                    }
                    for line in self._suggestion_lines()
                ]
            )
        )
