"""The project library and the project group in the browser, in 简体中文: the project lead uploads a
design from the project (desktop), a task owner uploads its next version (desktop), and the lead
reads the group's post about it on a phone (390×844).
``COLLAB_SCREENSHOTS=1`` saves docs/screenshots/library_*.png."""

from odoo.tests import HttpCase, tagged

from .common import load_languages
from .screenshots import tour_screenshots


@tagged("post_install", "-at_install")
class TestLibraryInTheBrowser(HttpCase):
    def test_lead_uploads_member_versions_lead_reads_the_group_on_a_phone(self):
        load_languages(self.env)
        ref = self.env.ref
        project = ref("cross_dept_collab.project_smartwatch")
        lead, member = ref("cross_dept_collab.user_mkt_head"), ref("cross_dept_collab.user_rd_user1")
        (lead | member).write({"lang": "zh_CN"})
        # a Chinese company: the group's posts are written in its language
        (project.company_id or self.env.company).partner_id.lang = "zh_CN"
        self.assertIn(member, project.tasks.user_ids, "the member owns a task of the plan")
        Document = self.env["collab.document"]
        with tour_screenshots():
            self.start_tour(f"/odoo/project.project/{project.id}", "collab_library_lead_uploads_tour", login="mkt_head")
            document = Document.search([("project_id", "=", project.id), ("name", "=", "电池续航设计方案")])
            self.assertEqual(document.category_id, ref("cross_dept_collab.collab_document_category_design"))
            self.assertEqual((document.version_number, document.updated_by_id), (1, lead))
            self.start_tour(
                f"/odoo/collab.document/{document.id}", "collab_library_member_uploads_version_tour", login="rd_user1"
            )
            self.assertEqual(document.version_ids.sorted("number").mapped("number"), [1, 2])
            self.assertEqual(document.updated_by_id, member)
            first = document.version_ids.filtered(lambda v: v.number == 1)
            self.assertEqual(first.attachment_id.with_user(lead).raw.decode(), "电池续航设计方案 第一稿")
            post = project.collab_channel_id.message_ids.filtered(lambda m: "5000mAh" in str(m.body))
            self.assertEqual(post.partner_ids, lead.partner_id)
            self.assertIn("刘洋 Liu Yang 上传了电池续航设计方案（设计方案）的新版本 v2", str(post.body))
            self.browser_size = "390x844"
            self.touch_enabled = True
            self.start_tour(
                f"/odoo/project.project/{project.id}", "collab_library_lead_reads_the_group_tour", login="mkt_head"
            )
