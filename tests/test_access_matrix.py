"""The access matrix, proven: every operation of ``tests/access_matrix.py`` as every role.

Each cell runs as that user (``with_user``: what XML-RPC does) inside a savepoint, on records
prepared in every state the operation needs. An allowed cell must succeed; a refused one must
raise ``AccessError``/``UserError``/``ValidationError`` (anything else, a traceback, fails) whose
text says the documented reason (``access_matrix.REFUSAL_REASONS``): refused for another reason
fails too.
"""

import base64
import pathlib
import re
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from . import access_matrix
from .common import GROUP_LEAD, GROUP_SPONSOR, GROUP_USER, PlanCase

REFUSED = (AccessError, UserError, ValidationError)


class _RolledBack(Exception):
    """Raised inside a cell's savepoint so that an allowed operation leaves nothing behind."""


SECURITY_DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "security.md"


class TestAccessMatrix(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.dept_log = cls.env["hr.department"].create({"name": "T Logistics"})
        cls.log_head = new_test_user(cls.env, "t_log_head", groups=GROUP_LEAD, name="T Logistics Head")
        cls.log_user = new_test_user(cls.env, "t_log_user", groups=GROUP_USER, name="T Logistics Member")
        head = Employee.create({"name": "Log head", "user_id": cls.log_head.id, "department_id": cls.dept_log.id})
        Employee.create({"name": "Log user", "user_id": cls.log_user.id, "department_id": cls.dept_log.id})
        cls.dept_log.manager_id = head
        cls.sponsor2 = new_test_user(cls.env, "t_sponsor2", groups=GROUP_SPONSOR, name="Second Sponsor")
        cls.internal = new_test_user(cls.env, "t_internal", groups="base.group_user", name="Internal")
        cls.portal = new_test_user(cls.env, "t_portal", groups="base.group_portal", name="Portal")
        cls.rd_deputy = new_test_user(cls.env, "t_rd_deputy", groups=GROUP_LEAD, name="T R&D Deputy")

    def setUp(self):
        super().setUp()
        self.roles = {
            "initiator": self.mkt_user,
            "emp_involved": self.rd_user,
            "emp_other": self.log_user,
            "head_own": self.rd_head,
            "head_other": self.log_head,
            "project_lead": self.mkt_head,
            "coordinator": self.coordinator,
            "sponsor": self.sponsor,
            "internal": self.internal,
            "portal": self.portal,
        }
        # requests in each state the operations need (lead department: Marketing)
        self.req_draft = self.make_request()
        self.req_submitted = self.make_request(title="Submitted")
        self.req_submitted.with_user(self.mkt_user).action_submit()
        self.req_lead = self.make_request(title="Lead confirmation")
        self.req_lead.with_user(self.mkt_user).action_submit()
        self.req_lead.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.req_review = self.make_request(title="Review")
        self.bring_to_review(self.req_review)
        self.approval = self.approval_of(self.req_review, self.dept_rd)
        # named after the round opened: R&D's review stays its head's, the deputy may take it over
        self.dept_rd.collab_deputy_ids = self.rd_deputy
        self.req_decided = self.make_request(title="Decided review")
        self.bring_to_review(self.req_decided)
        self.decided = self.approval_of(self.req_decided, self.dept_rd)
        self.decided.with_user(self.rd_head).action_approve("Fine")
        self.req_sponsor = self.make_request(title="Sponsor")
        self.bring_to_review(self.req_sponsor)
        for approval in self.req_sponsor.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        # a project born from a request, with a task owned by R&D's employee
        self.project = self.make_project()
        self.task = self.make_deliverable(self.project)
        self.project.with_user(self.coordinator).action_request_charter_signoff()
        self.signoff = self.project.signoff_ids.filtered(lambda s: s.user_id == self.rd_head)
        self.task.with_user(self.rd_user).action_submit_for_acceptance()
        self.acceptance = self.task.acceptance_ids
        self.change = (
            self.env["collab.change.request"]
            .with_user(self.mkt_head)
            .create(
                {
                    "project_id": self.project.id,
                    "change_type": "goal",
                    "description": "Raise the target",
                    "reason": "Market",
                    "impact": "More work",
                }
            )
        )
        self.change.with_user(self.mkt_head).action_submit()
        self.meeting = (
            self.env["collab.meeting"]
            .with_user(self.mkt_head)
            .create({"name": "Kick-off", "project_id": self.project.id})
        )
        self.retrospective = (
            self.env["collab.retrospective"]
            .sudo()
            .create({"request_id": self.project.collab_request_id.id, "project_id": self.project.id})
        )
        self.risk = (
            self.env["collab.risk"]
            .with_user(self.mkt_head)
            .create({"kind": "risk", "name": "Late", "project_id": self.project.id, "level": "medium"})
        )
        # the project library: a design the lead uploaded; and a template to choose at intake
        self.document = (
            self.env["collab.document"]
            .with_user(self.mkt_head)
            .create(
                {
                    "name": "Design",
                    "project_id": self.project.id,
                    "upload_datas": base64.b64encode(b"v1"),
                    "upload_file_name": "design.txt",
                }
            )
        )
        self.template = (
            self.env["collab.project.template"].with_user(self.coordinator).create({"name": "Launch template"})
        )
        # the plan as it stood: a baseline, taken by the module (the fixture, not a user's step)
        self.baseline = self.project.sudo()._collab_take_baseline("Signed plan", "signed")
        self.member_rd = self.project.member_ids.filtered(lambda m: m.department_id == self.dept_rd)
        self.member_sales = self.project.member_ids.filtered(lambda m: m.department_id == self.dept_sales)
        # resources: a decided review's commitment (the fixture: written by the module), a resource
        # request asked of R&D by the project lead, the project's register
        today = self.company_today()
        self.people = {"kind": "people", "role": "Engineer", "unit": "person_days", "quantity": 5}
        self.people.update(date_from=today, date_to=today + timedelta(days=9))
        self.commitment = self.env["collab.resource.line"].sudo().create(dict(self.people, approval_id=self.decided.id))
        self.resource_request = (
            self.env["collab.resource.request"]
            .with_user(self.mkt_head)
            .create(
                {
                    "name": "Assembly peak",
                    "project_id": self.project.id,
                    "department_id": self.dept_rd.id,
                    "line_ids": [Command.create(self.people)],
                }
            )
        )
        self.resource_request.with_user(self.mkt_head).action_submit()
        self.register_rd = self.project.collab_resource_register_ids.filtered(lambda r: r.department_id == self.dept_rd)
        # an approval flow of the coordinator's, used once: its first version is frozen
        self.flow = (
            self.env["collab.flow"]
            .with_user(self.coordinator)
            .create(
                {"name": "Large budgets", "step_ids": [Command.create({"name": "CFO", "approver_rule": "sponsor"})]}
            )
        )
        self.flow_version = self.flow.with_user(self.mkt_user)._collab_current_version()
        # a step of a company's own flow: process requests are checked by Logistics' head first
        self.env["collab.flow"].with_user(self.coordinator).create(
            {
                "name": "Process changes",
                "request_type": "process",
                "sequence": 1,
                "step_ids": [
                    Command.create(
                        {
                            "name": "Logistics check",
                            "approver_rule": "department_head",
                            "department_id": self.dept_log.id,
                        }
                    )
                ],
            }
        )
        self.req_flow = self.make_request(title="Flow review", request_type="process")
        self.req_flow.with_user(self.mkt_user).action_submit()
        self.flow_review = self.req_flow.step_ids.filtered(lambda s: s.step == "extra_review")
        self.env.flush_all()

    # ------------------------------------------------------------------------------------------
    # The operations, each as ``user``
    # ------------------------------------------------------------------------------------------
    def as_(self, records, user):
        return records.with_user(user)

    def op_request_create(self, user):
        self.env["collab.request"].with_user(user).create({"title": "Mine", "request_type": "resource"})

    def op_request_edit_draft(self, user):
        self.as_(self.req_draft, user).write({"title": "Edited"})

    def op_request_edit_submitted(self, user):
        self.as_(self.req_submitted, user).write({"title": "Edited"})

    def op_request_write_state(self, user):
        self.as_(self.req_draft, user).write({"state": "approved"})

    def op_request_write_number(self, user):
        self.as_(self.req_draft, user).write({"name": "XMBG-FAKE", "review_round": 3})

    def op_request_choose_sponsor(self, user):
        self.as_(self.req_draft, user).write({"sponsor_id": self.sponsor2.id})

    def op_request_unlink_draft(self, user):
        self.as_(self.req_draft, user).unlink()

    def op_request_unlink_submitted(self, user):
        self.as_(self.req_submitted, user).unlink()

    def op_request_submit(self, user):
        self.as_(self.req_draft, user).action_submit()

    def op_request_accept(self, user):
        self.as_(self.req_submitted, user).action_accept(self.dept_mkt.id)

    def op_request_confirm_lead(self, user):
        self.as_(self.req_lead, user).action_confirm_lead()

    def op_request_sponsor_approve(self, user):
        self.as_(self.req_sponsor, user).action_sponsor_approve()

    def op_request_cancel(self, user):
        self.as_(self.req_review, user).action_cancel("Not needed")

    def op_request_withdraw(self, user):
        self.as_(self.req_review, user).action_withdraw("Not needed any more")

    def op_request_urge(self, user):
        self.as_(self.req_submitted, user).action_urge("Please decide this week")

    def op_request_cc_draft(self, user):
        self.as_(self.req_draft, user).write({"cc_user_ids": [Command.link(self.log_user.id)]})

    def op_request_cc_submitted(self, user):
        self.as_(self.req_submitted, user).write({"cc_user_ids": [Command.link(self.log_user.id)]})

    def op_request_return(self, user):
        self.as_(self.req_submitted, user).action_return("Add the budget")

    def op_request_reject(self, user):
        self.as_(self.req_submitted, user).action_reject("Out of scope")

    def op_request_object(self, user):
        self.as_(self.req_lead, user).action_object("Not our lead")

    def op_request_sponsor_return(self, user):
        self.as_(self.req_sponsor, user).action_sponsor_return("Cheaper please")

    def op_request_return_to(self, user):
        self.as_(self.req_sponsor, user).action_return_to(1, "The lead must confirm the new budget")

    def op_line_add_draft(self, user):
        self.env["collab.request.line"].with_user(user).create(
            {"request_id": self.req_draft.id, "department_id": self.dept_rd.id, "description": "More"}
        )

    def op_line_edit_submitted(self, user):
        self.as_(self.req_submitted.line_ids[:1], user).write({"description": "Changed"})

    def op_line_move(self, user):
        self.as_(self.req_draft.line_ids[:1], user).write({"request_id": self.req_submitted.id})

    def op_decision_write(self, user):
        log = self.as_(self.req_submitted.decision_ids[:1], user)
        try:
            log.write({"reason": "Rewritten"})
        except REFUSED:
            log.unlink()

    def op_approval_feedback(self, user):
        self.as_(self.approval, user).write({"feedback": "Looks fine"})

    def op_approval_write_state(self, user):
        self.as_(self.approval, user).write({"state": "approved", "approver_id": user.id, "round": 9})

    def op_approval_create(self, user):
        self.env["collab.approval"].with_user(user).create(
            {"request_id": self.req_review.id, "department_id": self.dept_log.id, "round": 1}
        )

    def op_approval_unlink(self, user):
        self.as_(self.approval, user).unlink()

    def op_approval_approve(self, user):
        self.as_(self.approval, user).action_approve("OK")

    def op_approval_feedback_decided(self, user):
        self.as_(self.decided, user).write({"feedback": "Rewritten"})

    def op_approval_transfer(self, user):
        self.as_(self.approval, user).action_transfer(self.rd_deputy.id, "Away")

    def op_approval_transfer_anyone(self, user):
        self.as_(self.approval, user).action_transfer(self.log_user.id, "Expert")

    def op_approval_add_approver(self, user):
        self.as_(self.approval, user).action_add_approver([self.log_user.id], "before", "Second opinion")

    def op_approval_write_trail(self, user):
        self.as_(self.approval, user).write({"previous_decider_ids": [Command.link(user.id)], "decision_step": -1})

    def op_signoff_add_approver(self, user):
        self.as_(self.signoff, user).action_add_approver([self.log_user.id], "parallel", "Co-sign")

    def op_change_transfer(self, user):
        self.as_(self.change, user).action_transfer(self.log_head.id, "Away")

    def op_delegation_own(self, user):
        today = self.company_today()
        self.env["collab.delegation"].with_user(user).create(
            {"user_id": user.id, "delegate_id": self.rd_deputy.id, "date_start": today, "date_end": today}
        )

    def op_delegation_other(self, user):
        today = self.company_today()
        self.env["collab.delegation"].with_user(user).create(
            {"user_id": self.sales_user.id, "delegate_id": self.log_head.id, "date_start": today, "date_end": today}
        )

    def op_approval_request_changes(self, user):
        self.as_(self.approval, user).action_request_changes("Move the date")

    def op_signoff_refuse(self, user):
        self.as_(self.signoff, user).action_refuse("Scope unclear")

    def op_acceptance_fail(self, user):
        self.as_(self.acceptance, user).action_fail("Redo", self.company_today() + timedelta(days=5))

    def op_change_reject(self, user):
        self.as_(self.change, user).action_reject("Not now")

    def op_risk_escalate(self, user):
        self.as_(self.risk, user).action_escalate()

    def op_project_plan_signoff(self, user):
        self.as_(self.project, user).action_request_plan_signoff()

    def op_signoff_write_state(self, user):
        self.as_(self.signoff, user).write({"state": "signed", "user_id": user.id, "active": False})

    def op_signoff_unlink(self, user):
        self.as_(self.signoff, user).unlink()

    def op_signoff_sign(self, user):
        self.as_(self.signoff, user).action_sign()

    def op_acceptance_write_result(self, user):
        self.as_(self.acceptance, user).write({"result": "pass"})

    def op_acceptance_pass(self, user):
        self.as_(self.acceptance, user).action_pass("Good")

    def op_change_create(self, user):
        self.env["collab.change.request"].with_user(user).create(
            {"project_id": self.project.id, "change_type": "scope", "description": "More scope"}
        )

    def op_change_write_state(self, user):
        self.as_(self.change, user).write({"state": "approved", "approver_id": user.id})

    def op_change_approve(self, user):
        self.as_(self.change, user).action_approve("Go")

    def op_meeting_write_state(self, user):
        self.as_(self.meeting, user).write({"state": "distributed"})

    def op_retrospective_write_state(self, user):
        self.as_(self.retrospective, user).write({"state": "done"})

    def op_risk_create(self, user):
        self.env["collab.risk"].with_user(user).create(
            {"kind": "issue", "name": "Blocked", "project_id": self.project.id, "urgency": "normal"}
        )

    def op_risk_write_state(self, user):
        self.as_(self.risk, user).write({"state": "closed", "escalation_level": 3})

    def op_risk_write_deadline(self, user):
        self.as_(self.risk, user).write({"date_response_due": "2099-01-01 00:00:00"})

    def op_progress_own_task(self, user):
        self.env["collab.progress.update"].with_user(user).create(
            {"task_id": self.task.id, "progress": 30, "summary": "Draft ready"}
        )

    def op_progress_forge_reporter(self, user):
        self.env["collab.progress.update"].with_user(user).create(
            {"task_id": self.task.id, "progress": 30, "summary": "Draft", "user_id": self.sponsor2.id}
        )

    def op_member_own_liaison(self, user):
        self.as_(self.member_rd, user).write({"liaison_id": self.rd_user.id})

    def op_member_other_liaison(self, user):
        self.as_(self.member_sales, user).write({"liaison_id": self.sales_user.id})

    def op_task_write_status(self, user):
        self.as_(self.task, user).write({"acceptance_state": "passed", "collab_status": "done", "wbs_code": "9"})

    def op_project_write_state(self, user):
        self.as_(self.project, user).write({"charter_state": "confirmed", "plan_state": "confirmed"})

    def op_project_change_sponsor(self, user):
        self.as_(self.project, user).write({"sponsor_id": self.sponsor2.id})

    def op_project_repoint_group(self, user):
        channel = self.env["discuss.channel"].create({"name": "Elsewhere", "channel_type": "group"})
        self.as_(self.project, user).write({"collab_channel_id": channel.id})

    def op_group_read(self, user):
        channel = self.project.collab_channel_id
        self.assertTrue(channel)
        self.as_(channel, user).read(["name"])
        self.env["mail.message"].with_user(user).search(
            [("model", "=", "discuss.channel"), ("res_id", "=", channel.id)]
        )
        self.as_(channel, user).message_ids.read(["body"])

    def op_document_read(self, user):
        self.as_(self.document, user).read(["name"])
        self.as_(self.document.current_version_id.attachment_id, user).read(["datas"])

    def op_document_upload(self, user):
        self.env["collab.document"].with_user(user).create(
            {
                "name": "Minutes draft",
                "project_id": self.project.id,
                "upload_datas": base64.b64encode(b"draft"),
                "upload_file_name": "draft.txt",
            }
        )

    def op_document_new_version(self, user):
        action = self.as_(self.document, user).action_upload_version()
        self.env[action["res_model"]].with_user(user).with_context(action["context"]).create(
            {"datas": base64.b64encode(b"v2"), "file_name": "design-v2.txt"}
        ).action_confirm()

    def op_document_version_rewrite(self, user):
        self.as_(self.document.current_version_id, user).write({"number": 9, "attachment_id": False})

    def op_document_category_create(self, user):
        self.env["collab.document.category"].with_user(user).create({"name": "Contracts"})

    def op_project_save_template(self, user):
        self.as_(self.project, user).action_collab_save_as_template()

    def op_baseline_take(self, user):
        self.as_(self.project, user).action_collab_take_baseline()

    def op_baseline_choose(self, user):
        self.as_(self.project, user).write({"collab_baseline_id": self.baseline.id})

    def op_baseline_read(self, user):
        self.as_(self.baseline, user).read(["name", "date_end"])
        self.as_(self.baseline.line_ids, user).read(["date_end"])

    def op_baseline_rewrite(self, user):
        self.as_(self.baseline, user).write({"date_end": self.baseline.date_end + timedelta(days=3)})
        self.as_(self.baseline.line_ids, user).write({"date_end": self.baseline.date_end + timedelta(days=3)})

    def op_baseline_delete(self, user):
        self.as_(self.baseline, user).unlink()

    def op_load_read(self, user):
        rows = self.env["collab.report.department.load"].search([("department_id", "=", self.dept_rd.id)])
        self.as_(rows, user).read(["planned_days", "capacity_days", "load_percent"])

    def op_load_person_read(self, user):
        rows = self.env["collab.task.load"].search([("department_id", "=", self.dept_rd.id)])
        self.as_(rows, user).read(["user_id", "days"])

    def op_load_rewrite(self, user):
        rows = self.env["collab.report.department.load"].search([("department_id", "=", self.dept_rd.id)])
        self.as_(rows, user).write({"planned_days": 1})
        self.as_(rows, user).unlink()

    def op_lag_set(self, user):
        # the fixture's step: the deliverable gets a predecessor (rolled back with the cell)
        predecessor = self.make_task(self.project, "Brief", self.task.date_planned_start, self.task.date_planned_start)
        self.task.sudo().depend_on_ids = predecessor
        self.env["collab.task.dependency.lag"].with_user(user).create(
            {"task_id": self.task.id, "predecessor_id": predecessor.id, "lag_days": 2}
        )

    def op_resource_commit(self, user):
        self.env["collab.resource.line"].with_user(user).create(dict(self.people, approval_id=self.approval.id))

    def op_resource_commit_decided(self, user):
        self.as_(self.commitment, user).write({"quantity": 50})

    def op_resource_line_read(self, user):
        self.as_(self.commitment, user).read(["quantity", "status"])

    def op_resource_request_create(self, user):
        self.env["collab.resource.request"].with_user(user).create(
            {"name": "More", "project_id": self.project.id, "department_id": self.dept_rd.id}
        )

    def op_resource_request_approve(self, user):
        self.as_(self.resource_request, user).action_approve()

    def op_resource_request_withdraw(self, user):
        self.as_(self.resource_request, user).action_withdraw()

    def op_resource_request_read(self, user):
        self.as_(self.resource_request, user).read(["name", "state"])
        self.as_(self.resource_request.line_ids, user).read(["quantity"])

    def op_resource_request_write_state(self, user):
        self.as_(self.resource_request, user).write({"state": "approved", "user_id": user.id})

    def op_register_read(self, user):
        self.as_(self.register_rd, user).read(["committed_person_days", "approved_amount"])

    def op_register_record_used(self, user):
        self.as_(self.register_rd, user).write({"used_person_days": 3})

    def op_register_write_department(self, user):
        self.as_(self.register_rd, user).write({"department_id": self.dept_sales.id})

    def op_request_template_draft(self, user):
        self.as_(self.req_draft, user).write({"project_template_id": self.template.id})

    def op_request_template_submitted(self, user):
        self.as_(self.req_submitted, user).write({"project_template_id": self.template.id})

    def op_flow_read(self, user):
        self.as_(self.flow, user).read(["name", "empty_approver"])
        self.as_(self.flow.step_ids, user).read(["name", "approver_rule", "condition"])

    def op_flow_create(self, user):
        self.env["collab.flow"].with_user(user).create({"name": "Mine"})

    def op_flow_edit(self, user):
        self.as_(self.flow, user).write({"empty_approver": "skip"})

    def op_flow_step_edit(self, user):
        self.as_(self.flow.step_ids, user).write({"condition": "[('priority', '=', 'high')]"})

    def op_flow_review_approve(self, user):
        self.as_(self.flow_review, user).action_approve()

    def op_flow_review_read(self, user):
        self.as_(self.flow_review, user).read(["step", "state", "user_id"])
        self.as_(self.req_flow, user).read(["flow_path_html", "flow_step_name"])

    def op_flow_version_write(self, user):
        self.as_(self.flow_version, user).write({"name": "Rewritten"})

    # ------------------------------------------------------------------------------------------
    def _cell_outcome(self, key, user):
        """``(True, None)`` when ``user`` may do ``key``, else ``(False, the refusal)``; the cell's
        effects are always rolled back."""
        try:
            with self.env.cr.savepoint():
                getattr(self, f"op_{key}")(user)
                self.env.flush_all()
                raise _RolledBack
        except _RolledBack:
            return True, None
        except REFUSED as refusal:
            return False, refusal
        finally:
            self.env.invalidate_all()

    def test_access_matrix(self):
        differences = []
        for key, model, label, _roles in access_matrix.OPERATIONS:
            for role, allowed in access_matrix.expected(key).items():
                actual, refusal = self._cell_outcome(key, self.roles[role])
                if actual != allowed:
                    differences.append(
                        f"{model} / {label} / {role}: {'allowed' if actual else 'refused'}, "
                        f"documented {'allowed' if allowed else 'refused'}"
                        + (f" ({type(refusal).__name__}: {refusal})" if refusal else "")
                    )
                    continue
                if allowed:
                    continue
                reason = access_matrix.refusal_reason(key, role)
                if not re.search(access_matrix.refusal_pattern(key, role), str(refusal)):
                    differences.append(
                        f"{model} / {label} / {role}: refused for another reason than “{reason}”: "
                        f"{type(refusal).__name__}: {refusal}"
                    )
                elif reason in ("rule", "acl") and not any(
                    f"({name})" in str(refusal) for name in (model, *access_matrix.REFUSED_ON.get(key, ()))
                ):
                    # Odoo's refusals name the model refused: the operation's, not a record it touched
                    differences.append(
                        f"{model} / {label} / {role}: refused by the {reason} of another model: {refusal}"
                    )
        self.assertFalse(differences, "\n" + "\n".join(differences))

    def test_every_refusal_has_a_reason(self):
        """Each refused cell names a known reason; no reason is documented for an allowed cell."""
        problems = []
        for key, _model, _label, _roles in access_matrix.OPERATIONS:
            for role, allowed in access_matrix.expected(key).items():
                spec = access_matrix.REFUSAL_REASONS.get(key)
                overrides = spec[1] if isinstance(spec, tuple) else {}
                if allowed:
                    if role in overrides:
                        problems.append(f"{key} / {role}: allowed, yet a refusal reason is documented")
                    continue
                if spec is None:
                    problems.append(f"{key}: refused to {role} without a documented reason")
                elif not set(access_matrix.refusal_reason(key, role).split("|")) <= set(access_matrix.REASONS):
                    problems.append(f"{key} / {role}: unknown reason {access_matrix.refusal_reason(key, role)}")
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_readme_prints_the_matrix(self):
        self.assertIn(access_matrix.render_markdown(), SECURITY_DOC.read_text(encoding="utf-8"))
