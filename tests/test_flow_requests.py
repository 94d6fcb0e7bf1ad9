"""Requests that follow a flow the coordinator configured: the path taken at submit, a review step
of the company's own (a Finance head for large budgets) decided from its activity, steps a
condition leaves out, modes, the same deciders twice in a row, a flow edited while a request is in
flight, and what nobody may write. Each step is decided by its real decider."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, warmup

from .common import GROUP_USER, load_languages
from .test_flow_resolution import FlowCase

LARGE = "[('resource_budget', '>=', 500000)]"


class FlowRequestCase(FlowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.dept_fin = cls.env["hr.department"].create({"name": "T Finance"})
        cls.dept_fin.manager_id = Employee.create(
            {"name": cls.finance_head.name, "user_id": cls.finance_head.id, "department_id": cls.dept_fin.id}
        )
        cls.auditor = new_test_user(cls.env, "t_auditor", groups=GROUP_USER, name="T Auditor")
        cls.controller = new_test_user(cls.env, "t_controller", groups=GROUP_USER, name="T Controller")

    def seeds_flow(self, extra=None, **values):
        """The seeds' four steps, with ``extra`` (step values) after the department reviews."""
        steps = [
            {"name": "PMO Review", "kind": "pmo_review", "approver_rule": "group", "group_id": self.coordinator_group},
            {"name": "Lead Confirmation", "kind": "lead_confirmation", "approver_rule": "department_head"},
            {"name": "Department Reviews", "kind": "department_reviews", "approver_rule": "department_head"},
            *(extra or []),
            {"name": "Sponsor Approval", "kind": "sponsor_approval", "approver_rule": "sponsor"},
        ]
        return self.make_flow(steps, **values)

    @property
    def coordinator_group(self):
        return self.env.ref("cross_dept_collab.group_collab_coordinator").id

    def finance_review(self, **values):
        return {
            "name": "Finance Review",
            "kind": "extra_review",
            "approver_rule": "department_head",
            "department_id": self.dept_fin.id,
            "condition": LARGE,
            **values,
        }

    def through_reviews(self, request):
        """PMO, lead and both departments decide, each as themselves."""
        self.bring_to_review(request)
        for department, head in ((self.dept_rd, self.rd_head), (self.dept_sales, self.sales_head)):
            self.approval_of(request, department).with_user(head).action_approve("We commit")

    def log(self, request):
        return request.decision_ids.sorted("id").mapped("action")


