"""Shared fixtures of the test suite: the demo organisation and users for every role."""

from odoo.tests import TransactionCase, new_test_user

GROUP_USER = "cross_dept_collab.group_collab_user"
GROUP_LEAD = "cross_dept_collab.group_collab_department_lead"
GROUP_COORDINATOR = "cross_dept_collab.group_collab_coordinator"
GROUP_SPONSOR = "cross_dept_collab.group_collab_sponsor"


class CollabCase(TransactionCase):
    """A small organisation of its own (independent from demo data): three departments with a
    head each, one employee per department, a coordinator and a sponsor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.sponsor = new_test_user(cls.env, "t_sponsor", groups=GROUP_SPONSOR, name="Test Sponsor")
        cls.coordinator = new_test_user(cls.env, "t_coord", groups=GROUP_COORDINATOR, name="Test Coordinator")
        Employee = cls.env["hr.employee"]
        cls.sponsor_employee = Employee.create({"name": "Test Sponsor", "user_id": cls.sponsor.id})
        cls.departments = cls.env["hr.department"]
        cls.heads = cls.env["res.users"]
        cls.members = cls.env["res.users"]
        for code, name in (("mkt", "T Marketing"), ("rd", "T R&D"), ("sales", "T Sales")):
            head = new_test_user(cls.env, f"t_{code}_head", groups=GROUP_LEAD, name=f"{name} Head")
            member = new_test_user(cls.env, f"t_{code}_user", groups=GROUP_USER, name=f"{name} Member")
            department = cls.env["hr.department"].create({"name": name})
            head_employee = Employee.create(
                {
                    "name": head.name,
                    "user_id": head.id,
                    "department_id": department.id,
                    "parent_id": cls.sponsor_employee.id,
                }
            )
            Employee.create(
                {
                    "name": member.name,
                    "user_id": member.id,
                    "department_id": department.id,
                    "parent_id": head_employee.id,
                }
            )
            department.manager_id = head_employee
            cls.departments |= department
            cls.heads |= head
            cls.members |= member
            setattr(cls, f"dept_{code}", department)
            setattr(cls, f"{code}_head", head)
            setattr(cls, f"{code}_user", member)
