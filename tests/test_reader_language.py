"""Every sentence a person receives is in that person's language.

A request is played through by its people — an initiator in Traditional Chinese, R&D and the
sponsor in Simplified Chinese, Sales, the coordinator and the lead department's head in English —
and then, for each of them, every activity assigned to them and every message they were notified of
(inbox and mail alike) is read as they read it. Names of people, departments and records are data
and may be in any language; every other word must be in the reader's language.
"""

import html
import re

from .common import RequestCase, load_languages

CJK = re.compile(r"[\u3400-\u9fff]")
# characters that exist in one script only (the most common of each pair)
SIMPLIFIED_ONLY = set(
    "门审协动务为个们与来这对时会过还说将请关项发开处问题变计划认确见议导责负资馈决签转办达点击预险验复盘档"
    "归据进级经员设选择输页联络间业产销运营总结报单节终记录网统数无显执标准质证书启实现场论讨东车库气电话语词"
    "译读写应该长万亿币额费购买卖财务议让认识发现"
)
TRADITIONAL_ONLY = set(
    "門審協動務為個們與來這對時會過還說將請關項發開處問題變計劃認確見議導責負資饋決簽轉辦達點擊預險驗復盤檔"
    "歸據進級經員設選擇輸頁聯絡間業產銷運營總結報單節終記錄網統數無顯執標準質證書啟實現場論討東車庫氣電話語詞"
    "譯讀寫應該長萬億幣額費購買賣財務讓識"
)
# words Chinese texts use as they are
LATIN_IN_CHINESE = {"PMO", "WBS", "PDF", "Excel", "CC", "SLA", "ID", "Odoo", "RPC"}
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[\s,:;]+[A-Za-z][A-Za-z'’-]+){2,}")


def plain(text):
    text = re.sub(r"<[^>]+>", " ", str(text or ""))
    return html.unescape(text)


def foreign_sentences(text, lang, data):
    """The parts of ``text`` that are not in ``lang`` once the data in it (``data``) is taken out."""
    for value in data:
        text = text.replace(value, " ")
    text = re.sub(r"\b[A-Z]{2,6}-\d[\d-]*\b", " ", text)  # record numbers
    problems = []
    if lang == "en_US":
        problems += [m.group(0) for m in re.finditer(r"[^\x00-\x7f\u2000-\u206f]*" + CJK.pattern + r"[^\n.]*", text)]
    else:
        wrong = SIMPLIFIED_ONLY if lang == "zh_TW" else TRADITIONAL_ONLY
        problems += [ch for ch in text if ch in wrong]
        for run in ENGLISH_RUN.finditer(text):
            words = [w for w in re.split(r"[\s,:;]+", run.group(0)) if w not in LATIN_IN_CHINESE]
            if len(words) >= 3:
                problems.append(run.group(0))
    return problems


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

    def data_strings(self):
        env = self.env
        values = set()
        for model, fnames in (
            ("res.users", ["name"]),
            ("res.partner", ["name"]),
            ("hr.department", ["name", "complete_name"]),
            ("collab.request", ["title", "background", "goal", "scope", "display_name", "name"]),
            ("collab.request.line", ["description"]),
            ("project.project", ["name", "display_name"]),
            ("project.task", ["name"]),
            ("res.company", ["name"]),
        ):
            for record in env[model].with_context(active_test=False).search([]):
                for fname in fnames:
                    value = record[fname]
                    if isinstance(value, str) and value.strip():
                        values.add(value.strip())
        values |= set(self.typed)
        return sorted(values, key=len, reverse=True)

    def received(self, user):
        """What ``user`` reads: their activities and the messages they were notified of."""
        env = self.env(user=user, context={"lang": self.langs[user]})
        texts = []
        for activity in env["mail.activity"].search([("user_id", "=", user.id)]):
            texts += [
                ("activity summary", activity.summary),
                ("activity type", activity.activity_type_id.name),
                ("activity note", plain(activity.note)),
            ]
        notified = self.env["mail.notification"].search([("res_partner_id", "=", user.partner_id.id)]).mail_message_id
        for message in notified:
            texts += [("message subject", message.subject), ("message", plain(message.body))]
        return [(kind, text) for kind, text in texts if text and str(text).strip()]

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

        data = self.data_strings()
        wrong = []
        for user, lang in self.langs.items():
            for kind, text in self.received(user):
                for problem in foreign_sentences(str(text), lang, data):
                    wrong.append(f"{user.login} ({lang}) {kind}: {problem!r} in {str(text)[:160]!r}")
        self.assertFalse(wrong, "texts in another language than the reader's:\n" + "\n".join(sorted(set(wrong))))
