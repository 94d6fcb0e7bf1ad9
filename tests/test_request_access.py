import json

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged, warmup

from .common import GROUP_LEAD, GROUP_USER, RequestCase


class TestRequestAccess(RequestCase):
    def test_user_of_another_department_cannot_read(self):
        request = self.make_request(departments=self.dept_rd)
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            request.with_user(self.sales_user).read(["title"])
        self.assertFalse(self.env["collab.request"].with_user(self.sales_user).search([("id", "=", request.id)]))
        # involved and initiating departments see it
        self.assertEqual(request.with_user(self.rd_user).read(["title"])[0]["title"], "Smartwatch launch")
        self.assertTrue(request.with_user(self.mkt_head).read(["title"]))
        # coordinator and sponsor see everything
        self.assertTrue(request.with_user(self.coordinator).read(["title"]))
        self.assertTrue(request.with_user(self.sponsor).read(["title"]))

    def test_involved_member_cannot_edit_someone_elses_request(self):
        request = self.make_request()
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            request.with_user(self.rd_user).write({"title": "Hijacked"})

    def test_only_initiator_or_coordinator_submits_and_cancels(self):
        request = self.make_request()
        with self.assertRaisesRegex(AccessError, "initiator .*coordinator"):
            request.with_user(self.rd_user).action_submit()
        request.with_user(self.mkt_user).action_submit()
        with self.assertRaisesRegex(AccessError, "initiator .*coordinator"):
            request.with_user(self.rd_head).action_cancel("not mine")
        self.assertEqual(request.state, "submitted")

    def test_only_coordinator_reviews(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        for user in (self.mkt_user, self.mkt_head, self.sponsor):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "decide on"):
                    request.with_user(user).action_accept(self.dept_mkt.id)
                with self.assertRaisesRegex(AccessError, "decide on"):
                    request.with_user(user).action_return("no")
                with self.assertRaisesRegex(AccessError, "decide on"):
                    request.with_user(user).action_reject("no")
        self.assertEqual(request.state, "submitted")

    def test_only_lead_head_confirms_or_objects(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        for user in (self.rd_head, self.mkt_user):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "decide on"):
                    request.with_user(user).action_confirm_lead()
                with self.assertRaisesRegex(AccessError, "decide on"):
                    request.with_user(user).action_object("no")
        self.assertEqual(request.state, "lead_confirmation")

    def test_head_decides_only_for_own_department(self):
        request = self.make_request()
        self.bring_to_review(request)
        sales_approval = self.approval_of(request, self.dept_sales)
        with self.assertRaisesRegex(AccessError, "decide on"):
            sales_approval.with_user(self.rd_head).action_approve("not my department")
        with self.assertRaisesRegex(AccessError, "decide on"):
            sales_approval.with_user(self.sales_user).action_approve("not the head")
        with self.assertRaisesRegex(AccessError, "decide on"):
            sales_approval.with_user(self.coordinator).action_reject("coordinator is no department head")
        self.assertEqual(sales_approval.state, "pending")

    def test_only_sponsor_approves(self):
        request = self.make_request()
        self.bring_to_review(request)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        other_sponsor = new_test_user(self.env, "other_sponsor", groups="cross_dept_collab.group_collab_sponsor")
        for user in (self.coordinator, other_sponsor, self.mkt_head):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "decide on"):
                    request.with_user(user).action_sponsor_approve()
                with self.assertRaisesRegex(AccessError, "decide on"):
                    request.with_user(user).action_sponsor_return("no")
        self.assertEqual(request.state, "sponsor_approval")
        self.assertFalse(request.project_id)