class TestFlowRequests(FlowRequestCase):
    def test_a_large_budget_goes_through_the_finance_review_a_small_one_does_not(self):
        self.seeds_flow([self.finance_review()])
        large = self.make_request(resource_budget=600_000)
        small = self.make_request(resource_budget=100_000)
        for request in large | small:
            self.through_reviews(request)
        # the large one waits on the Finance head, who decides from the activity
        self.assertEqual(large.state, "extra_review")
        self.assertEqual(large.flow_step_name, "Finance Review")
        activity = self.activities_of(large, "cross_dept_collab.mail_activity_type_collab_extra_review")
        self.assertEqual(activity.user_id, self.finance_head)
        self.assertIn("Finance Review: approve", activity.with_user(self.finance_head).note)
        activity.with_user(self.finance_head).action_collab_decide("approve")
        self.assertEqual(large.state, "sponsor_approval")
        self.assertEqual(small.state, "sponsor_approval")
        large.with_user(self.sponsor).action_sponsor_approve()
        self.assertEqual(large.state, "approved")
        self.assertTrue(large.project_id)
        self.assertIn("extra_approve", self.log(large))
        line = large.decision_ids.filtered(lambda d: d.action == "extra_approve")
        self.assertEqual(line.with_user(self.mkt_user).changes_text, "Step 4: Finance Review")
        self.assertNotIn("extra_approve", self.log(small))
        self.assertEqual([e["kind"] for e in small.flow_path], ["pmo_review", "lead_confirmation",
                         "department_reviews", "sponsor_approval"])  # fmt: skip
        # the small one's path shows the Finance review greyed, with why it is not needed
        small_html = str(small.with_user(self.mkt_user).flow_path_html)
        self.assertIn("o_collab_path_unneeded", small_html)
        self.assertIn("This request does not meet its condition: Budget &gt;= 500,000", small_html)
        # the path as the initiator reads it: each step, who decided, the current one
        html = str(large.with_user(self.mkt_user).flow_path_html)
        self.assertIn("Finance Review", html)
        self.assertIn("T Finance Head", html)
        self.assertIn("o_collab_path_done", html)

    def test_budget_threshold_499999_and_500000(self):
        self.seeds_flow([self.finance_review()])
        below = self.make_request(resource_budget=499_999)
        at = self.make_request(resource_budget=500_000)
        (below | at).with_user(self.mkt_user).action_submit()
        kinds = {r: [e["kind"] for e in r.flow_path] for r in below | at}
        self.assertNotIn("extra_review", kinds[below])
        self.assertEqual(kinds[at][3], "extra_review")

    def test_only_the_finance_head_decides_the_finance_review(self):
        self.seeds_flow([self.finance_review()])
        request = self.make_request(resource_budget=600_000)
        self.through_reviews(request)
        step = request.step_ids.filtered(lambda s: s.step == "extra_review")
        for intruder in (self.mkt_user, self.rd_head, self.sponsor):
            with self.assertRaisesRegex(AccessError, "Only T Finance Head can decide on .* — Finance Review"):
                step.with_user(intruder).action_approve()
        self.assertEqual(request.state, "extra_review")

    def test_a_minimum_of_two_of_three(self):
        self.seeds_flow(
            [
                {
                    "name": "Committee",
                    "approver_rule": "users",
                    "user_ids": [Command.set((self.finance_head | self.auditor | self.controller).ids)],
                    "mode": "minimum",
                    "minimum": 2,
                }
            ]
        )
        request = self.make_request()
        self.through_reviews(request)
        steps = request.step_ids.filtered(lambda s: s.step == "extra_review")
        self.assertEqual(steps.user_id, self.finance_head | self.auditor | self.controller)
        steps.filtered(lambda s: s.user_id == self.auditor).with_user(self.auditor).action_approve()
        self.assertEqual(request.state, "extra_review", "one approval of the two needed")
        steps.filtered(lambda s: s.user_id == self.controller).with_user(self.controller).action_approve()
        self.assertEqual(request.state, "sponsor_approval")
        self.assertEqual(steps.filtered(lambda s: s.user_id == self.finance_head).state, "superseded")

    def test_any_one_and_everyone(self):
        self.seeds_flow(
            [
                {
                    "name": "Any",
                    "approver_rule": "users",
                    "user_ids": [Command.set((self.auditor | self.controller).ids)],
                    "mode": "any",
                },
                {
                    "name": "All",
                    "approver_rule": "users",
                    "user_ids": [Command.set((self.auditor | self.controller).ids)],
                    "mode": "all",
                },
            ],
            repeat_approver="each",
        )
        request = self.make_request()
        self.through_reviews(request)
        self.assertEqual(request.flow_step_name, "Any")
        request.step_ids.filtered(lambda s: s.user_id == self.controller and s.state == "pending").with_user(
            self.controller
        ).action_approve()
        self.assertEqual(request.flow_step_name, "All")
        pending = request.step_ids.filtered(lambda s: s.state == "pending")
        self.assertEqual(pending.user_id, self.auditor | self.controller)
        pending.filtered(lambda s: s.user_id == self.auditor).with_user(self.auditor).action_approve()
        self.assertEqual(request.state, "extra_review", "everyone must approve")
        pending.filtered(lambda s: s.user_id == self.controller).with_user(self.controller).action_approve()
        self.assertEqual(request.state, "sponsor_approval")

    def test_the_same_decider_twice_in_a_row_decides_once(self):
        twice = {"approver_rule": "users", "user_ids": [Command.set(self.auditor.ids)]}
        self.seeds_flow([dict(twice, name="Audit A"), dict(twice, name="Audit B")])
        request = self.make_request()
        self.through_reviews(request)
        request.step_ids.filtered(lambda s: s.state == "pending").with_user(self.auditor).action_approve()
        self.assertEqual(request.state, "sponsor_approval", "Audit B is approved by Audit A's decision")
        audit_b = request.flow_path[4]
        self.assertEqual(audit_b["state"], "approved_at")
        self.assertIn("Approved at step 4 (Audit A)", str(request.with_user(self.mkt_user).flow_path_html))
        self.assertEqual(len(request.step_ids.filtered(lambda s: s.step == "extra_review")), 1)

    def test_a_flow_edited_in_flight_leaves_the_request_path_unchanged(self):
        flow = self.seeds_flow([self.finance_review()])
        request = self.make_request(resource_budget=600_000)
        request.with_user(self.mkt_user).action_submit()
        version = request.flow_version_id
        flow.step_ids.filtered(lambda s: s.name == "Finance Review").with_user(self.coordinator).unlink()
        self.through_reviews_after_submit(request)
        self.assertEqual(request.state, "extra_review", "the version it was submitted with keeps its Finance review")
        self.assertEqual(request.flow_version_id, version)
        later = self.make_request(resource_budget=600_000)
        later.with_user(self.mkt_user).action_submit()
        self.assertNotEqual(later.flow_version_id, version)
        self.assertNotIn("extra_review", [e["kind"] for e in later.flow_path])

    def through_reviews_after_submit(self, request):
        request.with_user(self.coordinator).write({"lead_department_id": self.dept_mkt.id})
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        request.with_user(self.mkt_head).action_confirm_lead()
        for department, head in ((self.dept_rd, self.rd_head), (self.dept_sales, self.sales_head)):
            self.approval_of(request, department).with_user(head).action_approve("We commit")

    def test_the_initiator_picks_the_deciders_of_a_step(self):
        self.seeds_flow([{"name": "Expert Opinion", "approver_rule": "initiator_picks"}])
        request = self.make_request()
        self.assertTrue(request.with_user(self.mkt_user).flow_needs_picks)
        with self.assertRaisesRegex(UserError, r"Pick who decides step Expert Opinion \(Approvers I Pick\)"):
            request.with_user(self.mkt_user).action_submit()
        request.with_user(self.mkt_user).write({"flow_picked_user_ids": [Command.set(self.auditor.ids)]})
        self.through_reviews(request)
        self.assertEqual(request.flow_step_name, "Expert Opinion")
        self.assertEqual(request.step_ids.filtered(lambda s: s.state == "pending").user_id, self.auditor)

    def test_the_standard_flow_reads_in_the_reader_language(self):
        """Its first version was frozen at install, before Chinese was loaded: loading the language
        translates the version's names too, so the path reads in Chinese."""
        load_languages(self.env)
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        version = request.flow_version_id
        live = self.env.ref("cross_dept_collab.collab_flow_default")
        self.assertEqual(version.with_context(lang="zh_CN").name, live.with_context(lang="zh_CN").name)
        self.assertNotEqual(live.with_context(lang="zh_CN").name, live.with_context(lang="en_US").name)
        names = version.with_context(lang="zh_CN").step_ids.mapped("name")
        self.assertEqual(names, live.with_context(lang="zh_CN").step_ids.mapped("name"))
        html = str(request.with_user(self.mkt_user).with_context(lang="zh_CN").flow_path_html)
        self.assertIn(names[0], html)
        self.assertNotIn("PMO Review", html)

    def test_a_new_version_keeps_the_flow_names_in_every_language(self):
        load_languages(self.env)
        flow = self.seeds_flow([self.finance_review()])
        flow.with_context(lang="zh_CN").name = "大额审批"
        flow.step_ids[3].with_context(lang="zh_CN").name = "财务负责人审核"
        version = flow._collab_current_version()
        self.assertEqual(version.with_context(lang="zh_CN").name, "大额审批")
        self.assertEqual(version.with_context(lang="en_US").name, "T flow")
        self.assertIn("财务负责人审核", version.with_context(lang="zh_CN").step_ids.mapped("name"))

    def test_no_configuration_follows_the_standard_flow(self):
        request = self.make_request(resource_budget=900_000)
        self.through_reviews(request)
        self.assertEqual(request.flow_version_id.version_of_id, self.env.ref("cross_dept_collab.collab_flow_default"))
        self.assertEqual(request.state, "sponsor_approval")
        self.assertEqual(
            self.log(request), ["submit", "accept", "confirm_lead", "reviews_complete"], "today's path, step by step"
        )


