"""Integrity: each finding of the RPC review, reproduced as the person who tried it — now refused
or harmless. Every call goes through ``with_user`` (the same path as XML-RPC/JSON-RPC)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import get_public_method

from .common import PlanCase

REFUSED = UserError  # AccessError and ValidationError are UserErrors in Odoo 18


class TestRequestIntegrity(PlanCase):
    def test_employee_cannot_write_workflow_fields(self):
        request = self.make_request()
        for vals in (
            {"state": "sponsor_approval"},
            {"review_round": 7},
            {"name": "XMBG-FAKE"},
            {"date_approved": fields.Datetime.now()},
            {"stage_deadline": fields.Datetime.now()},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "change only through its buttons"):
                request.with_user(self.mkt_user).write(vals)
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.name, "/")

    def test_employee_cannot_choose_deciders(self):
        request = self.make_request()
        for vals in (
            {"sponsor_id": self.mkt_head.id},
            {"lead_department_id": self.dept_rd.id},
            {"initiator_id": self.rd_user.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "Only the coordinator can set"):
                request.with_user(self.mkt_user).write(vals)

    def test_request_cannot_be_born_in_a_later_state(self):
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self.make_request(state="sponsor_approval")
        with self.assertRaisesRegex(AccessError, "Only the coordinator can set Initiator"):
            self.make_request(sponsor_id=False, initiator_id=self.rd_user.id)
        # a user who is no sponsor can never be the sponsor, even by the coordinator
        with self.assertRaisesRegex(ValidationError, "is not a sponsor"):
            self.make_request(user=self.coordinator, sponsor_id=self.mkt_user.id)

    def test_self_approval_through_a_forged_sponsor_is_impossible(self):
        request = self.make_request()
        with self.assertRaisesRegex(REFUSED, "change only through its buttons"):
            request.with_user(self.mkt_user).write({"state": "sponsor_approval", "sponsor_id": self.mkt_user.id})
        with self.assertRaisesRegex(UserError, "cannot be approved while it is in state Draft"):
            request.with_user(self.mkt_user).action_sponsor_approve()
        self.assertFalse(request.project_id)

    def test_submitted_request_is_frozen_for_its_initiator(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        with self.assertRaisesRegex(REFUSED, "can no longer be edited"):
            request.with_user(self.mkt_user).write({"title": "Changed after submit"})
        with self.assertRaisesRegex(REFUSED, "can no longer be edited"):
            request.with_user(self.mkt_user).write({"priority": "low"})
        with self.assertRaisesRegex(REFUSED, "can no longer be edited"):
            request.line_ids[0].with_user(self.mkt_user).write({"description": "Changed ask"})
        self.assertEqual(request.title, "Smartwatch launch")

    def test_ask_cannot_move_to_another_request(self):
        request = self.make_request()
        other = self.make_request(title="Another one")
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            request.line_ids[0].with_user(self.mkt_user).write({"request_id": other.id})
        self.assertEqual(len(other.line_ids), 2)

    def test_submitted_request_cannot_be_deleted_only_cancelled(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        with self.assertRaisesRegex(REFUSED, "change only through its buttons"):
            request.with_user(self.mkt_user).write({"state": "draft"})
        with self.assertRaisesRegex(REFUSED, "doesn't have 'unlink' access"):
            request.with_user(self.mkt_user).unlink()
        # even the coordinator cannot erase the audit trail once returned to draft
        request.with_user(self.coordinator).action_return("Please add the budget")
        self.assertEqual(request.state, "draft")
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            request.with_user(self.coordinator).unlink()
        self.assertTrue(request.exists())
        self.assertTrue(request.decision_ids)

    def test_a_never_submitted_draft_can_be_deleted(self):
        request = self.make_request()
        request.with_user(self.mkt_user).unlink()
        self.assertFalse(request.exists())

    def test_approved_request_cannot_be_deleted(self):
        project = self.make_project()
        request = project.collab_request_id
        with self.assertRaisesRegex(REFUSED, "cancel it instead of deleting it"):
            request.with_user(self.coordinator).unlink()
        self.assertTrue(request.exists())


class TestApprovalIntegrity(PlanCase):
    def test_head_cannot_forge_his_review(self):
        request = self.make_request()
        self.bring_to_review(request)
        other = self.make_request(title="Other")
        approval = self.approval_of(request, self.dept_rd)
        for vals in (
            {"state": "approved"},
            {"decided_on": fields.Datetime.now()},
            {"approver_id": self.sales_head.id},
            {"request_id": other.id},
            {"round": 5},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "change only through its buttons"):
                approval.with_user(self.rd_head).write(vals)
        self.assertEqual(approval.state, "pending")

    def test_decided_review_is_frozen(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        approval.with_user(self.rd_head).action_approve("Fine")
        with self.assertRaisesRegex(REFUSED, "can no longer be edited"):
            approval.with_user(self.rd_head).write({"feedback": "Rewritten after deciding"})
        with self.assertRaisesRegex(REFUSED, "can no longer be edited"):
            approval.with_user(self.coordinator).write({"feedback": "Rewritten by the PMO"})
        with self.assertRaisesRegex(REFUSED, "not allowed to delete"):
            approval.with_user(self.coordinator).unlink()
        self.assertEqual(approval.feedback, "Fine")

    def test_closed_round_is_superseded_not_chased(self):
        request = self.make_request()
        self.bring_to_review(request)
        rd = self.approval_of(request, self.dept_rd)
        sales = self.approval_of(request, self.dept_sales)
        rd.with_user(self.rd_head).action_request_changes("Move the date")
        self.assertEqual(request.state, "second_coordination")
        request.with_user(self.coordinator).action_restart_review("Revised after the departments' feedback")
        self.assertEqual(sales.state, "superseded")
        self.assertFalse(self.activities_of(sales, "cross_dept_collab.mail_activity_type_collab_approval"))
        self.assertFalse(sales.with_user(self.sales_head).can_decide)
        with self.assertRaisesRegex(UserError, r"has already been decided \(Superseded\)"):
            sales.with_user(self.sales_head).action_approve()
        # the "Overdue" filter and the form agree: a superseded review is never overdue, even
        # long after its deadline passed
        with freeze_time(sales.deadline + timedelta(days=30)):
            self.env.invalidate_all()
            overdue = self.env["collab.request"].search([("is_overdue", "=", True), ("id", "=", request.id)])
            self.assertEqual(bool(overdue), request.is_overdue)

    def test_cancel_supersedes_pending_reviews(self):
        request = self.make_request()
        approvals = self.bring_to_review(request)
        request.with_user(self.mkt_user).action_cancel("No longer needed")
        self.assertEqual(set(approvals.mapped("state")), {"superseded"})

    def test_wrong_argument_types_are_refused_cleanly(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        with self.assertRaisesRegex(UserError, "(?i)reason"):
            request.with_user(self.coordinator).action_return(reason=5)
        with self.assertRaisesRegex(UserError, "(?i)lead department"):
            request.with_user(self.coordinator).action_accept(lead_department_id="abc")
        with self.assertRaisesRegex(UserError, "(?i)lead department"):
            request.with_user(self.coordinator).action_accept(lead_department_id=2**40)
        with self.assertRaisesRegex(UserError, "(?i)lead department"):
            request.with_user(self.coordinator).action_accept(lead_department_id=987654321)
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        request.with_user(self.mkt_head).action_confirm_lead()
        approval = self.approval_of(request, self.dept_rd)
        with self.assertRaisesRegex(UserError, "(?i)feedback"):
            approval.with_user(self.rd_head).action_approve(feedback=5)
        with self.assertRaisesRegex(UserError, "(?i)feedback"):
            approval.with_user(self.rd_head).action_reject(feedback=["x"])
        self.assertEqual(approval.state, "pending")


class TestDecisionActivities(PlanCase):
    def test_mark_done_does_not_close_a_decision(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        activity = self.activities_of(approval, "cross_dept_collab.mail_activity_type_collab_approval")
        self.assertEqual(activity.user_id, self.rd_head)
        with self.assertRaisesRegex(UserError, "is closed by deciding"):
            activity.with_user(self.rd_head).action_feedback(feedback="同意")
        self.assertTrue(activity.exists())
        self.assertEqual(approval.state, "pending")

    def test_initiator_cannot_cancel_the_coordinators_activity(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        activity = self.activities_of(request, "cross_dept_collab.mail_activity_type_collab_review")
        self.assertEqual(activity.user_id, self.coordinator)
        # the record rule speaks first on a cold cache (RPC), the activity's own check on a warm one
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|unlink)' access|can cancel the activity"):
            activity.with_user(self.mkt_user).unlink()
        self.assertTrue(activity.exists())

    def test_user_text_in_activity_notes_is_escaped(self):
        request = self.make_request(title='Launch <a href="https://evil.example">click</a><img src="https://x/y.png">')
        self.bring_to_review(request)
        activity = self.activities_of(
            self.approval_of(request, self.dept_rd), "cross_dept_collab.mail_activity_type_collab_approval"
        )
        self.assertNotIn("<a href", activity.note)
        self.assertNotIn("<img", activity.note)
        self.assertIn("&lt;a href", activity.note)

    def test_helpers_are_not_callable_over_rpc(self):
        for model, method in (
            ("collab.responsibility", "coordinator"),
            ("collab.responsibility", "department_head"),
            ("collab.reminder.engine", "notify"),
            ("collab.reminder.engine", "run_batch"),
            ("collab.reminder.engine", "remind_by_activity"),
        ):
            with self.subTest(method=method), self.assertRaisesRegex(AccessError, "Private methods"):
                get_public_method(self.env[model].with_user(self.coordinator), method)
        # the actions stay callable
        self.assertTrue(get_public_method(self.env["collab.request"], "action_submit"))


class TestProjectIntegrity(PlanCase):
    def test_signer_cannot_forge_a_signoff(self):
        project = self.make_project()
        project.with_user(self.coordinator).action_request_charter_signoff()
        signoff = project.signoff_ids.filtered(lambda s: s.user_id == self.rd_head)
        for vals in ({"state": "signed"}, {"user_id": self.sales_head.id}, {"active": False}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "change only through its buttons"):
                signoff.with_user(self.rd_head).write(vals)
        self.assertEqual(signoff.state, "pending")
        self.assertEqual(project.charter_state, "confirming")
        with self.assertRaisesRegex(REFUSED, "not allowed to delete"):
            signoff.with_user(self.coordinator).unlink()

    def test_task_statuses_cannot_be_written(self):
        project = self.make_project()
        task = self.make_task(project, "Campaign", user_ids=[Command.set(self.rd_user.ids)])
        for vals in (
            {"acceptance_state": "passed"},
            {"collab_status": "done"},
            {"warning_level": "red"},
            {"wbs_code": "9.9"},
            {"last_progress_date": fields.Datetime.now()},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "change only through its buttons"):
                task.with_user(self.rd_user).write(vals)

    def test_context_key_does_not_lift_the_plan_lock(self):
        project = self.make_project()
        task = self.make_task(project, "Campaign", user_ids=[Command.set(self.rd_user.ids)])
        self.confirm_plan(project)
        forged = task.with_user(project.user_id).with_context(collab_plan_change_approved=True)
        with self.assertRaisesRegex(ValidationError, "needs an approved change request"):
            forged.write({"date_planned_end": self.company_today() + timedelta(days=400)})

    def test_other_head_cannot_rewrite_another_departments_liaison(self):
        project = self.make_project()
        member = project.member_ids.filtered(lambda m: m.department_id == self.dept_rd)
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            member.with_user(self.sales_head).write({"liaison_id": self.sales_user.id})
        self.assertEqual(member.liaison_id, self.rd_head)
        member.with_user(self.rd_head).write({"liaison_id": self.rd_user.id})
        self.assertEqual(member.liaison_id, self.rd_user)

    def test_change_request_cannot_be_self_approved(self):
        project = self.make_project()
        self.make_task(project, "Campaign", user_ids=[Command.set(self.rd_user.ids)])
        self.confirm_plan(project)
        Change = self.env["collab.change.request"].with_user(project.user_id)
        change = Change.create({"project_id": project.id, "change_type": "goal", "description": "More"})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            change.write({"state": "submitted"})
        with self.assertRaisesRegex(AccessError, "Only the coordinator can set Approver"):
            change.write({"approver_id": project.user_id.id})
        with self.assertRaisesRegex(UserError, "has already been decided"):
            change.action_approve()
        self.assertEqual(change.state, "draft")

    def test_progress_update_dates_and_reporter(self):
        project = self.make_project()
        task = self.make_task(project, "Campaign", user_ids=[Command.set(self.rd_user.ids)])
        Update = self.env["collab.progress.update"].with_user(self.rd_user)
        with self.assertRaisesRegex(ValidationError, "Date must be between 1900-01-01 and 2200-12-31"):
            Update.create({"task_id": task.id, "progress": 10, "summary": "x", "date": "9999-12-31 00:00:00"})
        with self.assertRaisesRegex(ValidationError, "cannot be dated in the future"):
            Update.create(
                {"task_id": task.id, "progress": 10, "summary": "x", "date": fields.Datetime.now() + timedelta(days=3)}
            )
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            Update.create({"task_id": task.id, "progress": 10, "summary": "x", "user_id": self.rd_head.id})
        update = Update.create({"task_id": task.id, "progress": 10, "summary": "Started"})
        self.assertEqual(update.user_id, self.rd_user)

    def test_risk_deadlines_are_computed_not_written(self):
        project = self.make_project()
        risk = (
            self.env["collab.risk"]
            .with_user(project.user_id)
            .create(
                {
                    "kind": "risk",
                    "name": "Supplier late",
                    "project_id": project.id,
                    "level": "high",
                    "owner_id": project.user_id.id,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            risk.with_user(project.user_id).write({"date_response_due": "2099-01-01 00:00:00"})


class TestBoundedValues(PlanCase):
    def test_titles_are_capped(self):
        with self.assertRaisesRegex(ValidationError, "at most 200 characters"):
            self.make_request(title="长" * 201)

    def test_ask_due_dates_are_bounded(self):
        with self.assertRaisesRegex(ValidationError, "Due Date must be between 1900-01-01 and 2200-12-31"):
            self.make_request(
                line_ids=[
                    Command.create({"department_id": self.dept_rd.id, "description": "x", "date_due": "9999-12-31"})
                ]
            )

    def test_rework_deadline_must_be_a_date(self):
        project = self.make_project()
        task = self.make_task(
            project,
            "Campaign",
            collab_department_id=self.dept_rd.id,
            user_ids=[Command.set(self.rd_user.ids)],
            deliverable="Plan",
        )
        task.with_user(self.rd_user).action_submit_for_acceptance()
        acceptance = task.acceptance_ids
        for deadline in ("garbage", 5, "9999-12-31"):
            with self.subTest(deadline=deadline), self.assertRaisesRegex(UserError, "(?i)rework deadline"):
                acceptance.with_user(self.coordinator).action_fail("Redo", rework_deadline=deadline)
        self.assertEqual(acceptance.result, "pending")


class TestEveryActionRefusesWrongTypes(PlanCase):
    """Each public action with an argument gets wrong types from an RPC caller: a UserError."""

    def test_text_arguments(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        calls = [
            (request.with_user(self.coordinator), "action_return"),
            (request.with_user(self.coordinator), "action_reject"),
            (request.with_user(self.mkt_user), "action_cancel"),
        ]
        for record, method in calls:
            for bad in (5, ["x"], {"a": 1}, 1.5):
                with self.subTest(method=method, bad=bad), self.assertRaisesRegex(UserError, "(?i)reason"):
                    getattr(record, method)(bad)
        self.assertEqual(request.state, "submitted")
        project = self.make_project()
        risk = (
            self.env["collab.risk"]
            .with_user(project.user_id)
            .create({"kind": "issue", "name": "Stuck", "project_id": project.id, "urgency": "normal"})
        )
        with self.assertRaisesRegex(UserError, "(?i)resolution"):
            risk.with_user(project.user_id).action_resolve(resolution=42)
        project.with_user(self.coordinator).action_request_charter_signoff()
        signoff = project.signoff_ids.filtered(lambda s: s.user_id == self.rd_head)
        for method in ("action_sign", "action_refuse"):
            with self.subTest(method=method), self.assertRaisesRegex(UserError, "(?i)comment"):
                getattr(signoff.with_user(self.rd_head), method)(comment=7)
        self.assertEqual(signoff.state, "pending")


class TestFindingsOfTheSecondRound(PlanCase):
    """The calls that ended in a traceback (Fault 1) over RPC, each refused with its reason."""

    def test_unhashable_mode_and_rule_empty_urge_and_huge_texts(self):
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        for mode in ([], {}, None, 2**70):
            with self.subTest(mode=mode), self.assertRaisesRegex(UserError, "The mode must be one of"):
                approval.with_user(self.rd_head).action_add_approver([self.sales_user.id], mode, "Second opinion")
        company = self.env.company.with_user(self.coordinator)
        for rule in ([], {}, 5):
            with self.subTest(rule=rule), self.assertRaisesRegex(UserError, "Unknown SLA rule"):
                company.collab_sla_deadline("2026-03-02 09:00:00", 8, rule=rule)
        with self.assertRaisesRegex(UserError, "There is no Collaboration Request to act on"):
            self.env["collab.request"].with_user(self.mkt_user).action_urge()
        with self.assertRaisesRegex(UserError, "There is no Department Review of a Collaboration Request to act on"):
            self.env["collab.approval"].with_user(self.rd_head).action_open_request()
        megabyte = "x" * 1_000_000
        with self.assertRaisesRegex(UserError, r"Feedback is too long: at most 10000 characters \(1000000 given\)"):
            approval.with_user(self.rd_head).action_reject(megabyte)
        with self.assertRaisesRegex(UserError, "The reason is too long"):
            approval.with_user(self.rd_head).action_add_approver([self.sales_user.id], "parallel", megabyte)
        with self.assertRaisesRegex(UserError, "The note is too long"):
            request.with_user(self.mkt_user).action_urge(megabyte)
        self.assertEqual(approval.state, "pending")
        self.assertFalse(approval.search([("decision_chain", "=", approval.id), ("added_by_id", "!=", False)]))


class TestTaskClosingByItsUser(PlanCase):
    def test_owner_closes_and_reopens_a_task(self):
        """Closing a task records "Done On" although a user may not write that field himself."""
        project = self.make_project()
        task = self.make_task(project, "Campaign", user_ids=[Command.set(self.mkt_head.ids)])
        task.with_user(self.mkt_head).write({"state": "1_done"})
        self.assertTrue(task.date_done)
        task.with_user(self.mkt_head).write({"state": "01_in_progress"})
        self.assertFalse(task.date_done)
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            task.with_user(self.mkt_head).write({"date_done": fields.Datetime.now()})


# ----------------------------------------------------------------------------------------------
# Every public method of every model of the module, called the way an RPC client calls it
# ----------------------------------------------------------------------------------------------
MODULE_PREFIX = "odoo.addons.cross_dept_collab."
HUGE = 2**70
# what a hostile or careless client sends in place of each argument
BAD_VALUES = ([], {}, None, HUGE, "garbage", [HUGE], {"id": 1})
# a text over the cap of every free-text argument: refused whatever the argument
LONG_TEXT = "x" * 10_001
# a plausible value for the other (required) arguments while one of them gets a bad value
PLAUSIBLE = {
    "user_id": "collab_user",
    "user_ids": "collab_user",
    "cc_user_ids": "collab_user",
    "lead_department_id": "department",
    "decision": "approve",
    "start": "2026-03-02 09:00:00",
    "hours": 8,
    "country_code": "CN",
    "year": 2026,
    "mode": "parallel",
}


def module_public_methods(env):
    """{model: [method names]}: the public methods the module itself defines (not its overrides
    of Odoo's own methods such as create/write/unlink), as RPC may call them."""
    import inspect

    found = {}
    for name in sorted(env.registry):
        model = env[name]
        mro = type(model).__mro__
        own = [cls for cls in mro if cls.__module__.startswith(MODULE_PREFIX)]
        if not own or model._abstract:
            continue
        names = set()
        for cls in own:
            for attr, value in vars(cls).items():
                if attr.startswith("_") or not inspect.isfunction(value):
                    continue
                # an override of a method Odoo (or another addon) defines: not the module's own API
                if any(attr in vars(base) for base in mro if not base.__module__.startswith(MODULE_PREFIX)):
                    continue
                try:
                    get_public_method(model, attr)
                except AccessError:
                    continue
                names.add(attr)
        if names:
            found[name] = sorted(names)
    return found


class TestEveryPublicMethodAnswersCleanly(PlanCase):
    """Every public method of every model of the module, called through ``call_kw`` (the path of
    XML-RPC and JSON-RPC) as a collaboration user and as the coordinator, on a record and on an
    empty recordset, with lists, dicts, ``None``, huge integers and strings for each argument:
    it answers with a value XML-RPC can carry, or refuses with a UserError (AccessError,
    ValidationError and MissingError are UserErrors) — never a TypeError, ValueError, KeyError,
    OverflowError or "cannot marshal"."""

    def _records(self):
        """One record per model, in the state its actions act on (pending decisions first)."""
        request = self.make_request()
        self.bring_to_review(request)
        project = self.make_project()
        records = {}
        for name in self.methods:
            model = self.env[name].sudo()
            if model._transient:
                # a wizard opened empty (one that needs its record cannot be: empty recordset)
                try:
                    with self.env.cr.savepoint():
                        record = model.with_user(self.coordinator).create({})
                except Exception:
                    record = model.browse()
                records[name] = record.sudo()
                continue
            domain = []
            state_field = getattr(model, "_decision_state_field", None)
            if state_field and state_field in model._fields:
                domain = [(state_field, "=", model._decision_pending_state)]
            records[name] = model.search(domain, limit=1, order="id desc") or model.search([], limit=1)
        self.assertTrue(request.exists() and project.exists())
        return records

    def _plausible(self, name):
        value = PLAUSIBLE.get(name, "fine")
        if value == "collab_user":
            return self.rd_head.id
        if value == "department":
            return self.dept_mkt.id
        return value

    def _call(self, record, method, args, kwargs):
        """One RPC-like call in a savepoint that is rolled back: "answered", "refused" or what
        went wrong."""
        from odoo.api import call_kw

        from odoo.addons.base.controllers.rpc import dumps

        savepoint = self.env.cr.savepoint()
        try:
            api = getattr(getattr(record, method), "_api", None)
            call_args = list(args) if api else [record.ids, *args]
            result = call_kw(record.browse(), method, call_args, kwargs)
            dumps((result,))
            self.env.flush_all()
        except UserError:
            return "refused"
        except Exception as error:
            return f"{type(error).__name__}: {error}"[:300]
        finally:
            self.env.invalidate_all()
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        return "answered"

    def test_every_public_method_of_every_model(self):
        import inspect

        self.methods = module_public_methods(self.env)
        # the generated test covers the module's public API: a new model or method joins it
        self.assertIn("action_add_approver", self.methods["collab.approval"])
        self.assertIn("collab_sla_deadline", self.methods["res.company"])
        records = self._records()
        failures = []
        for user in (self.mkt_user, self.coordinator):
            for name, methods in self.methods.items():
                full = records[name].with_user(user)
                for target in (full, full.browse()):
                    for method in methods:
                        params = [
                            p
                            for p in list(inspect.signature(getattr(type(target), method)).parameters.values())[1:]
                            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                        ]
                        required = [p.name for p in params if p.default is p.empty]
                        cases = [({}, "no argument", False)] if not required else []
                        for param in params:
                            for bad in (*BAD_VALUES, LONG_TEXT):
                                kwargs = {p: self._plausible(p) for p in required}
                                kwargs[param.name] = bad
                                label = (
                                    f"{param.name}={bad!r}" if bad is not LONG_TEXT else f"{param.name}=<10,001 chars>"
                                )
                                cases.append((kwargs, label, bad is LONG_TEXT))
                        for kwargs, label, must_refuse in cases:
                            outcome = self._call(target, method, [], kwargs)
                            if outcome == "answered" and must_refuse:
                                outcome = "accepted a text over 10,000 characters"
                            if outcome not in ("answered", "refused"):
                                failures.append(
                                    f"{name}.{method}({label}) on {len(target)} record(s) as {user.login}: {outcome}"
                                )
        self.assertFalse(failures, "\n".join(failures))