class TestAddedApproverReadsTheRequest(RequestCase):
    """A head added "after" another on a review (加签) decides a request of departments he does not
    belong to: he opens My Approvals, the review and the request he is asked about."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prod_head = new_test_user(cls.env, "t_prod_head", groups=GROUP_LEAD, name="T Product Head")
        cls.dept_prod = cls.env["hr.department"].create({"name": "T Product"})
        cls.dept_prod.manager_id = cls.env["hr.employee"].create(
            {"name": cls.prod_head.name, "user_id": cls.prod_head.id, "department_id": cls.dept_prod.id}
        )

    def test_added_approver_opens_my_approvals_the_review_and_the_request(self):
        request = self.make_request()
        self.bring_to_review(request)
        Request = self.env["collab.request"].with_user(self.prod_head)
        self.assertFalse(Request.search([("id", "=", request.id)]), "not his request before he is asked")
        rd_review = self.approval_of(request, self.dept_rd)
        added = self.add_approver(
            rd_review, self.rd_head, [self.prod_head.id], "after", "Product must agree on the ticket flow"
        )
        rd_review.with_user(self.rd_head).action_approve("Fine for R&D")
        self.assertTrue(added._is_pending(), "asked once the R&D head approved")

        # My Approvals, as the web client reads it (list view fields, "Waiting for Me")
        MyDecision = self.env["collab.my.decision"].with_user(self.prod_head)
        found = MyDecision.web_search_read(
            [("user_id", "=", self.prod_head.id)],
            {
                "kind": {},
                "name": {},
                "request_id": {"fields": {"display_name": {}}},
                "project_id": {"fields": {"display_name": {}}},
                "date_asked": {},
                "deadline": {},
                "is_overdue": {},
            },
        )
        self.assertEqual(found["length"], 1)
        row = found["records"][0]
        self.assertEqual(row["request_id"]["id"], request.id)
        self.assertIn(request.name, row["name"])

        # the review he decides, then the request it is about: their forms read every field
        action = MyDecision.browse(row["id"]).action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("collab.approval", added.id))
        with Form(added.with_user(self.prod_head)) as review:
            review.feedback = "The ticket flow suits Product"
        opened = Form(Request.browse(request.id))
        self.assertEqual(opened.title, "Smartwatch launch")
        self.assertEqual(len(opened.line_ids), 2, "the asks of every department")
        self.assertTrue(len(opened.decision_ids), "the decision log so far")
        with self.assertRaisesRegex(UserError, "can no longer be edited"):
            Request.browse(request.id).write({"title": "Changed by the added approver"})

        added.with_user(self.prod_head).action_approve("Agreed")
        self.assertEqual(added.state, "approved")
        # he decided it: he still reads it; a head asked nothing does not
        self.assertTrue(Request.search([("id", "=", request.id)]))
        other = self.make_request(departments=self.dept_sales)
        with self.assertRaisesRegex(AccessError, "Collaboration Request"):
            other.with_user(self.prod_head).read(["title"])


class TestMyDepartments(RequestCase):
    """The departments the record rules call "my departments" (``res.users.collab_department_ids``)
    are those of the user's employees as the rules always read them."""

    def rule_user(self, user):
        # the user record the record rules evaluate their domains with
        return self.env["ir.rule"].with_user(user)._eval_context()["user"]

    def test_my_departments_are_the_employees_departments_the_rules_read(self):
        second = self.env["res.company"].create({"name": "T Second company"})
        abroad = self.env["hr.department"].create({"name": "T Abroad", "company_id": second.id})
        self.rd_user.company_ids = [Command.link(second.id)]
        self.env["hr.employee"].create(
            {
                "name": "T R&D Member abroad",
                "user_id": self.rd_user.id,
                "company_id": second.id,
                "department_id": abroad.id,
            }
        )
        for user in (self.rd_user, self.mkt_head, self.sponsor, self.coordinator):
            self.env.invalidate_all()
            ruled = self.rule_user(user)
            self.assertEqual(ruled.collab_department_ids.ids, ruled.employee_ids.department_id.ids, user.login)
        self.env.invalidate_all()
        self.assertEqual(
            self.rule_user(self.rd_user).collab_department_ids,
            self.dept_rd,
            "the rules read the employees of the user's default company",
        )
        self.rd_user.company_id = second
        self.env.invalidate_all()
        self.assertEqual(self.rule_user(self.rd_user).collab_department_ids, abroad)

    def test_my_departments_follow_the_employee_and_are_never_written(self):
        self.assertEqual(self.rule_user(self.rd_user).collab_department_ids, self.dept_rd)
        self.rd_user.employee_ids.department_id = self.dept_sales
        self.assertEqual(self.rule_user(self.rd_user).collab_department_ids, self.dept_sales)
        # a user sending the field over RPC does not choose his departments: it is not one of the
        # fields a user may write on himself
        with self.assertRaisesRegex(AccessError, r"not allowed to modify 'User' \(res.users\) records"):
            self.rd_user.with_user(self.rd_user).write({"collab_department_ids": [Command.set(self.dept_mkt.ids)]})
        self.env.invalidate_all()
        self.assertEqual(self.rule_user(self.rd_user).collab_department_ids, self.dept_sales)
        field = self.env["res.users"]._fields["collab_department_ids"]
        self.assertTrue(field.readonly)
        self.assertFalse(field.store)
        self.assertFalse(field.inverse)


