from datetime import datetime, timedelta

from freezegun import freeze_time

from .common import RequestCase, load_languages

START = datetime(2020, 6, 1, 9, 0, 0)


class TestReminderLanguage(RequestCase):
    """Reminders are rendered from mail templates in each recipient's own language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ("zh_CN", "zh_TW"))

    def _reminder_bodies(self, approval, user):
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "collab.approval"),
                ("res_id", "=", approval.id),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )
        return " ".join(str(m.body) for m in messages if m.subtype_id == self.env.ref("mail.mt_note"))

    def test_each_approver_reads_the_reminder_in_their_language(self):
        self.rd_head.lang = "zh_CN"
        self.sales_head.lang = "zh_TW"
        with freeze_time(START):
            request = self.make_request()
            self.bring_to_review(request)
        with freeze_time(START + timedelta(hours=49)):
            self.env["collab.reminder.engine"].run_batch()
        rd_body = self._reminder_bodies(self.approval_of(request, self.dept_rd), self.rd_head)
        sales_body = self._reminder_bodies(self.approval_of(request, self.dept_sales), self.sales_head)
        self.assertIn("提醒", rd_body)
        self.assertNotIn("Reminder:", rd_body)
        self.assertIn("提醒", sales_body)
        self.assertNotEqual(rd_body, sales_body, "Simplified and Traditional Chinese texts differ")

    def test_labels_exist_in_both_chinese_variants(self):
        for code in ("zh_CN", "zh_TW"):
            labels = dict(
                self.env["collab.request"]
                .with_context(lang=code)
                ._fields["state"]
                ._description_selection(self.env["collab.request"].with_context(lang=code).env)
            )
            self.assertNotEqual(labels["department_review"], "Department Review", code)
