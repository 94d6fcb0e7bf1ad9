from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP_COORDINATOR, GROUP_LEAD, GROUP_SPONSOR, GROUP_USER, CollabCase

DEMO_DEPARTMENTS = {
    "dept_marketing": "mkt",
    "dept_rd": "rd",
    "dept_sales": "sales",
    "dept_customer_service": "cs",
    "dept_supply_chain": "scm",
    "dept_product": "prod",
    "dept_logistics": "log",
    "dept_pmo": "pmo",
}


class TestRoles(CollabCase):
    def test_groups_exist_in_their_category(self):
        groups = [self.env.ref(x) for x in (GROUP_USER, GROUP_LEAD, GROUP_COORDINATOR, GROUP_SPONSOR)]
        category = self.env.ref("cross_dept_collab.module_category_collaboration")
        self.assertEqual({g.category_id for g in groups}, {category})
        self.assertEqual(groups[0].name, "Collaboration user")

    def test_roles_imply_each_other(self):
        user, lead, coordinator, sponsor = (
            self.env.ref(x) for x in (GROUP_USER, GROUP_LEAD, GROUP_COORDINATOR, GROUP_SPONSOR)
        )
        self.assertIn(user, lead.implied_ids)
        self.assertIn(lead, coordinator.implied_ids)
        self.assertIn(user, sponsor.implied_ids)
        self.assertNotIn(lead, sponsor.trans_implied_ids)
        self.assertIn(user, coordinator.trans_implied_ids)

    def test_users_created_through_the_orm_get_implied_roles(self):
        coordinator = new_test_user(self.env, "role_coord", groups=GROUP_COORDINATOR)
        self.assertTrue(coordinator.has_group(GROUP_LEAD))
        self.assertTrue(coordinator.has_group(GROUP_USER))
        self.assertTrue(coordinator.has_group("project.group_project_manager"))
        self.assertFalse(coordinator.has_group(GROUP_SPONSOR))
        sponsor = new_test_user(self.env, "role_sponsor", groups=GROUP_SPONSOR)
        self.assertTrue(sponsor.has_group(GROUP_USER))
        self.assertFalse(sponsor.has_group(GROUP_LEAD))
        lead = new_test_user(self.env, "role_lead", groups=GROUP_LEAD)
        self.assertTrue(lead.has_group(GROUP_USER))
        self.assertFalse(lead.has_group(GROUP_COORDINATOR))

    def test_shared_organisation_has_heads(self):
        self.assertEqual(len(self.departments), 3)
        self.assertEqual(self.departments.manager_id.user_id, self.heads)
        self.assertEqual(self.mkt_user.employee_id.parent_id.user_id, self.mkt_head)

    def test_menu_visible_to_collaboration_users_only(self):
        root = self.env.ref("cross_dept_collab.menu_collab_root")
        self.assertIn(root.id, self.env["ir.ui.menu"].with_user(self.coordinator)._visible_menu_ids())
        outsider = new_test_user(self.env, "outsider", groups="base.group_user")
        visible = self.env["ir.ui.menu"].with_user(outsider)._visible_menu_ids()
        self.assertNotIn(root.id, visible)


class TestDemoData(CollabCase):
    def test_demo_departments_have_heads_and_employees(self):
        for xmlid, prefix in DEMO_DEPARTMENTS.items():
            department = self.env.ref(f"cross_dept_collab.{xmlid}")
            head = department.manager_id.user_id
            self.assertEqual(head.login, f"{prefix}_head")
            self.assertTrue(head.has_group(GROUP_LEAD))
            employees = self.env["hr.employee"].search([("department_id", "=", department.id)])
            self.assertGreaterEqual(len(employees.filtered("user_id")), 3, department.name)

    def test_demo_coordinator_and_sponsor(self):
        coordinator = self.env.ref("cross_dept_collab.user_coordinator")
        sponsor = self.env.ref("cross_dept_collab.user_sponsor")
        self.assertTrue(coordinator.has_group(GROUP_COORDINATOR))
        self.assertTrue(sponsor.has_group(GROUP_SPONSOR))
        self.assertEqual(coordinator.login, "collab_coordinator")
        self.assertEqual(sponsor.login, "collab_sponsor")


@tagged("post_install", "-at_install")
class TestDemoLogin(HttpCase):
    def test_demo_head_logs_in_and_reaches_the_web_client(self):
        self.authenticate("mkt_head", "mkt_head")
        response = self.url_open("/odoo")
        self.assertEqual(response.status_code, 200)
        self.assertIn("odoo", response.text.lower())

    def test_web_client_boots_in_chromium_for_a_demo_user(self):
        self.browser_js(
            "/odoo/action-hr.hr_department_tree_action",
            "console.log('test successful')",
            ready="odoo.isReady",
            login="collab_coordinator",
        )
