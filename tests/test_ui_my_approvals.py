from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import load_languages


@tagged("post_install", "-at_install")
class TestMyApprovalsTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)

    def test_department_head_batch_approves_from_my_approvals_in_chinese(self):
        request = self.env.ref("cross_dept_collab.request_618")
        head = self.env.ref("cross_dept_collab.user_sales_head")
        head.lang = "zh_CN"
        approval = request.approval_ids.filtered(lambda a: a.department_id.name.startswith("Sales"))
        self.assertEqual(approval.state, "pending")
        row = self.env["collab.my.decision"].with_user(head).search([("res_model", "=", "collab.approval")])
        self.assertIn(approval.id, row.mapped("res_id"))
        self.start_tour(
            "/odoo/action-cross_dept_collab.collab_my_decision_action",
            "collab_my_approvals_tour",
            login="sales_head",
        )
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.feedback, "销售部同意：5月5日前提供采购数据")
        self.assertNotIn(
            approval.id,
            self.env["collab.my.decision"]
            .with_user(head)
            .search([("res_model", "=", "collab.approval")])
            .mapped("res_id"),
        )


@tagged("post_install", "-at_install")
class TestMyApprovalsOverXmlRpc(HttpCase):
    """My Approvals is read by every client: its ids stay within XML-RPC's 32 bits whatever the
    ids of the decisions (a review numbered 256 or more overflowed the former synthetic id)."""

    def test_decider_reads_my_approvals_over_xmlrpc(self):
        env = self.env
        # the next reviews get big ids, as in a database that has been used for years
        env.cr.execute("ALTER SEQUENCE collab_approval_id_seq RESTART WITH 3000000")
        ref = env.ref
        initiator = ref("cross_dept_collab.user_mkt_user1")
        head = ref("cross_dept_collab.user_sales_head")
        today = fields.Date.context_today(env["collab.request"])
        request = (
            env["collab.request"]
            .with_user(initiator)
            .create(
                {
                    "title": "Big ids",
                    "request_type": "project",
                    "initiating_department_id": ref("cross_dept_collab.dept_marketing").id,
                    "involved_department_ids": [Command.set(ref("cross_dept_collab.dept_sales").ids)],
                    "background": "Years of use",
                    "goal": "Read My Approvals",
                    "scope": "Everything",
                    "date_expected": today + timedelta(days=90),
                    "sponsor_id": ref("cross_dept_collab.user_sponsor").id,
                    "line_ids": [
                        Command.create(
                            {
                                "department_id": ref("cross_dept_collab.dept_sales").id,
                                "description": "Sales data",
                                "date_due": today + timedelta(days=30),
                            }
                        )
                    ],
                }
            )
        )
        request.action_submit()
        request.with_user(ref("cross_dept_collab.user_coordinator")).action_accept(
            ref("cross_dept_collab.dept_marketing").id
        )
        request.with_user(ref("cross_dept_collab.user_mkt_head")).action_confirm_lead()
        approval = request.approval_ids.filtered(lambda a: a.approver_id == head)
        self.assertGreaterEqual(approval.id, 3000000)

        head.password = "sales-head-password"
        uid = self.xmlrpc_common.authenticate(env.cr.dbname, head.login, "sales-head-password", {})
        rows = self.xmlrpc_object.execute_kw(
            env.cr.dbname, uid, "sales-head-password", "collab.my.decision", "search_read", [[], ["res_id"]]
        )
        self.assertIn(approval.id, [row["res_id"] for row in rows])
        self.assertTrue(all(0 < row["id"] < 2**31 for row in rows))
        # the row opens its review, and keeps its id (the batch dialog refers to rows by id)
        row = next(row for row in rows if row["res_id"] == approval.id)
        action = self.xmlrpc_object.execute_kw(
            env.cr.dbname, uid, "sales-head-password", "collab.my.decision", "action_open_document", [[row["id"]]]
        )
        self.assertEqual((action["res_model"], action["res_id"]), ("collab.approval", approval.id))
        again = (
            env["collab.my.decision"]
            .with_user(head)
            .search([("res_model", "=", "collab.approval"), ("res_id", "=", approval.id)])
        )
        self.assertEqual(again.id, row["id"])
