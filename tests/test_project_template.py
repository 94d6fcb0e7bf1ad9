"""Project templates (知识沉淀): a project's WBS and team roles saved as a template by its lead,
suggested at intake and laid out on a new project's working calendar (CN holidays and make-up
workdays honoured). Everything is done as the people concerned."""

from datetime import date, timedelta
from itertools import pairwise

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, warmup

from .common import GROUP_USER, CollabCase
from .test_sla_calendar import working_hours


class TestProjectTemplate(CollabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        # the demo company's people (the 618 story)
        cls.coordinator = ref("cross_dept_collab.user_coordinator")
        cls.lead = ref("cross_dept_collab.user_mkt_head")
        cls.initiator = ref("cross_dept_collab.user_mkt_user1")
        cls.sales_head = ref("cross_dept_collab.user_sales_head")
        cls.prod_head = ref("cross_dept_collab.user_prod_head")
        cls.log_head = ref("cross_dept_collab.user_log_head")
        cls.demo_sponsor = ref("cross_dept_collab.user_sponsor")
        cls.marketing = ref("cross_dept_collab.dept_marketing")
        cls.sales = ref("cross_dept_collab.dept_sales")
        cls.product = ref("cross_dept_collab.dept_product")
        cls.logistics = ref("cross_dept_collab.dept_logistics")
        cls.env.company.write(
            {"collab_coordinator_id": cls.coordinator.id, "collab_default_sponsor_id": cls.demo_sponsor.id}
        )
        # the company works on a Shanghai calendar with China's 2026 public holidays and make-up workdays
        cls.cn_calendar = cls.env["resource.calendar"].create(working_hours("T Shanghai office", "Asia/Shanghai"))
        cls.cn_calendar.collab_load_public_holidays("CN", 2026)
        cls.env.company.resource_calendar_id = cls.cn_calendar

    # ------------------------------------------------------------------------------------------
    # Helpers: the 618 project, planned by its lead
    # ------------------------------------------------------------------------------------------
    def approve(self, request):
        """The pending department reviews and the sponsor decide, each as himself."""
        for approval in request.current_approval_ids.filtered(lambda a: a.state == "pending"):
            approval.with_user(approval.approver_id).action_approve()
        request.with_user(request.sponsor_id).action_sponsor_approve()
        self.assertEqual(request.state, "approved")
        return request.project_id

    def make_618_project(self):
        """The demo 618 request approved; its lead plans the WBS on the form: a preparation phase
        (Sales' data, then Product's feature notes) and Logistics' plan after the notes."""
        project = self.approve(self.env.ref("cross_dept_collab.request_618"))
        self.assertEqual(project.user_id, self.lead)
        tasks = self.env["project.task"].with_user(self.lead).browse(project.tasks.ids)
        by_department = {task.collab_department_id: task for task in tasks}
        sales, product, logistics = (
            by_department[self.sales],
            by_department[self.product],
            by_department[self.logistics],
        )
        phase = tasks.create(
            {"name": "Preparation", "project_id": project.id, "collab_department_id": self.marketing.id, "sequence": 1}
        )
        # Mon 1 – Thu 4 June 2026: 4 working days; Fri 5 – Mon 8 June: 2; Mon 15 – Mon 22 June:
        # 5 (Fri 19 June is the Dragon Boat Festival)
        sales.write(
            {
                "parent_id": phase.id,
                "sequence": 1,
                "date_planned_start": date(2026, 6, 1),
                "date_planned_end": date(2026, 6, 4),
                "deliverable": "Sales data and targets",
                "acceptance_standard": "Split by category and week",
            }
        )
        product.write(
            {
                "parent_id": phase.id,
                "sequence": 2,
                "date_planned_start": date(2026, 6, 5),
                "date_planned_end": date(2026, 6, 8),
                "deliverable": "Feature notes",
                "depend_on_ids": [Command.set(sales.ids)],
            }
        )
        logistics.write(
            {
                "sequence": 2,
                "date_planned_start": date(2026, 6, 15),
                "date_planned_end": date(2026, 6, 22),
                "deliverable": "Warehousing plan",
                "depend_on_ids": [Command.set(product.ids)],
            }
        )
        return project

    def save_as_template(self, project, user=None):
        action = project.with_user(user or self.lead).action_collab_save_as_template()
        return self.env["collab.project.template"].browse(action["res_id"])

    def template_task(self, template, name):
        task = template.task_ids.filtered(lambda t: t.name.startswith(name))
        self.assertEqual(len(task), 1, name)
        return task

    # ------------------------------------------------------------------------------------------
    # Save as Template
    # ------------------------------------------------------------------------------------------
    def library_categories(self, *names):
        return self.env["collab.document.category"].browse(
            [self.env.ref(f"cross_dept_collab.collab_document_category_{name}").id for name in names]
        )

    def test_lead_saves_the_618_project_as_a_template(self):
        project = self.make_618_project()
        # the lead narrows the library to the categories the promotion uses
        categories = self.library_categories("plan", "design", "deliverables")
        project.with_user(self.lead).collab_document_category_ids = categories
        template = self.save_as_template(project).with_user(self.lead)
        self.assertEqual(template.document_category_ids, categories)
        self.assertEqual(template.source_project_id, project)
        self.assertEqual(template.request_type, "project")
        self.assertEqual(template.create_uid, self.lead)
        self.assertEqual(len(template.task_ids), 4)
        self.assertEqual(template.department_ids, self.marketing | self.sales | self.product | self.logistics)
        phase = self.template_task(template, "Preparation")
        sales = self.template_task(template, "Sales")
        product = self.template_task(template, "Product")
        logistics = self.template_task(template, "Logistics")
        self.assertEqual(phase.child_ids, sales | product)
        self.assertEqual((sales.parent_id, logistics.parent_id), (phase, template.task_ids.browse()))
        self.assertEqual((sales.duration_days, product.duration_days, logistics.duration_days), (4, 2, 5))
        self.assertEqual((sales.department_id, logistics.department_id), (self.sales, self.logistics))
        self.assertEqual(
            (sales.deliverable, sales.acceptance_standard), ("Sales data and targets", "Split by category and week")
        )
        self.assertEqual(product.predecessor_ids, sales)
        self.assertEqual(logistics.predecessor_ids, product)
        self.assertEqual(
            {(role.department_id, role.role) for role in template.role_ids},
            {
                (self.marketing, "lead"),
                (self.sales, "cooperating"),
                (self.product, "cooperating"),
                (self.logistics, "cooperating"),
            },
        )
        self.assertEqual(template.duration_days, 4 + 2 + 5)
        # the coordinator may save it too
        self.assertTrue(self.save_as_template(project, self.coordinator))

    def test_task_owner_cannot_save_the_project_as_a_template(self):
        project = self.make_618_project()
        owner = project.tasks.filtered(lambda t: t.collab_department_id == self.sales).user_ids
        self.assertTrue(owner and owner != self.lead)
        before = self.env["collab.project.template"].search_count([])
        with self.assertRaisesRegex(AccessError, "Only the project lead or the coordinator can save .* as a template"):
            project.with_user(owner).action_collab_save_as_template()
        self.assertEqual(self.env["collab.project.template"].search_count([]), before)

    def test_only_leads_create_and_only_creators_edit_templates(self):
        with self.assertRaisesRegex(AccessError, "Only the coordinator and project leads can create project templates"):
            self.env["collab.project.template"].with_user(self.initiator).create({"name": "Mine"})
        template = self.env.ref("cross_dept_collab.project_template_618")
        # every user of the company reads it; only the coordinator (or its creator) edits it
        self.assertEqual(template.with_user(self.initiator).name, template.name)
        with self.assertRaisesRegex(AccessError, "Only the coordinator or OdooBot, who created it, can change"):
            template.with_user(self.lead).write({"name": "Renamed"})
        with self.assertRaisesRegex(AccessError, "Only the coordinator or OdooBot, who created it, can change"):
            template.with_user(self.lead).unlink()
        template.with_user(self.coordinator).write({"description": "Reviewed by the PMO"})
        mine = self.save_as_template(self.make_618_project())
        mine.with_user(self.lead).task_ids[:1].duration_days = 9
        with self.assertRaisesRegex(
            AccessError, f"Only the coordinator or {self.lead.name}, who created it, can change"
        ):
            mine.task_ids[:1].with_user(self.sales_head).write({"duration_days": 3})

    def test_template_refuses_a_dependency_cycle(self):
        template = self.env.ref("cross_dept_collab.project_template_618").with_user(self.coordinator)
        first = self.template_task(template, "销售数据")
        notes = self.template_task(template, "主推产品")
        with self.assertRaisesRegex(ValidationError, "wait on each other"):
            first.predecessor_ids = notes

    # ------------------------------------------------------------------------------------------
    # Intake: suggested templates and who chooses one
    # ------------------------------------------------------------------------------------------
    def new_request(self, user=None, **values):
        today = self.company_today()
        vals = {
            "title": "Double 11 promotion",
            "request_type": "project",
            "initiating_department_id": self.marketing.id,
            "involved_department_ids": [Command.set((self.sales | self.product).ids)],
            "background": "The Double 11 peak",
            "goal": "Sales +20%",
            "scope": "Online promotion",
            "date_expected": today + timedelta(days=90),
            "line_ids": [
                Command.create({"department_id": department.id, "description": f"Ask of {department.name}"})
                for department in self.sales | self.product
            ],
        }
        vals.update(values)
        return self.env["collab.request"].with_user(user or self.initiator).create(vals)

    def test_templates_of_the_same_type_are_suggested_at_intake(self):
        request = self.new_request()
        suggested = request.suggested_project_template_ids
        self.assertIn(self.env.ref("cross_dept_collab.project_template_618"), suggested)
        self.assertIn(self.env.ref("cross_dept_collab.project_template_smartwatch"), suggested)
        other_type = self.new_request(request_type="resource")
        self.assertFalse(other_type.suggested_project_template_ids)
        # the initiator picks one from the suggestions; someone else may not
        smartwatch = self.env.ref("cross_dept_collab.project_template_smartwatch").with_user(self.lead)
        with self.assertRaisesRegex(AccessError, "Only the initiator \\(while drafting\\) or the coordinator"):
            smartwatch.with_context(collab_request_id=request.id).action_collab_use_template()
        with self.assertRaisesRegex(UserError, "Open the request whose project should start from"):
            smartwatch.with_user(self.initiator).action_collab_use_template()
        self.assertFalse(request.project_template_id)
        picked = smartwatch.with_user(self.initiator).with_context(collab_request_id=request.id)
        self.assertIs(picked.action_collab_use_template(), True)
        self.assertEqual(request.project_template_id, smartwatch)

    def test_who_may_choose_the_template(self):
        template = self.env.ref("cross_dept_collab.project_template_618")
        request = self.new_request()
        request.with_user(self.initiator).project_template_id = template
        self.assertEqual(request.project_template_id, template)
        stranger = self.rd_user
        with self.assertRaisesRegex(AccessError, "Only the initiator \\(while drafting\\) or the coordinator"):
            request.with_user(stranger).write({"project_template_id": False})
        self.assertEqual(request.project_template_id, template)
        # a template of another company is refused
        other_company = self.env["res.company"].create({"name": "T Other Co"})
        foreign = self.env["collab.project.template"].create({"name": "Elsewhere", "company_id": other_company.id})
        with self.assertRaisesRegex(ValidationError, "belongs to T Other Co, not to the company of"):
            request.with_user(self.initiator).write({"project_template_id": foreign.id})
        # once submitted, the initiator no longer changes it
        request.with_user(self.initiator).action_submit()
        with self.assertRaisesRegex(AccessError, "Only the initiator \\(while drafting\\) or the coordinator"):
            request.with_user(self.initiator).write({"project_template_id": False})

    # ------------------------------------------------------------------------------------------
    # The template laid out on a new project around the National Day holiday
    # ------------------------------------------------------------------------------------------
    def test_template_laid_out_around_national_day(self):
        source = self.make_618_project()
        source.with_user(self.lead).collab_document_category_ids = self.library_categories("plan", "minutes")
        template = self.save_as_template(source)
        # the request is approved on Mon 28 Sep 2026 (10:00 in Shanghai): the project starts that day
        self.freeze_clock("2026-09-28 02:00:00")
        request = self.new_request(project_template_id=template.id)
        request.with_user(self.initiator).action_submit()
        request.with_user(self.coordinator).action_accept(self.marketing.id)
        request.with_user(self.lead).action_confirm_lead()
        project = self.approve(request).with_user(self.lead)
        self.assertEqual(project.date_start, date(2026, 9, 28))
        tasks = project.tasks
        by_name = {task.name: task for task in tasks}
        sales = next(t for name, t in by_name.items() if name.startswith("Sales") and t.deliverable)
        product = next(t for name, t in by_name.items() if name.startswith("Product") and t.deliverable)
        logistics = next(t for name, t in by_name.items() if name.startswith("Logistics") and t.deliverable)
        phase = by_name["Preparation"]
        # 4 working days from Mon 28 Sep: 28, 29, 30 Sep, then Thu 8 Oct after the holiday (1–7 Oct)
        self.assertEqual((sales.date_planned_start, sales.date_planned_end), (date(2026, 9, 28), date(2026, 10, 8)))
        # its successor starts on the next working day and lasts 2: Fri 9 and Sat 10 Oct (a make-up workday)
        self.assertEqual(
            (product.date_planned_start, product.date_planned_end), (date(2026, 10, 9), date(2026, 10, 10))
        )
        # 5 working days from Mon 12 Oct
        self.assertEqual(
            (logistics.date_planned_start, logistics.date_planned_end), (date(2026, 10, 12), date(2026, 10, 16))
        )
        self.assertEqual((phase.date_planned_start, phase.date_planned_end), (date(2026, 9, 28), date(2026, 10, 10)))
        self.assertEqual(product.parent_id, phase)
        self.assertEqual(product.depend_on_ids, sales)
        self.assertEqual(logistics.depend_on_ids, product)
        self.assertEqual(sales.deliverable, "Sales data and targets")
        # the team: the request's departments, and Logistics from the template's roles (its head as liaison)
        liaisons = {member.department_id: member.liaison_id for member in project.member_ids}
        self.assertEqual(liaisons[self.logistics], self.log_head)
        self.assertEqual(
            project.member_ids.filtered(lambda m: m.role == "lead").department_id, self.marketing, "one lead"
        )
        self.assertIn(self.logistics, project.collab_department_ids)
        # the owners proposed: each department's liaison
        for task in sales | product | logistics | phase:
            self.assertEqual(task.user_ids, liaisons[task.collab_department_id], task.name)
        # the library offers the template's categories
        self.assertEqual(project.collab_document_category_ids, self.library_categories("plan", "minutes"))
        document = self.env["collab.document"].with_user(self.lead).new({"project_id": project.id, "name": "Plan"})
        self.assertEqual(document.offered_category_ids._origin, self.library_categories("plan", "minutes"))
        # the lead edits from there
        product.write({"user_ids": [Command.set(self.initiator.ids)]})

    # ------------------------------------------------------------------------------------------
    # Performance
    # ------------------------------------------------------------------------------------------
    @warmup
    def test_apply_a_thirty_task_template_query_count(self):
        template = (
            self.env["collab.project.template"]
            .with_user(self.coordinator)
            .create(
                {
                    "name": "Thirty tasks",
                    "role_ids": [
                        Command.create({"department_id": department.id, "role": "cooperating"})
                        for department in self.sales | self.product | self.logistics
                    ],
                }
            )
        )
        Task = self.env["collab.project.template.task"].with_user(self.coordinator)
        departments = (self.sales | self.product | self.logistics).ids
        phases = Task.create([{"template_id": template.id, "name": f"Phase {n}", "sequence": n} for n in range(3)])
        children = Task.create(
            [
                {
                    "template_id": template.id,
                    "parent_id": phase.id,
                    "name": f"Task {phase.sequence}.{n}",
                    "sequence": n,
                    "department_id": departments[n % 3],
                    "duration_days": 1 + n % 4,
                }
                for phase in phases
                for n in range(9)
            ]
        )
        for previous, task in pairwise(children):
            task.predecessor_ids = previous
        self.assertEqual(len(template.task_ids), 30)
        project = self.env["project.project"].create(
            {
                "name": "Thirty",
                "allow_task_dependencies": True,
                "date_start": date(2026, 9, 28),
                "date": date(2026, 12, 31),
            }
        )
        project.env.invalidate_all()
        with self.assertQueryCount(700):  # measured: 555
            tasks = project._collab_apply_template(template)
        self.assertEqual(len(tasks), 30)
        self.assertEqual(len(project.member_ids), 3)
        self.assertEqual(tasks.filtered(lambda t: t.name == "Task 0.0").date_planned_start, date(2026, 9, 28))


class TestProjectTemplateStranger(CollabCase):
    def test_plain_user_without_a_project_cannot_create_a_template(self):
        user = new_test_user(self.env, "t_tpl_user", groups=GROUP_USER)
        with self.assertRaisesRegex(AccessError, "Only the coordinator and project leads can create project templates"):
            self.env["collab.project.template"].with_user(user).create({"name": "Mine"})
