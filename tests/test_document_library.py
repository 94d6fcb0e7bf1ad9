"""The project library: documents by category, every version kept, read by exactly the project's
readers and uploaded to by its team; the workflow files deliverables, minutes and the charter."""

import base64
import threading
import uuid
from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import GROUP_USER, PlanCase

START = datetime(2020, 4, 1, 8, 0, 0)
DELIVERABLES = "cross_dept_collab.collab_document_category_deliverables"
MINUTES = "cross_dept_collab.collab_document_category_minutes"
DESIGN = "cross_dept_collab.collab_document_category_design"
PLAN = "cross_dept_collab.collab_document_category_plan"


def b64(text):
    return base64.b64encode(text.encode())


class LibraryCase(PlanCase):
    def setUp(self):
        super().setUp()
        self.freeze_clock(START)
        self.project = self.make_project()
        self.prototype = self.make_task(
            self.project,
            "Prototype",
            date(2020, 4, 1),
            date(2020, 4, 10),
            collab_department_id=self.dept_rd.id,
            user_ids=[Command.set(self.rd_user.ids)],
            deliverable="Working prototype",
            acceptance_standard="Battery >= 7 days",
        )
        self.design = self.env.ref(DESIGN)
        self.outsider = new_test_user(self.env, "t_doc_outsider", groups=GROUP_USER, name="Outsider")
        self.abroad_company = self.env["res.company"].create({"name": "T Abroad company"})
        self.abroad = new_test_user(
            self.env,
            "t_doc_abroad",
            groups=GROUP_USER,
            name="Abroad",
            company_id=self.abroad_company.id,
            company_ids=[Command.set(self.abroad_company.ids)],
        )

    def upload(self, user, name="Battery design", text="v1", comment=None, category=None):
        """``user`` uploads a file from the library's New form."""
        return (
            self.env["collab.document"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "project_id": self.project.id,
                    "category_id": (category or self.design).id,
                    "task_ids": [Command.set(self.prototype.ids)],
                    "upload_datas": b64(text),
                    "upload_file_name": f"{name}.txt",
                    "upload_comment": comment,
                }
            )
        )

    def upload_version(self, document, user, text, comment="next"):
        """``user`` uses the document's "Upload New Version" dialog."""
        action = document.with_user(user).action_upload_version()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(action["context"])
            .create({"datas": b64(text), "file_name": "design.txt", "comment": comment})
        )
        wizard.action_confirm()
        return document.current_version_id