class TestFlowRequestQueries(FlowRequestCase):
    @warmup
    def test_submit_with_a_6_step_flow_is_bounded(self):
        """Resolving a 6-step flow at submit: the org chart is read once, whatever the steps."""
        manager = {"name": "Managers", "approver_rule": "manager_levels", "levels": 2}
        users = {"name": "Committee", "approver_rule": "users", "user_ids": [Command.set(self.auditor.ids)]}
        self.seeds_flow([manager, users, self.finance_review(condition="[]")])
        request = self.make_request()
        request.invalidate_recordset()
        # the submit of tests/test_request_access.py (87, the standard flow already frozen; 88 with the check of the steps the initiator picks), plus
        # freezing this flow's first version (a copy of its steps, their conditions checked, its
        # names in every language)
        with self.assertQueryCount(120):
            request.with_user(self.mkt_user).action_submit()
        self.assertEqual(len(request.flow_path), 8, "the managers' step is one entry per level")


class TestFlowRequestRefusals(FlowRequestCase):
    def test_nobody_writes_the_path_or_the_version(self):
        request = self.make_request()
        flow = self.seeds_flow()
        for values in (
            {"flow_version_id": flow.id},
            {"flow_path": [{"index": 0, "kind": "sponsor_approval"}]},
            {"flow_position": 3},
        ):
            for user in (self.mkt_user, self.coordinator):
                with self.assertRaisesRegex(UserError, "of Collaboration Request change only through its buttons"):
                    request.with_user(user).write(values)
        self.assertFalse(request.flow_path)

    def test_the_initiator_picks_internal_users_of_the_company_only(self):
        portal = new_test_user(self.env, "t_portal_flow", groups="base.group_portal", name="T Portal")
        request = self.make_request()
        with self.assertRaisesRegex(UserError, "T Portal cannot decide .*: pick active internal users"):
            request.with_user(self.mkt_user).write({"flow_picked_user_ids": [Command.set(portal.ids)]})

    def test_the_preview_of_a_sample_request(self):
        """The coordinator previews a sample of the type, budget and departments he chooses: the
        reviews are asked of those departments' heads, the condition reads as people say it."""
        flow = self.seeds_flow([self.finance_review(condition="[('request_type', '=', 'process')]")])
        self.assertEqual(flow.step_ids[3].condition_summary, "Type = Process optimisation")
        preview = (
            self.env["collab.flow.preview"]
            .with_user(self.coordinator)
            .create(
                {
                    "flow_id": flow.id,
                    "sample_budget": 350_000,
                    "sample_request_type": "process",
                    "sample_initiator_id": self.mkt_user.id,
                    "sample_department_id": self.dept_mkt.id,
                    "sample_involved_department_ids": [Command.set((self.dept_rd | self.dept_sales).ids)],
                }
            )
        )
        html = str(preview.path_html)
        self.assertIn("T R&amp;D: T R&amp;D Head", html)
        self.assertIn("T Sales: T Sales Head", html)
        self.assertIn("Finance Review", html)
        self.assertNotIn("False", html)

    def test_the_flow_keeps_the_seeds_order(self):
        with self.assertRaisesRegex(ValidationError, "Sponsor Approval comes after Department Reviews"):
            self.make_flow(
                [
                    {"name": "S", "kind": "sponsor_approval", "approver_rule": "sponsor"},
                    {"name": "D", "kind": "department_reviews", "approver_rule": "department_head"},
                ]
            )
        with self.assertRaisesRegex(ValidationError, "the lead confirmation needs the PMO review before it"):
            self.make_flow([{"name": "L", "kind": "lead_confirmation", "approver_rule": "department_head"}])
        with self.assertRaisesRegex(ValidationError, "department reviews are decided by the head"):
            self.make_flow([{"name": "D", "kind": "department_reviews", "approver_rule": "sponsor"}])


class TestFlowStepTime(FlowRequestCase):
    def test_the_lead_time_dashboard_counts_time_per_flow_step(self):
        self.seeds_flow([self.finance_review()])
        request = self.make_request(resource_budget=600_000)
        self.through_reviews(request)
        request.step_ids.filtered(lambda s: s.state == "pending").with_user(self.finance_head).action_approve()
        self.env.flush_all()
        rows = (
            self.env["collab.report.stage.time"].with_user(self.coordinator).search([("request_id", "=", request.id)])
        )
        self.assertIn("Finance Review", rows.flow_step_id.mapped("name"))
        self.assertEqual(rows.filtered(lambda r: r.flow_step_id.name == "Finance Review").stage, "extra_review")
