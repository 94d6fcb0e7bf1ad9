"""Resources committed and requested (资源盘点与申请, 调配): a department commits people and budget in
its review, the project keeps a register per department, the project lead asks a department for
more (a decision of its head), the department load reads what counts, the dossier shows it."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import GROUP_LEAD, GROUP_USER, PlanCase

RESOURCE = "cross_dept_collab.mail_activity_type_collab_resource_request"


class TestResourceRegister(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dept_log = cls.env["hr.department"].create({"name": "T Logistics"})
        cls.log_head = new_test_user(cls.env, "t_log_head", groups=GROUP_LEAD, name="T Logistics Head")
        cls.log_user = new_test_user(cls.env, "t_log_user", groups=GROUP_USER, name="T Logistics Member")
        head = cls.env["hr.employee"].create(
            {"name": "Log head", "user_id": cls.log_head.id, "department_id": cls.dept_log.id}
        )
        cls.dept_log.manager_id = head
        cls.rd_employee = cls.env["hr.employee"].search([("user_id", "=", cls.rd_user.id)])

    def setUp(self):
        super().setUp()
        today = self.company_today()
        # a Monday two weeks on: "10 days" are the ten working days of two weeks
        self.monday = today + timedelta(days=14 - today.weekday())
        self.project = self.project_with_commitments()

    # ------------------------------------------------------------------------------------------
    def people(self, quantity, unit="fte", days=12, **values):
        return {
            "kind": "people",
            "role": "Engineer",
            "unit": unit,
            "quantity": quantity,
            "date_from": self.monday,
            "date_to": self.monday + timedelta(days=days - 1),
            **values,
        }

    def project_with_commitments(self):
        """R&D commits 2 engineers for 10 working days and 50,000 in its review; the project is born."""
        request = self.make_request()
        self.bring_to_review(request)
        review = self.approval_of(request, self.dept_rd)
        review.with_user(self.rd_head).write(
            {
                "resource_line_ids": [
                    Command.create(self.people(2)),
                    Command.create({"kind": "budget", "amount": 50000}),
                ],
                "resources_needed": "A meeting room",
            }
        )
        self.review = review
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        request.with_user(self.sponsor).action_sponsor_approve()
        return self.env["project.project"].browse(request.project_id.id)

    def register(self, department, user=None):
        user = user or self.mkt_head
        action = self.project.with_user(user).action_collab_open_resources()
        registers = self.env["collab.resource.register"].with_user(user).search(action["domain"])
        return registers.filtered(lambda r: r.department_id == department)

    def resource_request(self, department=None, lines=None, user=None):
        user = user or self.mkt_head
        return (
            self.env["collab.resource.request"]
            .with_user(user)
            .create(
                {
                    "name": "Assembly peak",
                    "project_id": self.project.id,
                    "department_id": (department or self.dept_rd).id,
                    "reason": "Orders doubled",
                    "line_ids": [
                        Command.create(line)
                        for line in (lines if lines is not None else [self.people(5, unit="person_days")])
                    ],
                }
            )
        )

    def asked(self, **kwargs):
        request = self.resource_request(**kwargs)
        request.with_user(request.requester_id).action_submit()
        return request

    def load(self, department):
        return self.env["collab.resource.line"]._collab_load_person_days(
            self.monday, self.monday + timedelta(days=30), [department.id]
        )

    # ------------------------------------------------------------------------------------------
    def test_a_review_commits_people_and_budget_to_the_register(self):
        line = self.review.resource_line_ids.filtered(lambda line: line.kind == "people")
        # 2 FTE over two weeks of Monday to Friday: 20 person-days
        self.assertEqual(line.total_person_days, 20)
        self.assertEqual(line.status, "committed")
        rd = self.register(self.dept_rd)
        self.assertEqual(rd.committed_person_days, 20)
        self.assertEqual(rd.committed_amount, 50000)
        self.assertEqual(rd.approved_person_days, 0)
        self.assertEqual(self.review.resources_needed, "A meeting room", "the text stays for other notes")
        # the department's load reads the committed people
        load = self.load(self.dept_rd)
        self.assertEqual(len(load), 1)
        self.assertEqual(load[0]["person_days"], 20)
        self.assertFalse(load[0]["employee_id"])
        self.assertEqual(load[0]["project_id"], self.project.id)
        # a department that committed nothing has its row, empty
        self.assertEqual(self.register(self.dept_sales).committed_person_days, 0)

    def test_commitments_are_the_deciders_while_the_review_is_pending(self):
        request = self.make_request()
        self.bring_to_review(request)
        review = self.approval_of(request, self.dept_rd)
        with self.assertRaisesRegex(AccessError, r"Only T R&D Head can decide on"):
            self.env["collab.resource.line"].with_user(self.sales_head).create(
                dict(self.people(1), approval_id=review.id)
            )
        review.with_user(self.rd_head).write({"resource_line_ids": [Command.create(self.people(1))]})
        self.assertEqual(review.resource_line_ids.status, "draft", "counted only once the review is approved")
        review.with_user(self.rd_head).action_approve()
        with self.assertRaisesRegex(UserError, r"has already been decided"):
            review.resource_line_ids.with_user(self.rd_head).write({"quantity": 3})
        with self.assertRaisesRegex(UserError, r"change only through its buttons"):
            review.resource_line_ids.with_user(self.rd_head).write({"status": "approved"})

    def test_bad_values_are_refused_with_their_reason(self):
        request = self.make_request()
        self.bring_to_review(request)
        review = self.approval_of(request, self.dept_rd).with_user(self.rd_head)
        cases = [
            (self.people(-10, unit="person_days"), r"must be more than zero \(got -10"),
            (dict(self.people(1), date_to=self.monday - timedelta(days=1)), r"must end on or after its start"),
            ({"kind": "budget", "amount": 0}, r"amount of a budget line must be more than zero"),
            (dict(self.people(1), role=False), r"needs a role or named employees"),
            (dict(self.people(1), date_to="2999-01-01"), r"must be between"),
            (dict(self.people(1), employee_ids=[Command.set(self.log_head.employee_ids.ids)]), r"do not work in"),
        ]
        for values, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(ValidationError, message),
                self.env.cr.savepoint(),
            ):
                review.write({"resource_line_ids": [Command.create(values)]})
        self.assertFalse(review.resource_line_ids)

    def test_a_request_approved_from_the_activity_counts_as_approved(self):
        request = self.asked(
            lines=[self.people(5, unit="person_days", employee_ids=[Command.set(self.rd_employee.ids)])]
        )
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.user_id, self.rd_head)
        self.assertEqual(self.register(self.dept_rd).requested_person_days, 5)
        # listed in the head's My Approvals
        mine = self.env["collab.my.decision"].with_user(self.rd_head).search([("user_id", "=", self.rd_head.id)])
        self.assertIn(("collab.resource.request", request.id), [(row.res_model, row.res_id) for row in mine])
        activity = self.activities_of(request, RESOURCE)
        self.assertEqual(activity.user_id, self.rd_head)
        activity.with_user(self.rd_head).action_collab_decide("approve")
        self.assertEqual(request.state, "approved")
        self.assertFalse(activity.exists(), "deciding closes the activity")
        rd = self.register(self.dept_rd)
        self.assertEqual(rd.approved_person_days, 5)
        self.assertEqual(rd.requested_person_days, 5)
        self.assertEqual(rd.committed_person_days, 20)
        load = self.load(self.dept_rd)
        named = [row for row in load if row["employee_id"] == self.rd_employee.id]
        self.assertEqual(len(named), 1)
        self.assertEqual(named[0]["person_days"], 5)
        self.assertEqual(sum(row["person_days"] for row in load), 25)

    def test_a_refused_request_does_not_count(self):
        request = self.asked()
        activity = self.activities_of(request, RESOURCE).with_user(self.rd_head)
        with self.assertRaisesRegex(UserError, "Please give the reason for the rejection"):
            activity.action_collab_decide("refuse")
        activity.action_collab_decide("refuse", {"reason": "The line is full until June"})
        self.assertEqual(request.state, "refused")
        self.assertEqual(request.comment, "The line is full until June")
        rd = self.register(self.dept_rd)
        self.assertEqual(rd.approved_person_days, 0)
        self.assertEqual(rd.requested_person_days, 0)
        self.assertEqual(sum(row["person_days"] for row in self.load(self.dept_rd)), 20, "the commitment only")

    def test_the_department_load_counts_what_was_committed_and_granted(self):
        approved = self.asked()
        self.activities_of(approved, RESOURCE).with_user(self.rd_head).action_collab_decide("approve")
        refused = self.asked(lines=[self.people(7, unit="person_days")])
        self.activities_of(refused, RESOURCE).with_user(self.rd_head).action_collab_decide(
            "refuse", {"reason": "Nobody is free"}
        )
        # an R&D task in these two weeks (1 task-day a working day)
        self.make_task(
            self.project,
            "Assembly",
            self.monday,
            self.monday + timedelta(days=11),
            collab_department_id=self.dept_rd.id,
        )
        # the commitment (20 person-days) and the granted request (5) are spread over the working
        # days of their period (the 12 days from Monday: two working weeks, holidays honoured)
        is_working_day = self.project._plan_calendar_functions()[0]
        working = [day for day in (self.monday + timedelta(days=n) for n in range(12)) if is_working_day(day)]
        mondays = (self.monday, self.monday + timedelta(days=7))
        rows = (
            self.env["collab.report.department.load"]
            .with_user(self.rd_head)
            .search([("department_id", "=", self.dept_rd.id), ("week_start", "in", mondays)], order="week_start")
        )
        self.assertEqual(rows.mapped("week_start"), list(mondays))
        for row in rows:
            in_week = sum(1 for day in working if row.week_start <= day < row.week_start + timedelta(days=7))
            with self.subTest(week=row.week_start):
                self.assertGreaterEqual(row.planned_days, in_week, "the task counts with the project's others")
                # the refused 7 person-days count nowhere
                self.assertAlmostEqual(row.committed_days, in_week * 25 / len(working))
                self.assertAlmostEqual(row.extra_days, row.committed_days)

    def test_a_week_with_only_granted_people_has_its_load_row(self):
        # ten weeks on, R&D has no task: 4 person-days granted over one working week are its load
        later = self.monday + timedelta(days=70)
        request = self.asked(
            lines=[self.people(4, unit="person_days", date_from=later, date_to=later + timedelta(days=4))]
        )
        Load = self.env["collab.report.department.load"].with_user(self.rd_head)
        domain = [("department_id", "=", self.dept_rd.id), ("week_start", "=", later)]
        self.assertFalse(Load.search(domain), "asked, not granted: nothing yet")
        self.activities_of(request, RESOURCE).with_user(self.rd_head).action_collab_decide("approve")
        row = Load.search(domain)
        self.assertEqual((row.planned_days, row.task_count), (0, 0))
        self.assertAlmostEqual(row.committed_days, 4)
        self.assertGreater(row.load_percent, 0)
        # the lines' owners (none named: a role) and the project: the per-person view has them too
        rows = self.env["collab.task.load"].with_user(self.rd_head).search([("week_start", "=", later)])
        self.assertAlmostEqual(sum(rows.mapped("days")), 4)
        self.assertEqual(rows.project_id, self.project)

    def test_someone_else_cannot_decide(self):
        request = self.asked()
        activity = self.activities_of(request, RESOURCE)
        for intruder in (self.sales_head, self.mkt_head, self.log_head):
            with (
                self.subTest(user=intruder.login),
                self.assertRaisesRegex(AccessError, r"Only T R&D Head can decide on Assembly peak — T R&D\."),
            ):
                request.with_user(intruder).action_approve()
        with self.assertRaisesRegex(AccessError, r"Only T R&D Head can decide on Assembly peak — T R&D\."):
            activity.with_user(self.sales_head).action_collab_decide("approve")
        self.assertEqual(request.state, "pending")

    def test_the_head_asking_his_own_department_does_not_decide_it(self):
        # the project lead (Marketing's head) asks Marketing: the coordinator stands in
        request = self.asked(department=self.dept_mkt)
        self.assertEqual(request.user_id, self.coordinator)
        with self.assertRaisesRegex(AccessError, r"Only Test Coordinator can decide on"):
            request.with_user(self.mkt_head).action_approve()
        request.with_user(self.coordinator).action_approve()
        self.assertEqual(self.register(self.dept_mkt).approved_person_days, 5)

    def test_transfer_and_withdraw(self):
        deputy = new_test_user(self.env, "t_rd_deputy", groups=GROUP_LEAD, name="T R&D Deputy")
        self.dept_rd.collab_deputy_ids = deputy
        request = self.asked()
        request.with_user(self.rd_head).action_transfer(deputy.id, "On the production line today")
        self.assertEqual(request.user_id, deputy)
        self.assertEqual(self.activities_of(request, RESOURCE).user_id, deputy)
        with self.assertRaisesRegex(AccessError, r"Only the requester of .+, the project lead or the coordinator"):
            request.with_user(self.rd_user).action_withdraw()
        # the button is the requester's (the lead's), not the decider's
        self.assertFalse(request.with_user(deputy).can_withdraw)
        self.assertTrue(request.with_user(self.mkt_head).can_withdraw)
        request.with_user(self.mkt_head).action_withdraw("Solved with overtime")
        self.assertEqual(request.state, "withdrawn")
        self.assertFalse(self.activities_of(request, RESOURCE))
        with self.assertRaisesRegex(UserError, r"has already been decided"):
            request.with_user(deputy).action_approve()

    def test_a_new_request_is_named_before_its_department_is_chosen(self):
        new = self.env["collab.resource.request"].with_user(self.mkt_head).new({})
        self.assertEqual(new.display_name, "New Resource Request")
        self.assertEqual(self.asked().display_name, "Assembly peak — T R&D")

    def test_the_lead_of_another_project_cannot_ask(self):
        other = self.make_project()
        other.sudo().user_id = self.sales_head  # the fixture: Sales' head leads the other project
        with self.assertRaisesRegex(AccessError, r"Only the lead of .+ or the coordinator can ask its departments"):
            self.resource_request(user=self.sales_head)
        with self.assertRaisesRegex(AccessError, r"Only the lead of .+ or the coordinator can ask its departments"):
            self.project.with_user(self.rd_head).action_collab_request_resources()
        with self.assertRaisesRegex(UserError, r"T Logistics is not a department of"):
            self.resource_request(department=self.dept_log)
        # the requester is who asks: never someone else named over RPC
        with self.assertRaisesRegex(UserError, r"change only through its buttons"):
            self.env["collab.resource.request"].with_user(self.mkt_head).create(
                {
                    "name": "Forged",
                    "project_id": self.project.id,
                    "department_id": self.dept_rd.id,
                    "requester_id": self.rd_user.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, r"Say what you ask for"):
            self.resource_request(lines=[]).with_user(self.mkt_head).action_submit()

    def test_an_outsider_cannot_read_the_register(self):
        rd = self.register(self.dept_rd)
        # the register's read rule (the project's readers), then the project's own
        with self.assertRaisesRegex(
            AccessError, r"doesn't have 'read' access to:\n- .+ \(collab\.resource\.register\)"
        ):
            rd.with_user(self.log_user).read(["committed_person_days"])
        with self.assertRaisesRegex(AccessError, r"doesn't have 'read' access to:\n- Project \(project\.project\)"):
            self.project.with_user(self.log_user).action_collab_open_resources()
        # the project's readers do (R&D's liaison, its sponsor)
        self.assertEqual(rd.with_user(self.rd_head).committed_person_days, 20)
        self.assertEqual(rd.with_user(self.sponsor).committed_amount, 50000)

    def test_used_is_recorded_by_the_liaison_or_the_lead(self):
        rd = self.register(self.dept_rd)
        liaison = self.project.member_ids.filtered(lambda m: m.department_id == self.dept_rd).liaison_id
        rd.with_user(liaison).write({"used_person_days": 8, "used_amount": 12000})
        self.assertEqual(rd.used_person_days, 8)
        rd.with_user(self.mkt_head).write({"used_person_days": 9})
        sales = self.project.member_ids.filtered(lambda m: m.department_id == self.dept_sales).liaison_id
        with self.assertRaisesRegex(
            AccessError, r"Only the liaison of T R&D in .+, the project lead or the coordinator"
        ):
            rd.with_user(sales).write({"used_person_days": 1})
        with self.assertRaisesRegex(UserError, r"change only through its buttons"):
            rd.with_user(self.mkt_head).write({"department_id": self.dept_sales.id})

    def test_the_dossier_shows_the_resources_by_department(self):
        request = self.asked()
        request.with_user(self.rd_head).action_approve()
        self.register(self.dept_rd).with_user(self.mkt_head).write({"used_person_days": 7})
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier").with_user(self.mkt_head)
        html = str(report._render_qweb_html(report.report_name, self.project.collab_request_id.ids)[0])
        self.assertIn("Resources by Department", html)
        section = html[html.index("Resources by Department") :]
        self.assertIn("T R&amp;D", section)
        for value in ("20", "5", "7"):
            self.assertIn(f"<div>{value}</div>", section)
        self.assertIn("50,000.00", section)

    def test_delegation_and_chase_work_as_for_every_decision(self):
        deputy = new_test_user(self.env, "t_rd_deputy2", groups=GROUP_LEAD, name="T R&D Stand-in")
        today = self.company_today()
        self.env["collab.delegation"].with_user(self.rd_head).create(
            {
                "user_id": self.rd_head.id,
                "delegate_id": deputy.id,
                "date_start": today,
                "date_end": today + timedelta(days=5),
                "reason": "Holiday",
            }
        )
        request = self.asked()
        # the head is away: his delegate is asked and decides
        self.assertEqual(request.user_id, deputy)
        self.assertEqual(request.delegated_for_id, self.rd_head)
        self.assertEqual(self.activities_of(request, RESOURCE).user_id, deputy)
        # overdue: the reminder engine chases the decider
        engine = self.env["collab.reminder.engine"]
        with freeze_time(request.deadline + timedelta(hours=1)):
            engine.run_batch(limit=1000)
        logs = self.env["collab.reminder.log"].search(
            [("res_model", "=", request._name), ("res_id", "=", request.id), ("rule", "=", "resource_request_overdue")]
        )
        self.assertEqual(logs.recipient_ids, deputy)
        request.with_user(deputy).action_approve("Two of ours from Monday")
        self.assertEqual(self.register(self.dept_rd).approved_person_days, 5)