class TestLibraryVersions(LibraryCase):
    def test_member_uploads_and_a_second_upload_is_version_2_keeping_version_1(self):
        document = self.upload(self.rd_user, comment="First draft")
        self.assertEqual(document.version_number, 1)
        self.assertEqual(document.current_version_id.create_uid, self.rd_user, "who uploaded is kept")
        self.assertEqual(document.mimetype, "text/plain")
        # the same name and category from the New form: version 2 of that document, not a second one
        again = self.upload(self.sales_head, text="v2")
        self.assertEqual(again, document)
        self.assertEqual(self.env["collab.document"].search_count([("project_id", "=", self.project.id)]), 1)
        self.assertEqual(document.version_ids.sorted("number").mapped("number"), [1, 2])
        self.assertEqual(base64.b64decode(document.datas), b"v2", "the current version is what people open")
        # the dialog makes version 3
        third = self.upload_version(document, self.rd_user, "v3", "Reviewed")
        self.assertEqual((third.number, third.comment), (3, "Reviewed"))
        # version 1 still there and downloadable by a member
        first = document.version_ids.filtered(lambda v: v.number == 1)
        self.assertEqual(base64.b64decode(first.attachment_id.with_user(self.rd_head).datas), b"v1")
        self.assertEqual(first.with_user(self.rd_head).action_download()["type"], "ir.actions.act_url")
        record = (
            self.env["ir.binary"]
            .with_user(self.rd_head)
            ._find_record(res_model="collab.document.version", res_id=first.id)
        )
        self.assertEqual(record, first)

    def test_a_version_cannot_be_rewritten(self):
        document = self.upload(self.rd_user)
        version = document.current_version_id
        with self.assertRaisesRegex(UserError, "Version of Document Version change only through its buttons"):
            version.with_user(self.rd_user).write({"number": 7})
        with self.assertRaisesRegex(AccessError, "not allowed to modify 'Document Version'"):
            version.with_user(self.rd_user).write({"comment": "rewritten"})
        with self.assertRaisesRegex(UserError, "Document, Version, File Name of Document Version change only"):
            self.env["collab.document.version"].with_user(self.rd_user).create(
                {"document_id": document.id, "number": 2, "file_name": "x"}
            )
        # the coordinator neither: the number and the file belong to the library
        with self.assertRaisesRegex(UserError, "Attachment of Document Version change only through its buttons"):
            version.with_user(self.coordinator).write({"attachment_id": False})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            document.with_user(self.rd_user).write({"project_id": self.make_project().id})
        # nor its file through the attachment
        with self.assertRaisesRegex(
            AccessError,
            r"not allowed to modify 'Document Version' \(collab.document.version\) records.\n\nNo group currently allows",
        ):
            version.attachment_id.with_user(self.rd_user).write({"raw": b"forged"})
        self.assertEqual(base64.b64decode(document.datas), b"v1")

    def test_the_database_refuses_two_versions_of_one_number(self):
        document = self.upload(self.rd_user)
        with (
            self.assertRaisesRegex(IntegrityError, "collab_document_version_document_number_unique"),
            self.cr.savepoint(),
        ):
            self.env["collab.document.version"].create({"document_id": document.id, "number": 1, "file_name": "dup"})


