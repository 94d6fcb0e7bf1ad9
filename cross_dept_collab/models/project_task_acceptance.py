"""project.task: acceptance — rounds of collab.acceptance until the deliverable passes."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import format_date

from .collab_workflow_guard import text_to_html
from .project_task import CLOSED

REWORK_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_rework"


class ProjectTaskAcceptance(models.Model):
    _inherit = "project.task"

    # the owners' rework follows the last acceptance round (_collab_expected_activities)
    _collab_state_activity_types = (REWORK_ACTIVITY,)

    def _collab_expected_activities(self):
        """A failed last round asks the owners (else the project lead) to rework the deliverable,
        due at the rework deadline, with what must be improved."""
        expected = super()._collab_expected_activities()
        last = self.acceptance_ids.sorted("round")[-1:]
        if last.result != "fail":
            return expected
        values = {"date_deadline": last.rework_deadline, "note": text_to_html(last.improvement_notes or "")}
        return expected + [(REWORK_ACTIVITY, owner, values) for owner in self.user_ids or self.project_id.user_id]

    # ------------------------------------------------------------------------------------------
    # Acceptance: rounds of collab.acceptance until the deliverable passes
    # ------------------------------------------------------------------------------------------
    @api.depends("acceptance_ids.result", "acceptance_ids.round")
    def _compute_acceptance_state(self):
        states = {"pending": "submitted", "pass": "passed", "fail": "rework"}
        for task in self:
            last = task.acceptance_ids.sorted("round")[-1:]
            task.acceptance_state = states[last.result] if last else "none"

    def _check_can_submit_for_acceptance(self):
        self._check_owner_or_lead(
            lambda task: self.env._(
                "Only the owners of %(task)s or the project lead can submit it for acceptance.", task=task.name
            )
        )

    def _default_acceptors(self):
        """Who accepts the deliverable: never its owners (see collab.responsibility)."""
        self.ensure_one()
        return self.env["collab.responsibility"].deliverable_acceptors(self)

    def action_submit_for_acceptance(self):
        """Open the next acceptance round of each task's deliverable."""
        self._check_can_submit_for_acceptance()
        now = fields.Datetime.now()
        vals_list = []
        # sudo: the guard above allowed the owner, who may not read the project (lead, departments)
        for task in self.sudo():
            if not (task.deliverable or "").strip():
                raise UserError(_("%(task)s has no deliverable to submit for acceptance.", task=task.name))
            if task.acceptance_state in ("submitted", "passed"):
                raise UserError(_("The deliverable of %(task)s is already submitted or accepted.", task=task.name))
            open_predecessors = task.depend_on_ids.filtered(lambda p: p.state not in CLOSED)
            if open_predecessors:
                raise UserError(
                    _(
                        "The deliverable of %(task)s cannot be submitted for acceptance before its predecessors are "
                        "done: %(predecessors)s.",
                        task=task.name,
                        predecessors=", ".join(
                            f"{p.wbs_code or ''} {p.name}".strip() for p in open_predecessors.sorted("wbs_code")
                        ),
                    )
                )
            acceptors = task._default_acceptors()
            if not acceptors:
                raise UserError(_("Nobody can accept the deliverable of %(task)s.", task=task.name))
            vals_list.append(
                {
                    "task_id": task.id,
                    "deliverable": task.deliverable,
                    "department_id": task.collab_department_id.id,
                    "owner_id": task.user_ids[:1].id,
                    "acceptance_standard": task.acceptance_standard,
                    "round": max(task.acceptance_ids.mapped("round"), default=0) + 1,
                    "acceptor_ids": [Command.set(acceptors.ids)],
                    "date_asked": now,
                    "deadline": (task.company_id or self.env.company).collab_sla_deadline(
                        now, (task.company_id or self.env.company).collab_department_review_hours, rule="decision"
                    ),
                }
            )
        # sudo: owners submit; the acceptance records belong to the acceptance group they cannot write for
        acceptances = self.env["collab.acceptance"].sudo().create(vals_list)
        acceptances._decision_ask()
        acceptances._collab_file_deliverables()
        # the rework (if any) is handed in with this submission
        self._collab_sync_activities(feedback=_("Resubmitted"))
        for acceptance in acceptances:
            acceptance.task_id.message_post(
                body=_(
                    "Submitted for acceptance (round %(round)s) to %(acceptors)s.",
                    round=acceptance.round,
                    acceptors=", ".join(acceptance.acceptor_ids.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _on_acceptance_failed(self, acceptance):
        """Back to work for the owners, with an activity due at the rework deadline."""
        self.ensure_one()
        # sudo: the acceptor decides; the task's own write rights belong to its project
        task = self.sudo()
        task.state = "01_in_progress"
        task._collab_sync_activities()
        task.message_post(
            body=_(
                "Acceptance round %(round)s failed: %(notes)s — rework due %(deadline)s.",
                round=acceptance.round,
                notes=acceptance.improvement_notes,
                deadline=format_date(self.env, acceptance.rework_deadline),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _on_acceptance_passed(self):
        # sudo: as in _on_acceptance_failed
        tasks = self.sudo()
        # the accepted deliverable is complete, whatever the last progress update said
        tasks.write({"state": "1_done", "collab_progress": 100})
        for task in tasks:
            task.message_post(body=_("Deliverable accepted."), subtype_xmlid="mail.mt_note")
        tasks.project_id._on_deliverables_accepted()
