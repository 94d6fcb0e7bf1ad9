"""project.project: the collaboration fields (request, departments, sponsor, charter, team).

The rest of the model is split by concern: the plan (project_project_plan), sign-offs
(project_project_signoff), Excel (project_project_excel), acceptance (project_project_acceptance)
and the weekly status (project_project_status)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

SIGNOFF_STATES = [("draft", "Draft"), ("confirming", "Signing"), ("confirmed", "Confirmed")]


class ProjectProject(models.Model):
    _name = "project.project"
    _inherit = ["project.project", "collab.workflow.guard"]
    # sign-off states, the request behind the project and computed plan results move only
    # through actions; the sponsor and lead department of a request's project are the coordinator's
    _collab_workflow_fields = (
        "collab_request_id",
        "charter_state",
        "plan_state",
        "signoff_ids",
        "critical_path_task_ids",
        "collab_warning_level",
        "collab_red_task_count",
    )
    _collab_coordinator_fields = ("sponsor_id", "lead_department_id")

    collab_request_id = fields.Many2one(
        "collab.request", string="Collaboration Request", readonly=True, copy=False, index="btree_not_null"
    )
    lead_department_id = fields.Many2one(
        "hr.department", string="Lead Department", tracking=True, index="btree_not_null"
    )
    collab_department_ids = fields.Many2many(
        "hr.department",
        "project_project_collab_department_rel",
        "project_id",
        "department_id",
        string="Collaborating Departments",
    )
    sponsor_id = fields.Many2one("res.users", string="Sponsor", tracking=True, index="btree_not_null")
    charter_goal = fields.Text("Goals")
    charter_success_criteria = fields.Text("Success Criteria")
    charter_scope = fields.Text("Scope")
    charter_state = fields.Selection(SIGNOFF_STATES, default="draft", required=True, copy=False, tracking=True)
    plan_state = fields.Selection(SIGNOFF_STATES, default="draft", required=True, copy=False, tracking=True)
    member_ids = fields.One2many("collab.project.member", "project_id", string="Team", copy=True)
    acceptor_ids = fields.Many2many(
        "res.users",
        "project_project_collab_acceptor_rel",
        "project_id",
        "user_id",
        string="Acceptance Group",
        help="Who judges the deliverables, chosen from the involved departments. Empty: the heads of the lead "
        "department and of each task's department, with the project lead.",
    )
    signoff_ids = fields.One2many(
        "collab.signoff", "res_id", domain=[("res_model", "=", "project.project")], string="Sign-offs", copy=False
    )
    critical_path_task_ids = fields.Many2many(
        "project.task", compute="_compute_critical_path_task_ids", string="Critical Path"
    )
    collab_warning_level = fields.Selection(
        [("none", "None"), ("amber", "Amber"), ("red", "Red")],
        string="Warning",
        compute="_compute_collab_warning",
        store=True,
    )
    collab_red_task_count = fields.Integer("Red Tasks", compute="_compute_collab_warning", store=True)
    # the request's goal, background and scope, with headings in the reader's language (rendered
    # at read time; the project's own description is the team's to write)
    collab_brief_html = fields.Html("From the Request", compute="_compute_collab_brief_html", sanitize=False)
    plan_timeline_svg = fields.Html("Timeline", compute="_compute_plan_timeline_svg", sanitize=False)
    # the form's timeline: the same picture with the task names kept in view while the bars scroll
    plan_timeline_html = fields.Html("Timeline View", compute="_compute_plan_timeline_html", sanitize=False)
    collab_open_risk_ids = fields.One2many(
        "collab.risk",
        "project_id",
        string="Open Risks and Issues",
        domain=[("state", "in", ("open", "mitigating"))],
    )
    collab_open_risk_count = fields.Integer("Open Risks", compute="_compute_collab_open_risk_count")

    # ------------------------------------------------------------------------------------------
    # The request's brief, risks, the guard and the task label
    # ------------------------------------------------------------------------------------------
    @api.depends("tasks.date_planned_start", "tasks.date_planned_end", "tasks.collab_status", "tasks.is_critical")
    @api.depends("collab_request_id.goal", "collab_request_id.background", "collab_request_id.scope")
    @api.depends_context("lang")
    def _compute_collab_brief_html(self):
        for project in self:
            # sudo: the project's readers see the charter's origin (goal, background, scope) even
            # when the request's rules do not show them the request itself; the text is escaped
            request = project.sudo().collab_request_id
            project.collab_brief_html = request._project_description() if request else False

    def _compute_collab_open_risk_count(self):
        # counted with the reader's rights: only the risks they may see
        if not self.env["collab.risk"].has_access("read"):
            self.collab_open_risk_count = 0
            return
        counts = dict(
            self.env["collab.risk"]._read_group(
                [("project_id", "in", self.ids), ("state", "in", ("open", "mitigating"))], ["project_id"], ["__count"]
            )
        )
        for project in self:
            project.collab_open_risk_count = counts.get(project, 0)

    def _collab_check_write_values(self, vals):
        # only a request's project has its sponsor and lead department chosen by the coordinator
        if self.filtered("collab_request_id"):
            return super()._collab_check_write_values(vals)
        return None

    def _collab_translate_task_label(self):
        """What the projects call their tasks, in every installed language: Odoo's default
        ("Tasks") is stored in the language of whoever created the project only, and read in English
        by everyone else. Called when the module opens a project, and by ``make run`` once its
        demo database has its languages."""
        for lang, _lang_name in self.env["res.lang"].get_installed():
            label = self.with_context(lang=lang).env._("Tasks")
            for project in self.with_context(lang=lang).filtered(lambda p: p.label_tasks in (False, "Tasks")):
                project.label_tasks = label

    # ------------------------------------------------------------------------------------------
    # Team, change requests and meetings
    # ------------------------------------------------------------------------------------------
    collab_change_request_count = fields.Integer("Change Requests", compute="_compute_collab_counts")
    collab_meeting_count = fields.Integer("Meetings", compute="_compute_collab_counts")

    def _compute_collab_counts(self):
        for model, fname in (
            ("collab.change.request", "collab_change_request_count"),
            ("collab.meeting", "collab_meeting_count"),
        ):
            counts = dict(self.env[model]._read_group([("project_id", "in", self.ids)], ["project_id"], ["__count"]))
            for project in self:
                project[fname] = counts.get(project, 0)

    def _collab_check_lead_or_coordinator(self, message):
        """Only the project's lead or the coordinator go on; anyone else is refused with
        ``message(project name)``."""
        if self._collab_is_coordinator():
            return
        for project in self:
            # sudo: who leads the project decides, whatever the caller may read of it
            if self.env.user != project.sudo().user_id:
                raise AccessError(message(project.sudo().display_name))

    def _collab_member_users(self):
        """The project's people: each department's liaison and module owners, and the project lead."""
        return self.member_ids.liaison_id | self.member_ids.module_owner_ids | self.user_id

    # ------------------------------------------------------------------------------------------
    # Risks and issues
    # ------------------------------------------------------------------------------------------
    def action_open_risks(self):
        self._collab_records_arg(self)
        action = self.env["ir.actions.act_window"]._for_xml_id("cross_dept_collab.collab_risk_action")
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id, "search_default_open": 1}
        return action