class TestLibraryAccess(LibraryCase):
    def test_readers_are_exactly_the_projects_readers(self):
        document = self.upload(self.rd_user)
        version = document.current_version_id
        users = (
            self.mkt_head
            | self.mkt_user
            | self.rd_head
            | self.rd_user
            | self.sales_head
            | self.sales_user
            | self.coordinator
            | self.sponsor
            | self.outsider
            | self.abroad
        )
        readers = set()
        for user in users:
            reads_project = self.project.with_user(user).has_access("read")
            reads_document = bool(self.env["collab.document"].with_user(user).search([("id", "=", document.id)]))
            self.assertEqual(reads_document, reads_project, user.name)
            self.assertEqual(version.with_user(user).has_access("read"), reads_project, user.name)
            self.env.invalidate_all()  # the file read as in a request of its own
            try:
                reads_file = bool(version.attachment_id.with_user(user).raw)
            except AccessError as refusal:
                self.assertRegex(str(refusal), "doesn't have 'read' access to:\n- Attachment", user.name)
                reads_file = False
            self.assertEqual(reads_file, reads_project, user.name)
            if reads_project:
                readers.add(user.login)
        # the people of the project read it; the outsider and the other company do not
        self.assertTrue({"t_mkt_head", "t_rd_user", "t_sales_head", "t_coord"} <= readers, readers)
        self.assertFalse({"t_doc_outsider", "t_doc_abroad"} & readers)

    def assert_refused(self, user, document):
        version = document.current_version_id
        attachment = version.attachment_id
        self.assertFalse(self.env["collab.document"].with_user(user).search([("project_id", "=", self.project.id)]))
        self.assertFalse(
            self.env["collab.document.version"].with_user(user).search([("document_id", "=", document.id)])
        )
        self.assertFalse(self.env["ir.attachment"].with_user(user).search([("id", "=", attachment.id)]))
        # as in a request of its own: nothing of the library in memory
        self.env.invalidate_all()
        with self.assertRaisesRegex(AccessError, "doesn't have 'read' access to:\n- Project Document"):
            document.with_user(user).read(["name"])
        with self.assertRaisesRegex(AccessError, "doesn't have 'read' access to:\n- Attachment"):
            attachment.with_user(user).read(["datas"])
        with self.assertRaisesRegex(AccessError, "doesn't have 'read' access to:\n- Document Version"):
            attachment.with_user(user).check("read")
        # what /web/content looks up, by the attachment or by the version's file
        Binary = self.env["ir.binary"].with_user(user)
        with self.assertRaisesRegex(AccessError, "doesn't have 'read' access to:\n- Attachment"):
            Binary._record_to_stream(Binary._find_record(res_id=attachment.id), "raw")
        with self.assertRaisesRegex(AccessError, "doesn't have 'read' access to:\n- Document Version"):
            self.env["ir.binary"].with_user(user)._find_record(res_model=version._name, res_id=version.id)
        with self.assertRaisesRegex(AccessError, "doesn't have 'read' access to:\n- Project Document"):
            self.upload_version(document, user, "forged")

    def test_an_employee_outside_the_project_neither_reads_nor_downloads(self):
        document = self.upload(self.rd_user)
        self.assertFalse(self.project.with_user(self.outsider).has_access("read"))
        self.assert_refused(self.outsider, document)

    def test_another_companys_user_neither(self):
        document = self.upload(self.rd_user)
        self.assert_refused(self.abroad, document)

    def test_a_reader_outside_the_team_reads_but_does_not_upload(self):
        document = self.upload(self.rd_user)
        # a colleague following the project reads it (Odoo's project rule) but is not its team
        follower = new_test_user(self.env, "t_doc_follower", groups=GROUP_USER, name="Follower")
        self.project.message_subscribe(partner_ids=follower.partner_id.ids)
        self.env.invalidate_all()
        self.assertTrue(self.project.with_user(follower).has_access("read"))
        self.assertEqual(document.with_user(follower).name, "Battery design")
        self.assertFalse(document.with_user(follower).can_upload)
        self.assertTrue(document.with_user(self.rd_user).can_upload)
        # the write rule is the team's: lead, lead department's head, liaisons, module owners, task owners
        with self.assertRaisesRegex(
            AccessError, "Only the project's team .* add documents and versions to its library"
        ):
            self.upload_version(document, follower, "v2")
        with self.assertRaisesRegex(AccessError, "doesn't have 'write' access to:\n- Project Document"):
            document.with_user(follower).write({"name": "Renamed"})
        with self.assertRaisesRegex(
            AccessError, "Only the project's team .* add documents and versions to its library"
        ):
            self.upload(follower, name="Follower's notes")
        self.assertEqual((document.name, document.version_number), ("Battery design", 1))

    def test_a_document_is_tagged_only_with_its_projects_tasks(self):
        document = self.upload(self.rd_user)
        other = self.make_project()
        foreign = self.make_task(other, "Other project's task", date(2020, 4, 1), date(2020, 4, 3))
        # as over RPC, the refused write is rolled back
        with self.env.cr.savepoint(), self.assertRaisesRegex(ValidationError, "can only be tagged with tasks of its"):
            document.with_user(self.rd_user).write({"task_ids": [Command.link(foreign.id)]})
        self.env.invalidate_all()
        self.assertEqual(document.task_ids, self.prototype)

    def test_only_the_coordinator_edits_categories(self):
        with self.assertRaisesRegex(AccessError, "not allowed to create 'Document Category'"):
            self.env["collab.document.category"].with_user(self.mkt_head).create({"name": "Budgets"})
        category = self.env["collab.document.category"].with_user(self.coordinator).create({"name": "Budgets"})
        self.assertIn(category, self.env["collab.document.category"].with_user(self.rd_user).search([]))


