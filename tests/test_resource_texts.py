"""Resources as people read them: person-days without a useless ".0", budget as money in its
currency, in the reader's language; the register's four budget sums; the line's own form on the
review and the request, its employee picker finding the department's people."""

from datetime import timedelta
from html import unescape

from lxml import etree

from odoo import Command
from odoo.tools.safe_eval import safe_eval

from .common import PlanCase, load_languages

RESOURCE = "cross_dept_collab.mail_activity_type_collab_resource_request"
LINE_FORM = "cross_dept_collab.collab_resource_line_view_form"
NBSP = "\N{NO-BREAK SPACE}"


class TestResourceTexts(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cny = cls.env.ref("base.CNY")
        cls.cny.active = True

    def setUp(self):
        super().setUp()
        today = self.company_today()
        self.monday = today + timedelta(days=14 - today.weekday())
        self.friday = self.monday + timedelta(days=4)
        self.project = self.make_project()
        self.assertEqual(self.project.user_id, self.mkt_head)

    def people(self, quantity, role="Engineer"):
        return {
            "kind": "people",
            "role": role,
            "unit": "person_days",
            "quantity": quantity,
            "date_from": self.monday,
            "date_to": self.friday,
        }

    def asked(self, lines):
        request = (
            self.env["collab.resource.request"]
            .with_user(self.mkt_head)
            .create(
                {
                    "name": "Assembly peak",
                    "project_id": self.project.id,
                    "department_id": self.dept_rd.id,
                    "reason": "Orders doubled",
                    "line_ids": [Command.create(line) for line in lines],
                }
            )
        )
        request.action_submit()
        return request

    def note_lines(self, request):
        """The activity note's lines of what is asked, as the head reads them."""
        activity = self.activities_of(request, RESOURCE).with_user(self.rd_head)
        self.assertEqual(activity.user_id, self.rd_head)
        text = unescape(str(activity.note)).replace("<br>", "\n").replace("<p>", "").replace("</p>", "\n")
        return [line for line in text.splitlines() if line.startswith("- ")]

    # ------------------------------------------------------------------------------------------
    def test_the_heads_activity_note_reads_person_days_and_money(self):
        self.rd_head.lang = "en_US"
        request = self.asked(
            [
                self.people(5),
                self.people(2.5, role="Tester"),
                {"kind": "budget", "amount": 3000, "currency_id": self.cny.id},
            ]
        )
        span = f"{self.monday} – {self.friday}"
        self.assertEqual(
            self.note_lines(request),
            [
                f"- Engineer: 5 Person-Days, {span}",
                f"- Tester: 2.5 Person-Days, {span}",
                f"- Budget ¥{NBSP}3,000.00",
            ],
        )
        # the lines' own names, as the head reads them on the request
        names = request.with_user(self.rd_head).line_ids.sorted("id").mapped("display_name")
        self.assertEqual(names[0], f"Engineer: 5 Person-Days, {span}")
        self.assertEqual(names[2], f"Budget ¥{NBSP}3,000.00")

    def test_a_chinese_head_reads_renti_without_a_useless_decimal(self):
        load_languages(self.env)
        self.rd_head.lang = "zh_CN"
        request = self.asked([self.people(5), self.people(2.5, role="Tester")])
        span = f"{self.monday} – {self.friday}"
        self.assertEqual(
            self.note_lines(request),
            [f"- Engineer：5 人天，{span}", f"- Tester：2.5 人天，{span}"],
        )

    def test_the_review_forms_load_table_has_no_useless_decimal(self):
        days = self.env["collab.resource.line"].with_context(lang="en_US")._collab_days_text
        self.assertEqual([days(5.0), days(2.5), days(1250), days(0.333), days(0)], ["5", "2.5", "1,250", "0.33", "0"])

    def test_the_register_and_the_dossier_show_the_requested_budget(self):
        request = self.asked([{"kind": "budget", "amount": 3000}])
        action = self.project.with_user(self.mkt_head).action_collab_open_resources()
        register = (
            self.env["collab.resource.register"]
            .with_user(self.mkt_head)
            .search(action["domain"])
            .filtered(lambda r: r.department_id == self.dept_rd)
        )
        self.assertEqual(
            (register.committed_amount, register.requested_amount, register.approved_amount, register.used_amount),
            (0, 3000, 0, 0),
        )
        request.with_user(self.rd_head).action_approve()
        register.with_user(self.mkt_head).write({"used_amount": 1200})
        self.assertEqual(
            (register.committed_amount, register.requested_amount, register.approved_amount, register.used_amount),
            (0, 3000, 3000, 1200),
        )
        # the project's Resources tab and the register's list show the four
        for view in (
            self.env["project.project"].with_user(self.mkt_head).get_views([(False, "form")])["views"]["form"],
            self.env["collab.resource.register"].with_user(self.mkt_head).get_views([(False, "list")])["views"]["list"],
        ):
            arch = etree.fromstring(view["arch"])
            for fname in ("committed_amount", "requested_amount", "approved_amount", "used_amount"):
                with self.subTest(view=view["id"], field=fname):
                    self.assertTrue(arch.xpath(f"//field[@name='{fname}'][not(@optional='hide')]"))
        # the dossier's table: budget requested among the four
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier").with_user(self.mkt_head)
        html = str(report._render_qweb_html(report.report_name, self.project.collab_request_id.ids)[0])
        section = html[html.index("Resources by Department") :]
        self.assertIn("Budget requested", section)
        self.assertEqual(section.count("3,000.00"), 2, "requested and approved")
        self.assertIn("1,200.00", section)

    def test_the_line_form_of_the_phone_and_its_employee_picker(self):
        """The review's and the request's lines open the line's own form (its employee picker
        filtered on the line's department), and the picker finds the department's people for the
        user who fills it: the department's head on his review, the project lead on a request."""
        form = self.env.ref(LINE_FORM)
        line_arch = etree.fromstring(
            self.env["collab.resource.line"]
            .with_user(self.rd_head)
            .get_views([(form.id, "form")])["views"]["form"]["arch"]
        )
        self.assertTrue(line_arch.xpath("//field[@name='department_id']"), "the picker's domain reads it")
        (picker,) = line_arch.xpath("//field[@name='employee_ids']")
        rd_people = self.env["hr.employee"].search([("department_id", "=", self.dept_rd.id)])
        self.assertEqual(len(rd_people), 2, "R&D's head and member")
        for model, fname, user in (
            ("collab.approval", "resource_line_ids", self.rd_head),
            ("collab.resource.request", "line_ids", self.mkt_head),
        ):
            with self.subTest(model=model):
                self.assertFalse(user.has_group("hr.group_hr_user"), "the picker works without HR rights")
                arch = etree.fromstring(
                    self.env[model].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
                )
                (field,) = arch.xpath(f"//field[@name='{fname}']")
                context = safe_eval(field.get("context"), {"request_currency_id": False})
                self.assertEqual(context["form_view_ref"], LINE_FORM)
                # the picker's domain: the view's, else the field's own
                raw = picker.get("domain") or self.env["collab.resource.line"]._fields["employee_ids"].domain
                domain = safe_eval(raw, {"department_id": self.dept_rd.id})
                found = self.env["hr.employee"].with_user(user).name_search("", domain)
                self.assertEqual({row[0] for row in found}, set(rd_people.ids))
