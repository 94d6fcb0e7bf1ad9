"""Approval flows a company configures: which steps a request takes (conditions, branches,
priority, default branch), who decides each (approver rules), the awkward approvers (nobody, the
initiator, the same deciders twice, people who left), time limits in working hours, versions, and
who may edit flows. Every flow is written by the coordinator and resolved for real requests."""

from datetime import datetime

from pytz import timezone, utc

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import GROUP_COORDINATOR, GROUP_USER, RequestCase
from .test_sla_calendar import working_hours


def at(tz, *args):
    return timezone(tz).localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


class FlowCase(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance_head = new_test_user(cls.env, "t_fin_head", groups=GROUP_USER, name="T Finance Head")
        cls.Flow = cls.env["collab.flow"].with_user(cls.coordinator)

    def make_flow(self, steps, **values):
        """A flow of the coordinator's, with ``steps`` (a list of step values, in order)."""
        vals = {"name": "T flow", "request_type": "project", "sequence": 1, **values}
        vals["step_ids"] = [
            Command.create({"sequence": (i + 1) * 10, "name": f"Step {i + 1}", **step}) for i, step in enumerate(steps)
        ]
        return self.Flow.create(vals)

    def names(self, path):
        return [entry.step.name for entry in path]

    def deciders(self, path):
        return [entry.deciders for entry in path]


class TestFlowResolution(FlowCase):
    # ------------------------------------------------------------------------------------------
    # Conditions and branches
    # ------------------------------------------------------------------------------------------
    def test_budget_of_499999_and_500000_take_different_paths(self):
        flow = self.make_flow(
            [
                {"approver_rule": "sponsor", "name": "Sponsor"},
                {
                    "name": "Finance",
                    "approver_rule": "users",
                    "user_ids": [Command.set(self.finance_head.ids)],
                    "condition": "[('resource_budget', '>=', 500000)]",
                },
            ]
        )
        small = self.make_request(resource_budget=499_999)
        large = self.make_request(resource_budget=500_000)
        self.assertEqual(self.names(flow._collab_resolve(small)), ["Sponsor"])
        path = flow._collab_resolve(large)
        self.assertEqual(self.names(path), ["Sponsor", "Finance"])
        self.assertEqual(path[1].deciders, self.finance_head)

    def branch_flow(self, big_priority=1, medium_priority=2):
        return self.make_flow(
            [
                {
                    "name": "Big",
                    "sequence": 10,  # alternatives share a sequence and a branch
                    "branch": "size",
                    "priority": big_priority,
                    "approver_rule": "users",
                    "user_ids": [Command.set(self.finance_head.ids)],
                    "condition": "[('resource_budget', '>=', 500000)]",
                },
                {
                    "name": "Medium",
                    "sequence": 10,
                    "branch": "size",
                    "priority": medium_priority,
                    "approver_rule": "users",
                    "user_ids": [Command.set(self.rd_head.ids)],
                    "condition": "[('resource_budget', '>=', 100000)]",
                },
                {
                    "name": "Small",
                    "sequence": 10,
                    "branch": "size",
                    "priority": 9,
                    "is_default": True,
                    "approver_rule": "users",
                    "user_ids": [Command.set(self.sales_head.ids)],
                    # its own condition does not match: it runs as the default
                    "condition": "[('priority', '=', 'low')]",
                },
            ]
        )

    def test_no_condition_matches_the_default_branch_runs(self):
        flow = self.branch_flow()
        path = flow._collab_resolve(self.make_request(resource_budget=50, priority="high"))
        self.assertEqual(self.names(path), ["Small"])
        self.assertEqual(path[0].deciders, self.sales_head)

    def test_two_conditions_match_priority_wins(self):
        flow = self.branch_flow(big_priority=5, medium_priority=1)
        self.assertEqual(self.names(flow._collab_resolve(self.make_request(resource_budget=600_000))), ["Medium"])
        flow.step_ids.filtered(lambda s: s.name == "Big").priority = 0
        self.assertEqual(self.names(flow._collab_resolve(self.make_request(resource_budget=600_000))), ["Big"])
        # a branch without a default and no match: none of its steps runs
        flow.step_ids.filtered("is_default").unlink()
        self.assertEqual(flow._collab_resolve(self.make_request(resource_budget=10)), [])

    def test_the_flow_of_a_request(self):
        request = self.make_request()
        default = self.env.ref("cross_dept_collab.collab_flow_default")
        self.assertEqual(self.env["collab.flow"]._collab_flow_for(request), default)
        any_type = self.make_flow([{"approver_rule": "sponsor"}], request_type=False)
        self.assertEqual(self.env["collab.flow"]._collab_flow_for(request), any_type)
        typed = self.make_flow([{"approver_rule": "sponsor"}], sequence=50)
        self.assertEqual(self.env["collab.flow"]._collab_flow_for(request), typed)
        typed.active = False
        self.assertEqual(self.env["collab.flow"]._collab_flow_for(request), any_type)

    # ------------------------------------------------------------------------------------------
    # The standard flow gives today's deciders
    # ------------------------------------------------------------------------------------------
    def test_default_flow_resolves_the_deciders_of_today(self):
        request = self.make_request()
        approvals = self.bring_to_review(request)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        steps = {step.step: step.user_id for step in request.sudo().step_ids}
        default = self.env.ref("cross_dept_collab.collab_flow_default")
        path = default.with_user(self.mkt_user)._collab_resolve(request)
        self.assertEqual(
            [e.step.kind for e in path], ["pmo_review", "lead_confirmation", "department_reviews", "sponsor_approval"]
        )
        self.assertEqual(path[0].deciders, steps["pmo_review"])
        self.assertEqual(path[1].deciders, steps["lead_confirmation"])
        self.assertEqual(
            {(d, users) for d, users, _mode in path[2].by_department},
            {(a.department_id, a.approver_id) for a in approvals},
        )
        self.assertEqual(path[3].deciders, steps["sponsor_approval"])
        self.assertEqual([e.approved_at for e in path], [None] * 4)
        self.assertEqual(path[0].deciders, self.coordinator)
        self.assertEqual(path[1].deciders, self.mkt_head)
        self.assertEqual(path[3].deciders, self.sponsor)


class TestFlowApprovers(FlowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a 4-level organisation above an employee: L1 (direct) → L2 → L3 → L4 (the top)
        Employee = cls.env["hr.employee"]
        cls.job_x = cls.env["hr.job"].create({"name": "T Director"})
        parent = Employee
        cls.levels = []
        for level in (4, 3, 2, 1):
            user = new_test_user(cls.env, f"t_level{level}", groups=GROUP_USER, name=f"T Level {level}")
            parent = Employee.create(
                {
                    "name": user.name,
                    "user_id": user.id,
                    "parent_id": parent.id,
                    "department_id": cls.dept_mkt.id,
                    "job_id": cls.job_x.id if level in (2, 4) else False,
                }
            )
            cls.levels.insert(0, user)
        cls.employee = new_test_user(cls.env, "t_chain_user", groups=GROUP_USER, name="T Chain Employee")
        Employee.create(
            {
                "name": "T Chain Employee",
                "user_id": cls.employee.id,
                "parent_id": parent.id,
                "department_id": cls.dept_mkt.id,
            }
        )

    def test_managers_up_3_levels_on_a_4_level_organisation(self):
        flow = self.make_flow([{"approver_rule": "manager_levels", "levels": 3}])
        path = flow._collab_resolve(self.make_request(user=self.employee))
        self.assertEqual(self.deciders(path), self.levels[:3])
        self.assertEqual([e.level for e in path], [1, 2, 3])
        # more levels than the organisation has: the top ends the walk
        flow.step_ids.levels = 10
        self.assertEqual(self.deciders(flow._collab_resolve(self.make_request(user=self.employee))), self.levels)

    def test_up_to_job_x_stops_at_its_first_holder(self):
        flow = self.make_flow([{"approver_rule": "manager_job", "job_id": self.job_x.id}])
        path = flow._collab_resolve(self.make_request(user=self.employee))
        self.assertEqual(self.deciders(path), self.levels[:2], "L2 is the first director above; L4 is not asked")

    def test_initiator_as_approver_goes_to_the_next_level(self):
        flow = self.make_flow([{"approver_rule": "users", "user_ids": [Command.set(self.mkt_user.ids)]}])
        path = flow._collab_resolve(self.make_request())
        self.assertEqual(path[0].deciders, self.mkt_head, "the initiating department's head")
        self.assertRegex(
            path[0].notes[0],
            "T Marketing Member initiated the request and may not decide it: T Marketing Head decides instead",
        )
        # the flow follows the company's setting: a company allowing self-approval keeps them …
        self.env.company.collab_allow_self_approval = True
        self.assertEqual(flow._collab_resolve(self.make_request())[0].deciders, self.mkt_user)
        # … unless the flow always goes to the next level
        flow.initiator_approver = "next_level"
        self.assertEqual(flow._collab_resolve(self.make_request())[0].deciders, self.mkt_head)

    def test_same_deciders_in_consecutive_steps_decide_once(self):
        def users(user):
            return {"approver_rule": "users", "user_ids": [Command.set(user.ids)]}

        request = self.make_request()
        path = self.make_flow([users(self.rd_head), users(self.rd_head), users(self.sales_head)])._collab_resolve(
            request
        )
        self.assertEqual([e.approved_at for e in path], [None, 0, None])
        self.assertIn("Approved at step 1 (Step 1)", path[1].notes[-1])
        path = self.make_flow([users(self.rd_head), users(self.sales_head), users(self.rd_head)])._collab_resolve(
            request
        )
        self.assertEqual([e.approved_at for e in path], [None, None, None], "A, B, A asks A twice")

    def test_nobody_resolved_goes_to_the_coordinator_or_is_skipped(self):
        flow = self.make_flow([{"approver_rule": "initiator_picks"}, {"approver_rule": "sponsor"}])
        request = self.make_request()
        path = flow._collab_resolve(request)
        self.assertEqual(path[0].deciders, self.coordinator)
        self.assertIn("Nobody to decide: the coordinator Test Coordinator decides", path[0].notes[0])
        self.assertEqual(flow._collab_resolve(request, picked_user_ids=self.rd_head.ids)[0].deciders, self.rd_head)
        flow.empty_approver = "skip"
        path = flow._collab_resolve(request)
        self.assertTrue(path[0].skipped)
        self.assertFalse(path[0].deciders)
        self.assertEqual(path[1].deciders, self.sponsor)

    def test_departed_approver_goes_to_the_department_head(self):
        flow = self.make_flow([{"approver_rule": "users", "user_ids": [Command.set(self.rd_user.ids)]}])
        # left the company: the employee record is archived
        self.env["hr.employee"].search([("user_id", "=", self.rd_user.id)]).active = False
        path = flow._collab_resolve(self.make_request())
        self.assertEqual(path[0].deciders, self.rd_head)
        self.assertIn("T R&D Member has left: T R&D Head decides instead", path[0].notes[0])
        # the head left too (archived user): the coordinator
        self.rd_head.active = False
        self.assertEqual(flow._collab_resolve(self.make_request())[0].deciders, self.coordinator)


class TestFlowLimitsAndVersions(FlowCase):
    def test_24_working_hours_asked_before_national_day(self):
        calendar = self.env["resource.calendar"].create(working_hours("T Shanghai office", "Asia/Shanghai"))
        calendar.collab_load_public_holidays("CN", 2026)
        self.env.company.resource_calendar_id = calendar
        flow = self.make_flow([{"approver_rule": "sponsor", "time_limit_hours": 24, "limit_action": "coordinator"}])
        step = flow.step_ids
        asked = at("Asia/Shanghai", 2026, 9, 30, 10)
        fires = step._collab_limit_deadline(asked, self.env.company)
        # the module counts 24 hours as one working day to the same clock time (collab_sla_deadline):
        # Wed 30 Sep 10:00 → 1–7 October are the National Day holiday → Thu 8 October 10:00, counted in
        # working time even though the company counts its other SLAs in natural time (tests/common.py)
        self.assertEqual(fires, at("Asia/Shanghai", 2026, 10, 8, 10))
        self.assertFalse(at("Asia/Shanghai", 2026, 10, 1) <= fires < at("Asia/Shanghai", 2026, 10, 8))
        step.time_limit_hours = 48
        self.assertEqual(step._collab_limit_deadline(asked, self.env.company), at("Asia/Shanghai", 2026, 10, 9, 10))
        step.time_limit_hours = 0
        self.assertFalse(step._collab_limit_deadline(asked, self.env.company))

    def test_editing_a_flow_makes_a_new_version_and_keeps_the_old_one(self):
        flow = self.make_flow([{"approver_rule": "sponsor", "name": "Sponsor"}])
        # the initiator submits: the version is frozen on the workflow's behalf
        v1 = flow.with_user(self.mkt_user)._collab_current_version()
        self.assertEqual((v1.version, v1.version_of_id, v1.flow_state), (1, flow, "frozen"))
        self.assertEqual(flow.with_user(self.mkt_user)._collab_current_version(), v1, "no edit, same version")
        flow.step_ids.write({"name": "Sponsor sign-off", "condition": "[('priority', '=', 'high')]"})
        v2 = flow._collab_current_version()
        self.assertEqual(v2.version, 2)
        self.assertEqual(v1.step_ids.mapped("name"), ["Sponsor"])
        self.assertEqual(v1.step_ids.condition, "[]")
        self.assertEqual(v2.step_ids.name, "Sponsor sign-off")
        # a version is frozen for everybody
        with self.assertRaisesRegex(UserError, "is Frozen version: it can no longer be edited"):
            v1.with_user(self.coordinator).write({"name": "Rewritten"})
        with self.assertRaisesRegex(UserError, "is Frozen version: it can no longer be edited"):
            v1.step_ids.with_user(self.coordinator).write({"name": "Rewritten"})
        with self.assertRaisesRegex(UserError, "is Frozen version: it can no longer be edited"):
            self.env["collab.flow.step"].with_user(self.coordinator).create(
                {"flow_id": v1.id, "name": "Added", "approver_rule": "sponsor"}
            )
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            flow.with_user(self.coordinator).write({"version_of_id": v1.id})
        with self.assertRaisesRegex(UserError, "A version of a flow is kept"):
            v1.with_user(self.coordinator).unlink()
        with self.assertRaisesRegex(UserError, "archive it instead of deleting it"):
            flow.with_user(self.coordinator).unlink()
        with self.assertRaisesRegex(UserError, "is Frozen version: it can no longer be edited"):
            v1.with_user(self.mkt_head).write({"name": "Rewritten"})

    def test_only_the_coordinator_creates_and_edits_flows(self):
        flow = self.make_flow([{"approver_rule": "sponsor"}])
        for user in (self.mkt_user, self.rd_head, self.sponsor):
            self.assertEqual(flow.with_user(user).read(["name"])[0]["name"], "T flow", "everybody reads flows")
            with self.assertRaisesRegex(AccessError, r"You are not allowed to create 'Approval Flow' \(collab.flow\)"):
                self.env["collab.flow"].with_user(user).create({"name": "Mine"})
            with self.assertRaisesRegex(AccessError, r"You are not allowed to modify 'Approval Flow' \(collab.flow\)"):
                flow.with_user(user).write({"empty_approver": "skip"})
            with self.assertRaisesRegex(
                AccessError, r"You are not allowed to create 'Approval Flow Step' \(collab.flow.step\)"
            ):
                self.env["collab.flow.step"].with_user(user).create(
                    {"flow_id": flow.id, "name": "Mine", "approver_rule": "sponsor"}
                )
            with self.assertRaisesRegex(
                AccessError, r"You are not allowed to modify 'Approval Flow Step' \(collab.flow.step\)"
            ):
                flow.step_ids.with_user(user).write({"approver_rule": "initiator_picks"})
            with self.assertRaisesRegex(AccessError, "Only the collaboration coordinator"):
                flow.with_user(user).action_preview()

    def test_bad_condition_is_refused_with_its_reason(self):
        flow = self.make_flow([{"approver_rule": "sponsor", "name": "Sponsor"}])
        for condition, reason in (
            ("[('no_such_field', '=', 1)]", "no_such_field"),
            ("[('priority', '=', ", "invalid syntax|was never closed|unexpected EOF"),
            ("{'priority': 'high'}", "a condition is a list of criteria"),
            ("[('resource_budget', 'is about', 5)]", "is about"),
        ):
            with (
                self.subTest(condition=condition),
                self.assertRaisesRegex(
                    ValidationError, rf"The condition of step Sponsor is not a valid filter on requests: .*({reason})"
                ),
                self.env.cr.savepoint(),
            ):
                flow.step_ids.with_user(self.coordinator).write({"condition": condition})
            self.env.invalidate_all()
        self.assertEqual(flow.step_ids.condition, "[]")

    def test_rule_parameters_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "Step Step 1: choose the job position who decide"):
            self.make_flow([{"approver_rule": "manager_job"}])
        with self.assertRaisesRegex(ValidationError, "manager levels go from 1 to 10"):
            self.make_flow([{"approver_rule": "manager_levels", "levels": 11}])
        with self.assertRaisesRegex(ValidationError, "a time limit cannot be negative"):
            self.make_flow([{"approver_rule": "sponsor", "time_limit_hours": -1}])

    def test_resolving_a_6_step_flow_is_bounded(self):
        chief = new_test_user(self.env, "t_chief", groups=GROUP_COORDINATOR, name="T Chief")
        flow = self.make_flow(
            [
                {"approver_rule": "group", "group_id": self.env.ref(GROUP_COORDINATOR).id, "kind": "pmo_review"},
                {"approver_rule": "department_head", "kind": "lead_confirmation"},
                {"approver_rule": "department_head", "kind": "department_reviews"},
                {"approver_rule": "manager_levels", "levels": 2},
                {"approver_rule": "users", "user_ids": [Command.set((self.finance_head | chief).ids)]},
                {"approver_rule": "sponsor", "condition": "[('resource_budget', '>=', 1)]"},
            ]
        )
        request = self.make_request(resource_budget=10)
        request.with_user(self.coordinator).write({"lead_department_id": self.dept_mkt.id})
        flow = flow.with_user(self.mkt_user)
        request = request.with_user(self.mkt_user)
        # from a cold cache: the request, the org chart (departments, employees, users, groups)
        # read once, the access rules of the models read — never a query per step
        self.env.invalidate_all()
        with self.assertQueryCount(45):
            path = flow._collab_resolve(request)
        self.assertEqual(len(path), 7, "the managers' step gives one step per level")
        # more steps (the extra reviews three times): the same bound
        extra = flow.sudo().step_ids.filtered(lambda s: s.kind == "extra_review")
        for _copy in range(2):
            extra.copy({"flow_id": flow.id})
        self.env.invalidate_all()
        with self.assertQueryCount(45):
            path = flow._collab_resolve(request)
        self.assertEqual(len(path), 15, "7, and 4 more for each copy of the extra reviews")

    def test_preview_shows_the_path(self):
        flow = self.make_flow([{"approver_rule": "sponsor", "name": "Sponsor", "time_limit_hours": 24}])
        preview = self.env["collab.flow.preview"].with_user(self.coordinator).create({"flow_id": flow.id})
        self.assertIn("Sponsor", preview.path_html)
        self.assertIn("24 working hours", preview.path_html)
        preview.request_id = self.make_request()
        self.assertIn("Test Sponsor", preview.path_html)