class TestLibraryFiling(LibraryCase):
    def attach(self, task, user, text, name="prototype.pdf"):
        """The owner attaches the deliverable's file to the task (the chatter's paperclip)."""
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": name, "raw": text.encode(), "res_model": "project.task", "res_id": task.id})
        )

    def submit(self, task):
        task.with_user(task.user_ids[:1]).action_submit_for_acceptance()
        return task.acceptance_ids.sorted("round")[-1]

    def test_the_accepted_version_stays_the_one_shown_on_the_acceptance(self):
        self.attach(self.prototype, self.rd_user, "prototype 1")
        first = self.submit(self.prototype)
        document = first.document_version_id.document_id
        self.assertEqual(document.category_id, self.env.ref(DELIVERABLES))
        self.assertEqual(document.task_ids, self.prototype)
        self.assertEqual((document.name, first.document_version_id.number), ("Working prototype", 1))
        first.with_user(self.mkt_head).action_fail("Battery too weak", date(2020, 4, 20))
        # the rework: a new file, submitted again — version 2, judged by round 2
        self.attach(self.prototype, self.rd_user, "prototype 2", name="prototype-v2.pdf")
        second = self.submit(self.prototype)
        self.assertEqual(second.document_version_id.number, 2)
        second.with_user(self.mkt_head).action_pass("OK")
        # a later version 3 changes neither round
        self.upload_version(document, self.rd_user, "prototype 3")
        self.assertEqual(document.version_number, 3)
        self.assertEqual(first.with_user(self.mkt_head).document_version_id.number, 1)
        self.assertEqual(second.with_user(self.mkt_head).document_version_id.number, 2)
        self.assertEqual(base64.b64decode(second.document_version_id.datas), b"prototype 2")
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            second.with_user(self.coordinator).write({"document_version_id": document.current_version_id.id})
        # the dossier lists the library and the version each round judged
        html = self.env["ir.actions.report"]._render_qweb_html(
            "cross_dept_collab.action_report_collab_dossier", self.project.collab_request_id.ids
        )[0]
        html = html.decode() if isinstance(html, bytes) else str(html)
        self.assertIn("Project Library", html)
        self.assertIn("Version judged: v2 (prototype-v2.pdf)", html)
        self.assertIn("Version judged: v1 (prototype.pdf)", html)

    def test_resubmitting_the_same_file_files_no_new_version(self):
        self.attach(self.prototype, self.rd_user, "prototype 1")
        first = self.submit(self.prototype)
        first.with_user(self.mkt_head).action_fail("Explain the test", date(2020, 4, 20))
        second = self.submit(self.prototype)
        self.assertEqual(second.document_version_id, first.document_version_id)

    def test_a_deliverable_without_a_file_files_nothing(self):
        acceptance = self.submit(self.prototype)
        self.assertFalse(acceptance.document_version_id)
        self.assertFalse(self.project.collab_document_ids)

    def test_distributed_minutes_are_filed_under_minutes(self):
        meeting = (
            self.env["collab.meeting"]
            .with_user(self.mkt_head)
            .create(
                {
                    "name": "Kick-off",
                    "project_id": self.project.id,
                    "kind": "weekly",
                    "date": START,
                    "attendee_ids": [Command.set((self.rd_head | self.sales_head).ids)],
                    "minutes": "<p>Battery module is the open issue.</p>",
                }
            )
        )
        self.assertFalse(self.project.collab_document_ids)
        meeting.with_user(self.mkt_head).action_distribute()
        document = self.project.collab_document_ids
        self.assertEqual(len(document), 1)
        self.assertEqual(document.category_id, self.env.ref(MINUTES))
        self.assertIn("Kick-off", document.name)
        self.assertIn(b"Battery module is the open issue.", base64.b64decode(document.datas))
        self.assertEqual(document.current_version_id.create_uid, self.mkt_head)
        # the attendees read it, the outsider does not
        self.assertTrue(document.with_user(self.sales_head).datas)
        self.assertFalse(self.env["collab.document"].with_user(self.outsider).search([("id", "=", document.id)]))

    def test_the_signed_charter_is_filed_under_plan(self):
        self.project.with_user(self.mkt_head).action_request_charter_signoff()
        signoffs = self.project.signoff_ids.filtered(lambda s: s.kind == "charter")
        for signoff in signoffs:
            self.assertFalse(self.project.collab_document_ids)
            signoff.with_user(signoff.user_id).action_sign()
        self.assertEqual(self.project.charter_state, "confirmed")
        document = self.project.collab_document_ids
        self.assertEqual((document.name, document.category_id), ("Project Charter", self.env.ref(PLAN)))
        self.assertIn(self.project.name.encode(), base64.b64decode(document.datas))

    def test_smart_button_opens_the_projects_library(self):
        self.upload(self.rd_user)
        project = self.project.with_user(self.rd_user)
        self.assertEqual(project.collab_document_count, 1)
        action = project.action_open_collab_documents()
        self.assertEqual(action["context"]["default_project_id"], self.project.id)
        self.assertEqual(self.env["collab.document"].with_user(self.rd_user).search(action["domain"]).version_number, 1)


