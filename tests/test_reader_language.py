"""Every sentence a person receives is in that person's language.

A request is played through by its people — an initiator in Traditional Chinese, R&D and the
sponsor in Simplified Chinese, Sales, the coordinator and the lead department's head in English —
and then, for each of them, every activity assigned to them and every message they were notified of
(inbox and mail alike) is read as they read it. Names of people, departments and records are data
and may be in any language; every other word must be in the reader's language.
"""

from .common import RequestCase, load_languages
from .reading import wrong_language


class TestReaderLanguage(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's own mails (activity assigned, task assigned) are read too: load their terms as well
        load_languages(cls.env, ("zh_CN", "zh_TW"), ("base", "mail", "hr", "project", "cross_dept_collab"))
        cls.langs = {
            cls.mkt_user: "zh_TW",  # the initiator
            cls.mkt_head: "en_US",  # the lead department's head
            cls.rd_head: "zh_CN",
            cls.rd_user: "zh_CN",
            cls.sales_head: "en_US",
            cls.sales_user: "en_US",
            cls.coordinator: "en_US",
            cls.sponsor: "zh_CN",
        }
        for user, lang in cls.langs.items():
            user.lang = lang
        # the departments are named in both languages, as Chinese companies do: data, not text
        cls.dept_rd.name = "R&D 研发部"
        cls.dept_sales.name = "Sales 銷售部"

    def test_each_person_reads_their_language(self):
        self.typed = [
            "Add the ticket SLA fields",  # feedback typed by people: their words, any language
            "请补充接口文档",
            "Scope too wide",
            "Please decide today",
        ]
        request = self.make_request(title="工單系統升級 Ticket system upgrade")
        request.with_user(self.mkt_user).action_submit(cc_user_ids=self.sales_user.ids)
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        request.with_user(self.mkt_head).action_confirm_lead()
        request.with_user(self.mkt_user).action_urge(note="Please decide today")
        rd, sales = self.approval_of(request, self.dept_rd), self.approval_of(request, self.dept_sales)
        rd.with_user(self.rd_head).action_request_changes(feedback="请补充接口文档")
        sales.with_user(self.sales_head).action_approve(feedback="Add the ticket SLA fields")
        request.with_user(self.coordinator).action_restart_review(reason="Scope too wide")
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        request.with_user(self.sponsor).action_sponsor_approve()
        self.assertEqual(request.state, "approved")
        self.env.flush_all()

        wrong = wrong_language(self.env, self.langs, self.typed)
        self.assertFalse(wrong, "texts in another language than the reader's:\n" + "\n".join(wrong))
