from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUP_USER, PlanCase

# Before the demo data's own deadlines, so only this test's records are due.
START = datetime(2020, 3, 2, 9, 0, 0)


class RiskCase(PlanCase):
    """A collaboration project (lead: Marketing, with R&D and Sales) followed by the Marketing and
    R&D members, a separate project lead, and an outsider from a department not involved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = new_test_user(cls.env, "t_project_lead", groups=GROUP_USER, name="Test Project Lead")
        cls.dept_fin = cls.env["hr.department"].create({"name": "T Finance"})
        cls.outsider = new_test_user(cls.env, "t_fin_user", groups=GROUP_USER, name="T Finance Member")
        cls.env["hr.employee"].create(
            {"name": cls.outsider.name, "user_id": cls.outsider.id, "department_id": cls.dept_fin.id}
        )
        cls.Risk = cls.env["collab.risk"]
        cls.engine = cls.env["collab.reminder.engine"]

    def setUp(self):
        super().setUp()
        self.project = self.make_project()
        self.project.message_subscribe(partner_ids=(self.mkt_user | self.rd_user | self.lead).partner_id.ids)

    def file(self, user=None, at=START, **values):
        """File a risk (or, with ``kind='issue'``, an issue) as ``user`` at ``at``."""
        vals = {
            "name": "Battery supply may slip",
            "project_id": self.project.id,
            "category": "resources",
            "owner_id": self.rd_user.id,
            "date_discovered": at - timedelta(hours=2),
            **values,
        }
        with freeze_time(at):
            return self.Risk.with_user(user or self.mkt_user).create(vals)

    def messages_to(self, risk, user, subject=("Alert", "Escalation")):
        messages = self.env["mail.message"].search(
            [("model", "=", "collab.risk"), ("res_id", "=", risk.id), ("partner_ids", "in", user.partner_id.ids)]
        )
        return messages.filtered(lambda m: (m.subject or "").startswith(subject))

    def alerted(self, risk, users):
        """The subset of ``users`` who received a report alert on ``risk``."""
        return users.filtered(lambda u: self.messages_to(risk, u, "Alert"))

    def run_engine(self, at, limit=1000):
        with freeze_time(at):
            return self.engine.run_batch(limit=limit)

    def logs(self, risks, rule):
        return self.env["collab.reminder.log"].search(
            [("res_model", "=", "collab.risk"), ("res_id", "in", risks.ids), ("rule", "=", rule)]
        )


class TestRiskReport(RiskCase):
    def test_late_report_is_flagged_and_posted(self):
        late = self.file(date_discovered=START - timedelta(hours=25))
        self.assertTrue(late.is_late_report)
        notes = late.message_ids.filtered(lambda m: "Reported late" in str(m.body))
        self.assertEqual(len(notes), 1)
        self.assertIn("25.0 hours", str(notes.body))

        in_time = self.file(date_discovered=START - timedelta(hours=23))
        self.assertFalse(in_time.is_late_report)
        self.assertFalse(in_time.message_ids.filtered(lambda m: "Reported late" in str(m.body)))

    def test_reporting_window_is_a_setting(self):
        self.env.company.collab_risk_report_hours = 48
        risk = self.file(date_discovered=START - timedelta(hours=25))
        self.assertFalse(risk.is_late_report)

    def test_reported_on_is_recorded_and_cannot_precede_discovery(self):
        risk = self.file()
        self.assertEqual(risk.date_reported, START)
        self.assertEqual(risk.reporter_id, self.mkt_user)
        with (
            self.assertRaisesRegex(
                ValidationError, r"Battery supply may slip cannot be discovered after it was reported\."
            ),
            self.cr.savepoint(),
        ):
            self.file(date_discovered=START + timedelta(hours=1))

    def test_high_risk_alerts_project_lead_and_lead_head_at_once(self):
        self.project.user_id = self.lead
        risk = self.file(level="high")
        everyone = self.lead | self.mkt_head | self.rd_head | self.sales_head | self.coordinator | self.sponsor
        self.assertEqual(self.alerted(risk, everyone), self.lead | self.mkt_head)
        self.assertIn("high risk", str(self.messages_to(risk, self.lead, "Alert").body))
        self.assertFalse(self.logs(risk, "risk_response_overdue"), "an alert, not a timed reminder")

        medium = self.file(level="medium")
        self.assertFalse(self.alerted(medium, everyone))

    def test_high_risk_alert_reaches_the_lead_head_once_when_also_project_lead(self):
        risk = self.file(level="high")  # the Marketing head leads the project and its lead department
        self.assertEqual(len(self.messages_to(risk, self.mkt_head, "Alert")), 1)

    def test_risk_deadlines_by_level(self):
        for level, response_hours in (("high", 24), ("medium", 72), ("low", None)):
            with self.subTest(level=level):
                risk = self.file(level=level)
                self.assertEqual(risk.urgency, False)
                expected = START + timedelta(hours=response_hours) if response_hours else False
                self.assertEqual(risk.date_response_due, expected)
                self.assertFalse(risk.date_resolution_due, "risks have no resolution deadline")

    def test_issue_deadlines_and_who_is_alerted_at_once(self):
        everyone = self.lead | self.mkt_head | self.coordinator | self.sponsor
        cases = {
            "normal": (None, 72, self.coordinator),
            "urgent": (4, 24, self.sponsor),
            "critical": (1, 24, self.sponsor | self.coordinator),
        }
        for urgency, (response_hours, resolution_hours, told) in cases.items():
            with self.subTest(urgency=urgency):
                issue = self.file(kind="issue", urgency=urgency, name=f"{urgency} issue")
                self.assertEqual(issue.level, False)
                self.assertEqual(
                    issue.date_response_due, START + timedelta(hours=response_hours) if response_hours else False
                )
                self.assertEqual(issue.date_resolution_due, START + timedelta(hours=resolution_hours))
                self.assertEqual(self.alerted(issue, everyone), told)

    def test_normal_issue_asks_the_coordinator_to_convene(self):
        issue = self.file(kind="issue")
        self.assertEqual(issue.urgency, "normal")
        self.assertIn("convene", str(self.messages_to(issue, self.coordinator, "Alert").body))

    def test_deadlines_come_from_the_settings_at_report_time(self):
        self.env.company.write({"collab_issue_urgent_response_hours": 2, "collab_issue_urgent_resolution_hours": 12})
        issue = self.file(kind="issue", urgency="urgent")
        self.assertEqual(issue.date_response_due, START + timedelta(hours=2))
        self.assertEqual(issue.date_resolution_due, START + timedelta(hours=12))
        self.env.company.collab_issue_urgent_resolution_hours = 48
        issue.invalidate_recordset()
        self.assertEqual(issue.date_resolution_due, START + timedelta(hours=12), "set at report time")

    def test_settings_are_exposed(self):
        settings = self.env["res.config.settings"].create({"collab_risk_high_response_hours": 12})
        settings.execute()
        self.assertEqual(self.env.company.collab_risk_high_response_hours, 12)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env.company.collab_issue_critical_response_hours = 0
            self.env.flush_all()

    def test_owner_follows_the_risk(self):
        risk = self.file(owner_id=self.sales_user.id)
        self.assertIn(self.sales_user.partner_id, risk.message_partner_ids)
        self.assertEqual(risk.with_user(self.sales_user).name, "Battery supply may slip")

    def test_task_must_belong_to_the_project(self):
        other_project = self.env["project.project"].create({"name": "Other"})
        task = self.env["project.task"].create({"name": "Elsewhere", "project_id": other_project.id})
        with (
            self.assertRaisesRegex(
                ValidationError, r"The task Elsewhere does not belong to the project XMBG-\d+ Smartwatch launch\."
            ),
            self.cr.savepoint(),
        ):
            self.file(task_id=task.id)


class TestRiskWorkflow(RiskCase):
    def test_mitigate_resolve_close(self):
        risk = self.file(level="high")
        with self.assertRaisesRegex(UserError, "response plan"):
            risk.with_user(self.rd_user).action_mitigate()
        risk.with_user(self.rd_user).response_plan = "Second supplier qualified by Friday"
        risk.with_user(self.rd_user).action_mitigate()
        self.assertEqual(risk.state, "mitigating")
        with freeze_time(START + timedelta(hours=5)):
            risk.with_user(self.rd_user).action_resolve("Second supplier delivers")
        self.assertEqual(risk.state, "resolved")
        self.assertEqual(risk.resolution, "Second supplier delivers")
        self.assertEqual(risk.date_resolved, START + timedelta(hours=5))
        risk.with_user(self.rd_user).action_close()
        self.assertEqual(risk.state, "closed")

    def test_resolve_requires_a_resolution(self):
        issue = self.file(kind="issue", urgency="urgent")
        for text in (None, "", "   "):
            with self.subTest(text=text), self.assertRaisesRegex(UserError, "resolution is required"):
                issue.with_user(self.rd_user).action_resolve(text)
        self.assertEqual(issue.state, "open")
        # the resolution written on the form is enough
        issue.with_user(self.rd_user).resolution = "Both departments agreed on 25,000 units"
        issue.with_user(self.rd_user).action_resolve()
        self.assertEqual(issue.state, "resolved")

    def test_transitions_only_from_the_right_states(self):
        risk = self.file()
        with self.assertRaisesRegex(UserError, "cannot be closed while it is Open"):
            risk.with_user(self.rd_user).action_close()
        risk.with_user(self.rd_user).action_resolve("Done")
        for action in ("action_mitigate", "action_escalate"):
            with (
                self.subTest(action=action),
                self.assertRaisesRegex(UserError, r"Battery supply may slip cannot be .+ while it is Resolved\."),
            ):
                getattr(risk.with_user(self.rd_user), action)()
        with self.assertRaisesRegex(UserError, r"Battery supply may slip cannot be resolved while it is Resolved\."):
            risk.with_user(self.rd_user).action_resolve("Again")
        risk.with_user(self.rd_user).action_close()
        with self.assertRaisesRegex(UserError, r"Battery supply may slip cannot be closed while it is Closed\."):
            risk.with_user(self.rd_user).action_close()

    def test_owner_project_lead_and_coordinator_move_states(self):
        self.project.user_id = self.lead
        for user in (self.rd_user, self.lead, self.coordinator):
            with self.subTest(user=user.login):
                risk = self.file(response_plan="Plan")
                risk.with_user(user).action_mitigate()
                risk.with_user(user).action_resolve("Solved")
                risk.with_user(user).action_close()
                self.assertEqual(risk.state, "closed")

    def test_others_cannot_move_states_or_escalate(self):
        risk = self.file(response_plan="Plan")
        for user in (self.mkt_user, self.rd_head, self.sales_user, self.sponsor):
            for action, args in (
                ("action_mitigate", ()),
                ("action_resolve", ("Solved",)),
                ("action_escalate", ()),
            ):
                with (
                    self.subTest(user=user.login, action=action),
                    self.assertRaisesRegex(AccessError, "Only the owner"),
                ):
                    getattr(risk.with_user(user), action)(*args)
        self.assertEqual(risk.state, "open")
        self.assertEqual(risk.escalation_level, 0)

    def test_state_and_escalation_change_only_through_the_buttons(self):
        risk = self.file()
        for vals in ({"state": "closed"}, {"escalation_level": 3}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "only through its buttons"):
                risk.with_user(self.rd_user).write(vals)
        with self.assertRaisesRegex(
            UserError, r"State of Risk or Issue change only through its buttons \(the workflow\), not by editing\."
        ):
            self.file(state="closed")
        with self.assertRaisesRegex(AccessError, "Only the coordinator"):
            risk.with_user(self.rd_user).write({"date_reported": START - timedelta(days=3)})
        with self.assertRaisesRegex(AccessError, "Only the coordinator"):
            self.file(reporter_id=self.rd_user.id)
        self.assertEqual(risk.state, "open")

    def test_manual_escalation(self):
        self.project.user_id = self.lead
        risk = self.file(level="medium")
        with freeze_time(START + timedelta(hours=1)):
            risk.with_user(self.rd_user).action_escalate()
        self.assertEqual(risk.escalation_level, 1)
        self.assertEqual(risk.escalation_reason, "manual")
        self.assertEqual(risk.date_escalated, START + timedelta(hours=1))
        self.assertEqual(len(self.messages_to(risk, self.coordinator, "Escalation (level 1)")), 1)
        self.assertFalse(self.messages_to(risk, self.sponsor, "Escalation"))

        risk.with_user(self.lead).action_escalate()
        self.assertEqual(risk.escalation_level, 2)
        self.assertEqual(len(self.messages_to(risk, self.sponsor, "Escalation (level 2)")), 1)
        self.assertEqual(len(self.messages_to(risk, self.rd_user, "Escalation")), 2, "the owner is always told")

        risk.with_user(self.coordinator).action_escalate()
        self.assertEqual(risk.escalation_level, 3)
        self.assertEqual(len(self.messages_to(risk, self.sponsor, "Escalation (level 3)")), 1)


class TestRiskEscalation(RiskCase):
    def test_nothing_before_the_deadline(self):
        issue = self.file(kind="issue", urgency="urgent")
        self.run_engine(START + timedelta(hours=3, minutes=59))
        self.assertEqual(issue.escalation_level, 0)
        self.assertFalse(self.logs(issue, "risk_response_overdue"))

    def test_one_level_per_missed_deadline_once(self):
        issue = self.file(kind="issue", urgency="urgent")

        # the response plan (4 h) is missed: level 1, the coordinator and the owner are told
        self.run_engine(START + timedelta(hours=5))
        self.assertEqual(issue.escalation_level, 1)
        self.assertEqual(issue.escalation_reason, "response")
        logs = self.logs(issue, "risk_response_overdue")
        self.assertEqual(len(logs), 1)
        self.assertEqual(logs.recipient_ids, self.coordinator | self.rd_user)
        self.assertEqual(len(self.messages_to(issue, self.coordinator, "Escalation (level 1)")), 1)

        # a second run, or a later one before the next deadline, changes nothing
        self.run_engine(START + timedelta(hours=5))
        self.run_engine(START + timedelta(hours=20))
        self.assertEqual(issue.escalation_level, 1)
        self.assertEqual(len(self.logs(issue, "risk_response_overdue")), 1)
        self.assertEqual(len(self.messages_to(issue, self.rd_user, "Escalation")), 1)

        # the resolution (24 h) is missed too: level 2, the sponsor and the owner
        self.run_engine(START + timedelta(hours=25))
        self.run_engine(START + timedelta(hours=26))
        self.assertEqual(issue.escalation_level, 2)
        self.assertEqual(issue.escalation_reason, "resolution")
        logs = self.logs(issue, "risk_resolution_overdue")
        self.assertEqual(len(logs), 1)
        self.assertEqual(logs.recipient_ids, self.sponsor | self.rd_user)
        sponsor_messages = self.messages_to(issue, self.sponsor, "Escalation")
        self.assertEqual(len(sponsor_messages), 1)
        self.assertIn("level 2", sponsor_messages.subject)
        self.assertEqual(len(self.messages_to(issue, self.rd_user, "Escalation")), 2)

    def test_two_deadlines_missed_before_a_run_escalate_two_levels(self):
        issue = self.file(kind="issue", urgency="critical")
        self.run_engine(START + timedelta(hours=30))
        self.assertEqual(issue.escalation_level, 2)
        self.assertEqual(len(self.logs(issue, "risk_response_overdue")), 1)
        self.assertEqual(len(self.logs(issue, "risk_resolution_overdue")), 1)

    def test_a_response_plan_stops_the_response_escalation(self):
        issue = self.file(kind="issue", urgency="urgent")
        with freeze_time(START + timedelta(hours=2)):
            issue.with_user(self.rd_user).response_plan = "Joint meeting tomorrow 9:00"
        self.run_engine(START + timedelta(hours=5))
        self.assertEqual(issue.escalation_level, 0)
        self.run_engine(START + timedelta(hours=25))
        self.assertEqual(issue.escalation_level, 1, "still unresolved after 24 h")
        self.assertEqual(self.logs(issue, "risk_resolution_overdue").recipient_ids, self.coordinator | self.rd_user)

    def test_resolved_and_low_risks_are_not_escalated(self):
        issue = self.file(kind="issue", urgency="critical")
        issue.with_user(self.rd_user).action_resolve("Settled on the phone")
        low = self.file(level="low")
        self.run_engine(START + timedelta(days=10))
        self.assertEqual(issue.escalation_level, 0)
        self.assertEqual(low.escalation_level, 0)
        self.assertFalse(
            self.logs(issue | low, "risk_response_overdue") | self.logs(issue | low, "risk_resolution_overdue")
        )

    def test_high_risk_without_response_plan_escalates_after_24h(self):
        risk = self.file(level="high")
        self.run_engine(START + timedelta(hours=23))
        self.assertEqual(risk.escalation_level, 0)
        self.run_engine(START + timedelta(hours=25))
        self.assertEqual(risk.escalation_level, 1)
        self.run_engine(START + timedelta(days=30))
        self.assertEqual(risk.escalation_level, 1, "a risk has one deadline: the response plan")

    def test_crash_mid_batch_then_restart_escalates_each_once(self):
        issues = self.Risk
        for index in range(3):
            issues |= self.file(kind="issue", urgency="urgent", name=f"Issue {index}")
        at = START + timedelta(hours=5)

        done, remaining = self.run_engine(at, limit=2)
        self.assertEqual((done, remaining), (2, 1))
        Risk = self.env.registry["collab.risk"]
        original = Risk._remind_response_overdue

        def crashing(records, rule):
            original(records, rule)
            raise RuntimeError("worker killed")

        Risk._remind_response_overdue = crashing
        try:
            with self.assertRaises(RuntimeError), self.cr.savepoint():
                self.run_engine(at, limit=2)
        finally:
            Risk._remind_response_overdue = original
        self.assertEqual(len(self.logs(issues, "risk_response_overdue")), 2)
        self.assertEqual(sorted(issues.mapped("escalation_level")), [0, 1, 1])

        while self.run_engine(at, limit=2)[1]:
            pass
        self.assertEqual(len(self.logs(issues, "risk_response_overdue")), 3)
        self.assertEqual(issues.mapped("escalation_level"), [1, 1, 1])
        for issue in issues:
            self.assertEqual(len(self.messages_to(issue, self.coordinator, "Escalation")), 1)


class TestRiskAccess(RiskCase):
    def test_who_sees_a_risk(self):
        risk = self.file(owner_id=self.mkt_user.id)
        # followers of the project, members of an involved department, coordinator and sponsor
        for user in (self.rd_user, self.sales_user, self.mkt_head, self.coordinator, self.sponsor):
            with self.subTest(user=user.login):
                self.assertEqual(risk.with_user(user).read(["name"])[0]["name"], "Battery supply may slip")
        with self.assertRaisesRegex(AccessError, r"doesn't have 'read' access to:\n- .*\(collab\.risk\)"):
            risk.with_user(self.outsider).read(["name"])
        self.assertFalse(self.Risk.with_user(self.outsider).search([("id", "=", risk.id)]))

    def test_the_owner_sees_it_even_from_outside(self):
        risk = self.file(owner_id=self.outsider.id)
        self.assertTrue(risk.with_user(self.outsider).read(["name"]))

    def test_only_who_can_read_the_project_files(self):
        with self.assertRaisesRegex(AccessError, "cannot file a risk or issue on the project"):
            self.file(user=self.outsider)
        # a project follower, the project lead and the coordinator can
        self.project.user_id = self.lead
        for user in (self.rd_user, self.lead, self.coordinator):
            with self.subTest(user=user.login):
                self.assertTrue(self.file(user=user))

    def test_involved_member_cannot_edit_someone_elses_risk(self):
        risk = self.file()
        with self.assertRaisesRegex(AccessError, r"doesn't have 'write' access to:\n- .*\(collab\.risk\)"):
            risk.with_user(self.sales_user).write({"name": "Hijacked"})
        with self.assertRaisesRegex(
            AccessError, r"You are not allowed to delete 'Risk or Issue' \(collab\.risk\) records\."
        ):
            risk.with_user(self.mkt_user).unlink()
        risk.with_user(self.rd_user).write({"response_plan": "The owner edits the plan"})
        # anyone who sees it may add information to the chatter
        risk.with_user(self.sales_user).message_post(body="Sales can confirm the numbers", message_type="comment")

    def test_project_counts_only_open_visible_risks(self):
        self.file()
        self.file(kind="issue")
        self.file().with_user(self.rd_user).action_resolve("Done")
        self.assertEqual(self.project.with_user(self.mkt_user).collab_open_risk_count, 2)
        self.assertEqual(len(self.project.with_user(self.mkt_user).collab_open_risk_ids), 2)
        action = self.project.with_user(self.mkt_user).action_open_risks()
        self.assertEqual(action["res_model"], "collab.risk")
        self.assertEqual(action["domain"], [("project_id", "=", self.project.id)])


class TestRiskViews(RiskCase):
    def test_filing_an_issue_from_the_form(self):
        Risk = self.Risk.with_user(self.mkt_user).with_context(default_kind="issue")
        with freeze_time(START):
            with Form(Risk) as form:
                form.name = "Sales and Supply Chain disagree on the first batch"
                form.project_id = self.project
                form.category = "inter_department"
                form.urgency = "critical"
                form.owner_id = self.rd_user
            issue = form.record
        self.assertEqual((issue.kind, issue.level, issue.state), ("issue", False, "open"))
        self.assertEqual(issue.date_response_due, START + timedelta(hours=1))
        self.assertEqual(self.alerted(issue, self.coordinator | self.sponsor), self.coordinator | self.sponsor)

    def test_views_load_for_a_collaboration_user(self):
        Risk = self.Risk.with_user(self.mkt_user)
        for xmlid, group_by in (
            ("collab_risk_action_register", "level"),
            ("collab_risk_action_issues", "urgency"),
            ("collab_risk_action", "state"),
        ):
            with self.subTest(action=xmlid):
                action = self.env.ref(f"cross_dept_collab.{xmlid}")
                kanban = action.view_ids.filtered(lambda v: v.view_mode == "kanban").view_id
                views = Risk.get_views([(kanban.id, "kanban"), (False, "list"), (False, "form"), (False, "search")])
                self.assertIn(f'default_group_by="{group_by}"', views["views"]["kanban"]["arch"])
        form = self.env["project.project"].with_user(self.mkt_user).get_views([(False, "form")])
        self.assertIn("collab_open_risk_count", form["views"]["form"]["arch"])
        menu = self.env.ref("cross_dept_collab.menu_collab_risks")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.mkt_user)._visible_menu_ids())


class TestRiskDemo(PlanCase):
    def test_smartwatch_demo_has_a_late_high_risk_and_an_urgent_issue(self):
        risk = self.env.ref("cross_dept_collab.risk_smartwatch_battery")
        issue = self.env.ref("cross_dept_collab.issue_smartwatch_stock")
        project = self.env.ref("cross_dept_collab.project_smartwatch")
        self.assertEqual((risk.project_id, risk.level, risk.is_late_report), (project, "high", True))
        self.assertEqual((issue.project_id, issue.urgency), (project, "urgent"))
        self.assertEqual(issue.date_response_due, issue.date_reported + timedelta(hours=4))
        self.assertEqual(project.collab_open_risk_ids & (risk | issue), risk | issue)


@tagged("post_install", "-at_install")
class TestRiskWebClient(HttpCase):
    """The risk register, the issue board and a risk's form render in the web client (no JS error)."""

    def _wait_for(self, url, selector):
        code = f"""
            const until = Date.now() + 20000;
            (function wait() {{
                if (document.querySelector({selector!r})) {{
                    console.log("test successful");
                }} else if (Date.now() > until) {{
                    console.error({selector!r} + " was not rendered");
                }} else {{
                    setTimeout(wait, 200);
                }}
            }})();
        """
        self.browser_js(url, code, ready="odoo.isReady", login="mkt_head")

    def test_register_board_and_form(self):
        risk = self.env.ref("cross_dept_collab.risk_smartwatch_battery")
        self._wait_for("/odoo/action-cross_dept_collab.collab_risk_action_register", ".o_kanban_record")
        self._wait_for("/odoo/action-cross_dept_collab.collab_risk_action_issues", ".o_kanban_record")
        self._wait_for(f"/odoo/action-cross_dept_collab.collab_risk_action/{risk.id}", ".o_form_view .badge")
        project = self.env.ref("cross_dept_collab.project_smartwatch")
        self._wait_for(f"/odoo/action-project.open_view_project_all/{project.id}", ".o_notebook [name='collab_risks']")


@tagged("post_install", "-at_install")
class TestRiskWebClientPhone(TestRiskWebClient):
    """The same on a phone-sized touch screen (the Odoo mobile layout)."""

    browser_size = "390x844"
    touch_enabled = True