class TestSimultaneousUploads(TransactionCase):
    """Two team members upload a version of one document at the same instant, each in their own
    transaction: two numbers, never the same one."""

    def setUp(self):
        super().setUp()
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.lead = new_test_user(env, f"doc_lead_{tag}", groups=GROUP_USER).id
            self.owner = new_test_user(env, f"doc_owner_{tag}", groups=GROUP_USER).id
            project = env["project.project"].create({"name": f"Library {tag}", "user_id": self.lead})
            env["project.task"].create(
                {"name": "Task", "project_id": project.id, "user_ids": [Command.set([self.owner])]}
            )
            self.project_id = project.id
            self.document_id = env["collab.document"].create({"name": "Plan", "project_id": project.id}).id
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT attachment_id FROM collab_document_version WHERE document_id = %s AND attachment_id IS NOT NULL",
                (self.document_id,),
            )
            attachment_ids = tuple(row[0] for row in cr.fetchall())
            cr.execute("DELETE FROM collab_document WHERE id = %s", (self.document_id,))
            if attachment_ids:
                cr.execute("DELETE FROM ir_attachment WHERE id IN %s", (attachment_ids,))
            cr.execute("DELETE FROM project_task WHERE project_id = %s", (self.project_id,))
            for table, column in (("mail_message", "model"), ("mail_followers", "res_model")):
                cr.execute(
                    f"DELETE FROM {table} WHERE {column} = 'project.project' AND res_id = %s",
                    (self.project_id,),
                )
            cr.execute("DELETE FROM project_project WHERE id = %s", (self.project_id,))

    def test_two_simultaneous_uploads_get_two_numbers(self):
        barrier = threading.Barrier(2)
        errors = []

        def run(uid, text):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, uid, {})
                    cr.execute("SELECT 1")  # the snapshot is taken before either upload ran
                    barrier.wait(timeout=30)
                    document = env["collab.document"].browse(self.document_id)
                    retrying(lambda: document._collab_upload(b64(text), f"{text}.txt"), env)
            except Exception as exc:  # reported below
                errors.append(repr(exc))

        threads = [threading.Thread(target=run, args=args) for args in ((self.lead, "a"), (self.owner, "b"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            document = env["collab.document"].browse(self.document_id)
            self.assertEqual(sorted(document.version_ids.mapped("number")), [1, 2])
            self.assertEqual(document.version_number, 2)
            self.assertEqual(len(document.version_ids.attachment_id), 2)


@tagged("post_install", "-at_install")
class TestLibraryDownloadOverHttp(HttpCase):
    """/web/content serves a version's file to the project's readers only."""

    def test_web_content_refuses_an_outsider(self):
        lead = new_test_user(self.env, "t_doc_http_lead", groups=GROUP_USER)
        outsider = new_test_user(self.env, "t_doc_http_outsider", groups=GROUP_USER)
        project = self.env["project.project"].create(
            {"name": "Library over HTTP", "user_id": lead.id, "privacy_visibility": "followers"}
        )
        document = (
            self.env["collab.document"]
            .with_user(lead)
            .create({"name": "Spec", "project_id": project.id, "upload_datas": b64("secret spec")})
        )
        version = document.current_version_id
        urls = (
            f"/web/content/{version.attachment_id.id}?download=true",
            f"/web/content/collab.document.version/{version.id}/datas",
        )
        self.authenticate(lead.login, lead.login)
        for url in urls:
            response = self.url_open(url)
            self.assertEqual((response.status_code, response.content), (200, b"secret spec"), url)
        self.authenticate(outsider.login, outsider.login)
        for url in urls:
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(b"secret spec", response.content, url)