class TestRequestQueryCounts(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.extra_departments = Department
        for name in ("T Logistics", "T Product"):
            head = new_test_user(cls.env, f"head_{name[2:].lower()}", groups=GROUP_LEAD)
            department = Department.create({"name": name})
            department.manager_id = cls.env["hr.employee"].create(
                {"name": head.name, "user_id": head.id, "department_id": department.id}
            )
            cls.extra_departments |= department
        cls.five = cls.dept_rd | cls.dept_sales | cls.extra_departments | cls.dept_mkt
        cls.five_others = cls.five - cls.dept_mkt

    def _request_with_five_departments(self):
        other = self.env["hr.department"].create({"name": "T Finance"})
        departments = self.five_others | other
        self.assertEqual(len(departments), 5)
        return self.make_request(departments=departments)

    @warmup
    def test_submit_with_five_departments_query_count(self):
        request = self._request_with_five_departments()
        request.invalidate_recordset()
        # 57, then 77 since the PMO review is a decision record (collab.request.step) asked with its
        # activity: includes the stored "waiting on" (waiting_on_ids, waiting_since) and the CC check;
        # 88 since the request takes its approval flow, checks the steps its initiator picks for
        # and resolves its path at submit
        with self.assertQueryCount(88):
            request.with_user(self.mkt_user).action_submit()
        self.assertEqual(request.state, "submitted")

    @warmup
    def test_approval_decision_query_count(self):
        request = self._request_with_five_departments()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        self.env.invalidate_all()
        # 39: includes recomputing the stored "waiting on" (waiting_on_ids) of the request, the
        # request's lock before the round is read, the check that the decider is not its initiator
        # and the activity reconciler reading the decision's open activities to close them; 40: the
        # review's committed resources (their status follows the decision)
        with self.assertQueryCount(40):
            approval.with_user(self.rd_head).action_approve("fine")
        self.assertEqual(approval.state, "approved")


@tagged("post_install", "-at_install")
class TestRequestRpcAccess(HttpCase):
    """Over JSON-RPC, as the real logged-in user: the server refuses, not just the menu."""

    def test_rpc_read_by_other_department_is_refused(self):
        env = self.env
        mkt = env["hr.department"].create({"name": "RPC Marketing"})
        rd = env["hr.department"].create({"name": "RPC R&D"})
        other = env["hr.department"].create({"name": "RPC Finance"})
        initiator = new_test_user(env, "rpc_initiator", groups=GROUP_USER, password="rpc_initiator_pw")
        outsider = new_test_user(env, "rpc_outsider", groups=GROUP_USER, password="rpc_outsider_pw")
        env["hr.employee"].create({"name": "init", "user_id": initiator.id, "department_id": mkt.id})
        env["hr.employee"].create({"name": "out", "user_id": outsider.id, "department_id": other.id})
        request = (
            env["collab.request"]
            .with_user(initiator)
            .create(
                {
                    "title": "RPC request",
                    "initiating_department_id": mkt.id,
                    "involved_department_ids": [Command.set(rd.ids)],
                }
            )
        )

        def call(login, method, args):
            self.authenticate(login, f"{login}_pw")
            payload = {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"model": "collab.request", "method": method, "args": args, "kwargs": {}},
            }
            response = self.url_open(
                "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"}
            )
            return response.json()

        refused = call("rpc_outsider", "read", [[request.id], ["title"]])
        self.assertEqual(refused["error"]["data"]["name"], "odoo.exceptions.AccessError")
        refused = call("rpc_outsider", "action_cancel", [[request.id], "not mine"])
        self.assertEqual(refused["error"]["data"]["name"], "odoo.exceptions.AccessError")
        allowed = call("rpc_initiator", "read", [[request.id], ["title"]])
        self.assertEqual(allowed["result"][0]["title"], "RPC request")
