"""Shared fixtures of the test suite: a small organisation and users for every role."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

GROUP_USER = "cross_dept_collab.group_collab_user"
GROUP_LEAD = "cross_dept_collab.group_collab_department_lead"
GROUP_COORDINATOR = "cross_dept_collab.group_collab_coordinator"
GROUP_SPONSOR = "cross_dept_collab.group_collab_sponsor"


def load_languages(env, codes=("zh_CN",), modules=("cross_dept_collab",)):
    """Install the languages and load the modules' translations into them, as installing a
    language does in a running database (the test database has only English)."""
    for code in codes:
        env["res.lang"]._activate_lang(code)
    env["ir.module.module"]._load_module_terms(list(modules), list(codes), overwrite=True)


class CollabCase(TransactionCase):
    """A small organisation of its own (independent from demo data): three departments with a
    head each, one employee per department, a coordinator and a sponsor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        # the flows are tested on natural time (deadline = asked + hours, whatever the weekday the
        # suite runs on); the working-time clock has its own tests (tests/test_sla_calendar.py)
        cls.env.company.collab_sla_time = "natural"
        # the company's day ("today" of every stored or compared date) is its working calendar's:
        # set here, not left to the demo data; tests compute their dates with company_today()
        cls.env.company.resource_calendar_id.tz = "Asia/Shanghai"
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

    def company_today(self, record=None, at=None):
        """The business date the module uses: the local date of ``record``'s company (else the
        current company) at ``at`` (naive UTC, default now) — never the server's UTC date."""
        return (record if record is not None else self.env.company)._collab_today(at)

    def freeze_clock(self, at):
        """The clock stands at ``at`` for the rest of the test; a step may move it with ``freeze_time``."""
        frozen = freeze_time(at)
        frozen.start()
        self.addCleanup(frozen.stop)


class RequestCase(CollabCase):
    """Adds a complete draft request raised by a Marketing employee, involving R&D and Sales."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {"collab_coordinator_id": cls.coordinator.id, "collab_default_sponsor_id": cls.sponsor.id}
        )

    def make_request(self, user=None, departments=None, **values):
        user = user or self.mkt_user
        departments = departments or (self.dept_rd | self.dept_sales)
        today = self.company_today()
        vals = {
            "title": "Smartwatch launch",
            "request_type": "project",
            "initiating_department_id": self.dept_mkt.id,
            "involved_department_ids": [Command.set(departments.ids)],
            "background": "Q3 launch of the new smartwatch",
            "goal": "Q3 sales 100,000 units, brand awareness +20%",
            "scope": "Launch campaign, sales training, after-sales",
            "date_expected": today + timedelta(days=90),
            "priority": "high",
            "sponsor_id": self.sponsor.id,
            "line_ids": [
                Command.create(
                    {
                        "department_id": department.id,
                        "description": f"Deliverable from {department.name}",
                        "date_due": today + timedelta(days=30),
                    }
                )
                for department in departments
            ],
        }
        vals.update(values)
        return self.env["collab.request"].with_user(user).create(vals)

    def bring_to_review(self, request):
        request.with_user(request.initiator_id).action_submit()
        if self.dept_mkt not in request._collab_departments():
            # the lead is one of the request's departments: the coordinator proposes it first
            request.with_user(self.coordinator).write({"lead_department_id": self.dept_mkt.id})
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        request.with_user(self.mkt_head).action_confirm_lead()
        return request.approval_ids

    def add_approver(self, decision, user, users, mode, reason):
        """``user`` adds approvers to ``decision`` (the call answers True, as it must over RPC);
        the decisions it added (a change request's are its co-signatures)."""
        model = self.env[
            "collab.change.request.cosign" if decision._name == "collab.change.request" else decision._name
        ]
        before = model.search([("added_by_id", "!=", False)])
        self.assertIs(decision.with_user(user).action_add_approver(users, mode, reason), True)
        return model.search([("added_by_id", "!=", False)]) - before

    def approval_of(self, request, department, round_=None):
        round_ = round_ or request.review_round
        return request.approval_ids.filtered(lambda a: a.department_id == department and a.round == round_)

    def activities_of(self, records, xmlid):
        """Activities of that type on ``records`` — for requests, also on their own decisions
        (PMO review, lead confirmation, sponsor approval are ``collab.request.step`` records)."""
        activity_type = self.env.ref(xmlid)
        on = [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        if records._name == "collab.request":
            steps = records.sudo().step_ids
            on = ["|", "&", *on, "&", ("res_model", "=", steps._name), ("res_id", "in", steps.ids)]
        return self.env["mail.activity"].search([*on, ("activity_type_id", "=", activity_type.id)])


class PlanCase(RequestCase):
    """A project created from an approved request, with a weekday-only calendar (Mon–Fri)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Mon-Fri",
                # the plans' dates and the reminder hours of their tests are written in UTC; the
                # company's day in other time zones is tested in test_company_today.py
                "tz": "UTC",
                "attendance_ids": [
                    Command.create({"name": f"Day {day}", "dayofweek": str(day), "hour_from": 9, "hour_to": 17})
                    for day in range(5)
                ],
            }
        )
        cls.env.company.resource_calendar_id = cls.calendar
        cls.Task = cls.env["project.task"]

    # values of the request the project is made from (a test class may name its own)
    request_values = {}

    def make_project(self):
        request = self.make_request(**self.request_values)
        self.bring_to_review(request)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        request.with_user(self.sponsor).action_sponsor_approve()
        project = self.env["project.project"].browse(request.project_id.id)
        project.tasks.unlink()
        return project

    def confirm_plan(self, project):
        """The plan confirmed the way people do it: the lead asks, every task owner signs."""
        project.with_user(project.user_id).action_request_plan_signoff()
        for signoff in project.signoff_ids.filtered(lambda s: s.kind == "plan" and s.state == "pending"):
            signoff.with_user(signoff.user_id).action_sign()
        self.assertEqual(project.plan_state, "confirmed")

    def make_deliverable(self, project, start=None):
        """An R&D member's deliverable ("Campaign"), ten days from ``start`` (today), ready to be
        submitted for acceptance."""
        start = start or self.company_today(project)
        return self.make_task(
            project,
            "Campaign",
            start=start,
            end=start + timedelta(days=10),
            collab_department_id=self.dept_rd.id,
            user_ids=[Command.set(self.rd_user.ids)],
            deliverable="Campaign plan",
            acceptance_standard="Approved by Marketing",
        )

    def make_task(self, project, name, start=None, end=None, parent=None, predecessors=None, **values):
        return self.Task.create(
            {
                "name": name,
                "project_id": project.id,
                "parent_id": parent.id if parent else False,
                "date_planned_start": start,
                "date_planned_end": end,
                "depend_on_ids": [Command.set(predecessors.ids)] if predecessors else [],
                **values,
            }
        )
