"""The 618 promotion story clicked through in Chromium by each of its people, in order.

Each step is one tour (cross_dept_collab/static/tests/tours/collab_618_flow_tour.js) started on
/odoo as the person who does it; between them the test only reads, as that person, what the step
must have changed. Nothing is written here but the users' language: the browser does the rest.

``COLLAB_SCREENSHOTS=1`` makes the tours save screenshots of key steps into docs/screenshots/
(tests/screenshots.py).
"""

from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common import load_languages
from .screenshots import tour_screenshots

TITLE = "618 大促全流程 Browser 618"
# generous: the machine running the suite may be busy
TOUR_TIMEOUT = 240


@tagged("post_install", "-at_install")
class TestFullFlowTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # every installed module's terms, as a database with Chinese installed has them: the
        # Chinese heads see Odoo's own labels (project, task, activities) in Chinese too
        load_languages(
            cls.env, modules=cls.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        )
        ref = cls.env.ref
        cls.employee = ref("cross_dept_collab.user_mkt_user1")
        cls.coordinator = ref("cross_dept_collab.user_coordinator")
        cls.sponsor = ref("cross_dept_collab.user_sponsor")
        cls.lead_head = ref("cross_dept_collab.user_mkt_head")
        cls.product_head = ref("cross_dept_collab.user_prod_head")
        cls.sales_head = ref("cross_dept_collab.user_sales_head")
        cls.product_owner = ref("cross_dept_collab.user_prod_user1")
        cls.sales_owner = ref("cross_dept_collab.user_sales_user1")
        # the deciders (and one task owner) work in Simplified Chinese, the employee who raises the
        # request and the coordinator in English
        (cls.sponsor | cls.lead_head | cls.product_head | cls.sales_head | cls.product_owner).write({"lang": "zh_CN"})
        (cls.employee | cls.coordinator | cls.sales_owner).write({"lang": "en_US"})

    def step(self, tour, user):
        """Run one tour as ``user``, from the web client's start page."""
        with tour_screenshots():
            self.start_tour("/odoo", tour, login=user.login, timeout=TOUR_TIMEOUT)
        self.env.invalidate_all()

    def request_as(self, user):
        request = self.env["collab.request"].with_user(user).search([("title", "=", TITLE)])
        self.assertEqual(len(request), 1)
        return request

    def approvals(self, user, round_):
        return self.request_as(user).approval_ids.filtered(lambda a: a.round == round_)

    def test_618_story_from_request_to_dossier(self):
        self.step("collab_618_raise", self.employee)
        request = self.request_as(self.employee)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.initiator_id, self.employee)
        self.assertEqual(request.line_ids.department_id.mapped("name"), ["Sales 销售部", "Product 产品部"])

        self.step("collab_618_pmo_accept", self.coordinator)
        request = self.request_as(self.coordinator)
        self.assertEqual(request.state, "lead_confirmation")
        self.assertEqual(request.lead_department_id, self.lead_head.employee_id.department_id)

        self.step("collab_618_lead_confirm", self.lead_head)
        self.assertEqual(self.request_as(self.lead_head).state, "department_review")

        self.step("collab_618_product_approves", self.product_head)
        mine = self.approvals(self.product_head, 1).filtered(lambda a: a.approver_id == self.product_head)
        self.assertEqual(mine.state, "approved")
        self.step("collab_618_sales_requests_changes", self.sales_head)
        request = self.request_as(self.sales_head)
        self.assertEqual(request.state, "second_coordination")
        changes = request.approval_ids.filtered(lambda a: a.state == "changes_requested")
        self.assertEqual(changes.approver_id, self.sales_head)
        self.assertIn("5 月 15 日", changes.feedback)

        self.step("collab_618_pmo_restart", self.coordinator)
        request = self.request_as(self.coordinator)
        self.assertEqual((request.state, request.review_round), ("department_review", 2))
        # the restart's comment and the revised date are in the decision log, for every reader
        restart = request.decision_ids.filtered(lambda d: d.action == "restart_review")
        self.assertEqual(restart.reason, "已采纳销售部建议的日期，请再次审核")
        self.assertIn("Sales", restart.changes_text)

        self.step("collab_618_product_approves_again", self.product_head)
        self.step("collab_618_sales_approves", self.sales_head)
        self.assertEqual(set(self.approvals(self.sales_head, 2).mapped("state")), {"approved"})
        self.assertEqual(self.request_as(self.sponsor).state, "sponsor_approval")

        self.step("collab_618_sponsor_approves", self.sponsor)
        request = self.request_as(self.sponsor)
        self.assertEqual(request.state, "approved")
        self.assertTrue(request.project_id)

        self.step("collab_618_lead_plans", self.lead_head)
        project = self.request_as(self.lead_head).project_id
        self.assertEqual(project.user_id, self.lead_head)
        tasks = project.tasks
        product = tasks.filtered(lambda t: t.collab_department_id.name.startswith("Product"))
        sales = tasks.filtered(lambda t: t.collab_department_id.name.startswith("Sales"))
        self.assertEqual((product.user_ids, sales.user_ids), (self.product_owner, self.sales_owner))
        self.assertEqual(product.depend_on_ids, sales)
        self.assertGreater(product.date_planned_start, sales.date_planned_end)
        self.assertEqual(product.deliverable, "3 款主推产品功能说明")
        self.assertTrue(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "project.project"), ("res_id", "=", project.id), ("name", "=like", "%.xlsx")]
            ),
            "the plan was exported",
        )
        self.assertEqual(project.plan_state, "confirming")
        self.assertEqual(
            project.signoff_ids.filtered(lambda s: s.kind == "plan").user_id, self.product_owner | self.sales_owner
        )

        self.step("collab_618_product_owner_signs", self.product_owner)
        self.step("collab_618_sales_owner_signs", self.sales_owner)
        self.assertEqual(self.request_as(self.lead_head).project_id.plan_state, "confirmed")

        # Sales delivers its purchase data first: the Product task waits for it (a deliverable is
        # submitted only once its predecessors are done, and the request is accepted only when every
        # task is closed). The Sales owner closes his task as Odoo's task state does, over RPC.
        self.env["project.task"].with_user(self.sales_owner).browse(sales.id).write({"state": "1_done"})
        self.step("collab_618_owner_progress", self.product_owner)
        task = self.env["project.task"].with_user(self.product_owner).browse(product.id)
        self.assertEqual(task.progress_update_ids.user_id, self.product_owner)
        self.assertEqual(task.acceptance_state, "submitted")

        self.step("collab_618_acceptance_fails", self.product_head)
        task = self.env["project.task"].with_user(self.product_owner).browse(product.id)
        self.assertEqual(task.acceptance_state, "rework")
        self.assertEqual(task.acceptance_ids.result, "fail")

        self.step("collab_618_owner_resubmits", self.product_owner)
        self.step("collab_618_acceptance_passes", self.lead_head)
        task = self.env["project.task"].with_user(self.product_owner).browse(product.id)
        self.assertEqual(task.acceptance_ids.mapped("result"), ["pass", "fail"])
        self.assertEqual(self.request_as(self.lead_head).state, "accepted")

        self.step("collab_618_retrospective", self.lead_head)
        retrospective = self.request_as(self.lead_head).retrospective_ids
        self.assertEqual(retrospective.state, "done")
        self.assertTrue(retrospective.lesson_ids)

        # the print is proven by the dossier the server renders for the click (a spy that renders
        # it; in test mode Odoo renders reports as HTML instead of running wkhtmltopdf)
        rendered = []
        Report = type(self.env["ir.actions.report"])
        render = Report._render_qweb_pdf

        def spy(report, report_ref, res_ids=None, data=None):
            pdf, kind = render(report, report_ref, res_ids=res_ids, data=data)
            rendered.append((report._get_report(report_ref).report_name, list(res_ids or ()), report.env.uid))
            return pdf, kind

        with patch.object(Report, "_render_qweb_pdf", spy):
            self.step("collab_618_close_and_print", self.coordinator)
        request = self.request_as(self.coordinator)
        self.assertEqual(request.state, "closed")
        self.assertEqual(request.decision_ids[:1].action, "close")
        self.assertIn(("cross_dept_collab.report_collab_dossier", request.ids, self.coordinator.id), rendered)
