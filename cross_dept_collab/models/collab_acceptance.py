from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class CollabAcceptance(models.Model):
    """One acceptance round of a task's deliverable (成果验收表): the acceptance group passes it
    or sends it back for rework with improvement notes and a deadline."""

    _name = "collab.acceptance"
    _description = "Deliverable Acceptance"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.decision.mixin"]
    _order = "task_id, round desc, id desc"
    _check_company_auto = True

    _decision_user_field = "acceptor_ids"
    _decision_comment_field = "improvement_notes"
    _decision_date_field = "date_accepted"
    _decision_state_field = "result"
    _decision_activity_type = "cross_dept_collab.mail_activity_type_collab_acceptance"
    _decision_parent_field = "task_id"
    _decision_positive_states = ("pass",)
    _decision_rule_prefix = "acceptance"
    _collab_state_field = "result"
    _collab_workflow_fields = (
        "task_id",
        "project_id",
        "deliverable",
        "department_id",
        "owner_id",
        "acceptance_standard",
        "round",
        "result",
        "acceptor_ids",
        "date_accepted",
        "first_pass_score",
        "deadline",
        "date_asked",
    )

    task_id = fields.Many2one("project.task", required=True, readonly=True, ondelete="cascade", index=True)
    project_id = fields.Many2one(related="task_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="task_id.company_id", store=True)
    milestone_id = fields.Many2one(related="task_id.milestone_id", string="Phase")
    deliverable = fields.Char(required=True, readonly=True)
    department_id = fields.Many2one("hr.department", string="Responsible Department", readonly=True, index=True)
    owner_id = fields.Many2one("res.users", string="Owner", readonly=True, index=True)
    acceptance_standard = fields.Text(readonly=True, help="Copied from the task when it was submitted.")
    round = fields.Integer(required=True, readonly=True, default=1)
    result = fields.Selection(
        [("pending", "Pending"), ("pass", "Passed"), ("fail", "Failed")],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    improvement_notes = fields.Text(help="Required when the deliverable fails: what must be improved.")
    acceptor_ids = fields.Many2many(
        "res.users",
        "collab_acceptance_acceptor_rel",
        "acceptance_id",
        "user_id",
        string="Acceptors",
        readonly=True,
        help="The acceptance group, from the heads and liaisons of the involved departments.",
    )
    date_accepted = fields.Datetime("Decided On", readonly=True, copy=False)
    first_pass_score = fields.Integer(
        "First Pass (%)",
        compute="_compute_first_pass_score",
        store=True,
        aggregator="avg",
        help="On first rounds: 100 when the deliverable passed at once, 0 when it failed; averaged it is the first-pass rate.",
    )
    rework_deadline = fields.Date(help="Required when the deliverable fails: when the rework is due.")

    _sql_constraints = [
        ("task_round_unique", "UNIQUE(task_id, round)", "A task has one acceptance per round."),
    ]

    @api.depends("round", "result")
    def _compute_first_pass_score(self):
        for acceptance in self:
            acceptance.first_pass_score = 100 if acceptance.round == 1 and acceptance.result == "pass" else 0

    @api.depends_context("lang")
    @api.depends("task_id", "round")
    def _compute_display_name(self):
        for acceptance in self:
            acceptance.display_name = _(
                "%(deliverable)s — round %(round)s",
                deliverable=acceptance.deliverable or acceptance.task_id.name or "",
                round=acceptance.round,
            )

    def _decision_allowed_users(self):
        """The coordinator decides in place of an absent acceptance group."""
        coordinators = self.env.ref("cross_dept_collab.group_collab_coordinator").sudo().users
        return coordinators.with_env(self.env)

    def _decision_sponsor(self):
        return self.env["collab.responsibility"].project_sponsor(self.project_id)

    def _decision_activity_note(self):
        return _(
            "Check the deliverable %(deliverable)s of %(task)s against its standard: %(standard)s",
            deliverable=self.deliverable,
            task=self.task_id.name,
            standard=self.acceptance_standard or "-",
        )

    # ------------------------------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------------------------------
    def _collab_decision_choices(self):
        notes = self._decision_reason_input("fail", "improvement_notes", _("Improvement Notes"))
        deadline = {"name": "rework_deadline", "type": "date", "label": _("Rework Deadline"), "required": True}
        return [
            self._decision_choice("pass", "action_pass", _("Pass"), "success"),
            self._decision_choice("fail", "action_fail", _("Fail"), "danger", [notes, deadline]),
        ]

    def _user_may_decide(self, user):
        # nobody accepts their own deliverable, whatever group or delegation names them
        return super()._user_may_decide(user) and (self.env.su or not self._is_own_deliverable(user))

    def _is_own_deliverable(self, user):
        self.ensure_one()
        # sudo: the task's owners are read to refuse them, whatever the acceptor may read of it
        return user in (self.owner_id | self.sudo().task_id.user_ids)

    def _decision_cannot_decide_reason(self, user):
        if not self.env.su and self._is_own_deliverable(user):
            return AccessError(
                _(
                    "You own %(task)s: its deliverable is accepted by someone else, not by you.",
                    task=self.task_id.name,
                )
            )
        return super()._decision_cannot_decide_reason(user)

    def _decision_completed_records(self):
        # the last deliverable passed completes its task, the project and the project's request
        projects = self.task_id.project_id
        return [projects.collab_request_id, projects, self.task_id]

    def action_pass(self, notes=None, attachment_ids=None):
        notes = self._collab_text_arg(notes, _("The notes"))
        attachments = self._decision_attachments_arg(attachment_ids)
        self._check_can_decide()
        self._lock_decision_parents()
        for acceptance in self:
            text = (notes if notes is not None else acceptance.improvement_notes or "").strip()
            # sudo: the guard above established the caller as an acceptor or the coordinator
            acceptance.sudo()._record_decision("pass", text, attachments)
        self.task_id._on_acceptance_passed()
        return True

    def action_fail(self, improvement_notes=None, rework_deadline=None, attachment_ids=None):
        improvement_notes = self._collab_text_arg(improvement_notes, _("The improvement notes"))
        attachments = self._decision_attachments_arg(attachment_ids)
        rework_deadline = self._collab_date_arg(rework_deadline, _("The rework deadline"))
        self._check_can_decide()
        self._lock_decision_parents()
        for acceptance in self:
            notes = (improvement_notes if improvement_notes is not None else acceptance.improvement_notes or "").strip()
            deadline = rework_deadline or acceptance.rework_deadline
            if not notes:
                raise UserError(
                    _(
                        "Say what must be improved in %(what)s: improvement notes are required.",
                        what=acceptance.display_name,
                    )
                )
            if not deadline:
                raise UserError(_("Set the rework deadline of %(what)s.", what=acceptance.display_name))
            # sudo: as in action_pass
            acceptance.sudo().rework_deadline = deadline
            acceptance.sudo()._record_decision("fail", notes, attachments)
            acceptance.task_id._on_acceptance_failed(acceptance)
        return True

    def action_open_task(self):
        self._collab_records_arg(self)
        return self._collab_form_action(self.task_id)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_decided(self):
        """Acceptance rounds are the audit trail of a deliverable: a decided round is kept."""
        if any(acceptance.result != "pending" for acceptance in self):
            raise UserError(_("A decided acceptance round is part of the project's record and cannot be deleted."))
