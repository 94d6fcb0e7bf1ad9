"""Reading a person's texts as they read them: what they received (activities, notified messages
and mails) and the sentences in it that are not in their language. Names of people, departments
and records are data and may be in any language; every other word must be in the reader's."""

import html
import re

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


def data_strings(env, typed=()):
    """The data the texts may quote in any language (names, titles, numbers), longest first, and
    what people ``typed`` (their own words)."""
    values = set()
    for model, fnames in (
        ("res.users", ["name"]),
        ("res.partner", ["name"]),
        ("hr.department", ["name", "complete_name"]),
        ("collab.request", ["title", "background", "goal", "scope", "display_name", "name"]),
        ("collab.request.line", ["description"]),
        ("project.project", ["name", "display_name"]),
        ("project.task", ["name", "deliverable", "acceptance_standard"]),
        ("project.milestone", ["name"]),
        ("collab.risk", ["name"]),
        ("collab.meeting", ["name"]),
        ("res.company", ["name"]),
    ):
        if model not in env:
            continue
        for record in env[model].sudo().with_context(active_test=False).search([]):
            for fname in fnames:
                value = record[fname] if fname in record._fields else None
                if isinstance(value, str) and value.strip():
                    values.add(value.strip())
    values |= set(typed)
    return sorted(values, key=len, reverse=True)


def watermark(env):
    """The last activity and message ids: what a story adds comes after them."""
    env.cr.execute("SELECT (SELECT max(id) FROM mail_activity), (SELECT max(id) FROM mail_message)")
    activity_id, message_id = env.cr.fetchone()
    return {"activity": activity_id or 0, "message": message_id or 0}


def received(env, user, lang, since=None):
    """What ``user`` reads: their activities and the messages they were notified of (inbox and
    mail), rendered in ``lang``; only what came after ``since`` (a :func:`watermark`) if given.
    ``[(kind, text, the language it must be in)]``: ``lang``, but the company's for the posts of a
    project group (one message for all its members)."""
    since = since or {"activity": 0, "message": 0}
    env = env(user=user, context={"lang": lang})
    texts = []
    for activity in env["mail.activity"].search([("user_id", "=", user.id), ("id", ">", since["activity"])]):
        texts += [
            ("activity summary", activity.summary, lang),
            ("activity type", activity.activity_type_id.name, lang),
            ("activity note", plain(activity.note), lang),
        ]
    notified = (
        env["mail.notification"]
        .sudo()
        .search([("res_partner_id", "=", user.partner_id.id), ("mail_message_id", ">", since["message"])])
        .mail_message_id
    )
    # a project group's posts are one message for all its members, in the company's language
    groups = {
        project.collab_channel_id.id: (project.company_id or env.company)._collab_lang()
        for project in env["project.project"].sudo().search([("collab_channel_id", "!=", False)])
    }
    for message in notified:
        written_in = groups.get(message.res_id, lang) if message.model == "discuss.channel" else lang
        texts += [
            ("message subject", message.subject, written_in),
            ("group post" if written_in != lang else "message", plain(message.body), written_in),
        ]
    return [(kind, text, in_lang) for kind, text, in_lang in texts if text and str(text).strip()]


def wrong_language(env, langs, typed=(), since=None):
    """Every sentence a person of ``langs`` ({user: lang}) received (after ``since``) in another
    language."""
    data = data_strings(env, typed)
    wrong = []
    for user, lang in langs.items():
        for kind, text, written_in in received(env, user, lang, since):
            for problem in foreign_sentences(str(text), written_in, data):
                wrong.append(f"{user.login} ({lang}) {kind}: {problem!r} in {str(text)[:160]!r}")
    return sorted(set(wrong))
