import logging
from collections import defaultdict
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_date, html_sanitize

_logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReminderRule:
    """A timed rule of the product, declared by the model it watches.

    :param code: stable identifier, stored in the reminder log
    :param domain: which records the rule watches (an ORM domain, evaluated in SQL)
    :param moment: SQL expression of the due moment over the model's table (alias given by
        ``SQL.identifier(table, column)``); records are due once this moment has passed
    :param handler: name of the model method called with the due records and the rule
    :param due_domain: optional ``now -> domain`` narrowing the candidates with indexed columns
        (the moment expression itself cannot use an index); it must keep every due record
    """

    code: str
    model: str
    domain: list
    moment: SQL
    handler: str
    due_domain: Callable[[datetime], list] | None = field(default=None, compare=False)


class CollabReminderEngine(models.AbstractModel):
    """The one scheduled engine behind every timed rule (reminders, escalations, chases).

    Models declare rules with ``_collab_reminder_rules()``; the engine finds due records with one
    set-based query per rule, claims them in ``collab.reminder.log`` and lets the model act.
    """

    _name = "collab.reminder.engine"
    _description = "Collaboration reminder engine"

    BATCH_SIZE = 500

    @api.model
    def _rules(self):
        rules = []
        for model_name in self._reminder_models():
            rules.extend(self.env[model_name]._collab_reminder_rules())
        return rules

    @api.model
    def _reminder_models(self):
        return [
            name
            for name, model in self.env.registry.items()
            if not model._abstract and hasattr(model, "_collab_reminder_rules")
        ]

    def _due_query(self, rule, now, limit=None, count=False):
        Model = self.env[rule.model]
        table = Model._table
        query = Model._search(rule.domain + (rule.due_domain(now) if rule.due_domain else []))
        not_logged = SQL(
            """NOT EXISTS (
                SELECT 1 FROM collab_reminder_log log
                 WHERE log.res_model = %(model)s AND log.res_id = %(id)s
                   AND log.rule = %(rule)s AND log.due_moment = %(moment)s)""",
            model=rule.model,
            id=SQL.identifier(table, "id"),
            rule=rule.code,
            moment=rule.moment,
        )
        query.add_where(SQL("%s <= %s", rule.moment, now))
        query.add_where(not_logged)
        if count:
            return query.select(SQL("COUNT(*)"))
        query.order = SQL("%s, %s", rule.moment, SQL.identifier(table, "id"))
        query.limit = limit
        return query.select(SQL.identifier(table, "id"), SQL("%s AS due_moment", rule.moment))

    def _claim(self, rule, rows):
        """Insert log rows for ``rows`` [(id, moment)]; return ``{record_id: log_id}`` of the
        events this transaction now owns (a concurrent or earlier run keeps the others)."""
        if not rows:
            return {}
        now = self.env.cr.now()
        values = SQL(", ").join(
            SQL("(%s, %s, %s, %s, %s)", rule.model, rid, rule.code, moment, now) for rid, moment in rows
        )
        self.env.cr.execute(
            SQL(
                """INSERT INTO collab_reminder_log (res_model, res_id, rule, due_moment, date_sent)
                   VALUES %s ON CONFLICT (res_model, res_id, rule, due_moment) DO NOTHING
                   RETURNING res_id, id""",
                values,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _run_rule(self, rule, now, limit):
        self.env.cr.execute(self._due_query(rule, now, limit=limit))
        claimed = self._claim(rule, self.env.cr.fetchall())
        if not claimed:
            return 0
        records = self.env[rule.model].browse(list(claimed))
        recipients = getattr(records, rule.handler)(rule) or {}
        pairs = [(claimed[rid], uid) for rid, users in recipients.items() if rid in claimed for uid in users.ids]
        if pairs:
            self.env.cr.execute(
                SQL(
                    """INSERT INTO collab_reminder_log_res_users_rel (collab_reminder_log_id, res_users_id)
                       VALUES %s ON CONFLICT DO NOTHING""",
                    SQL(", ").join(SQL("(%s, %s)", log_id, uid) for log_id, uid in pairs),
                )
            )
        return len(claimed)

    @api.private
    @api.model
    def _refresh_date_statuses(self):
        """Stored statuses that depend on today's date (a task turning delayed and red) are kept
        right here, for every record, by the models that declare ``_collab_refresh_date_statuses``:
        each finds with an indexed query only the rows whose status changed since it was written."""
        for model_name in self._reminder_models():
            Model = self.env[model_name]
            if hasattr(Model, "_collab_refresh_date_statuses"):
                Model._collab_refresh_date_statuses()

    @api.private
    @api.model
    def run_batch(self, limit=None, now=None):
        """Process at most ``limit`` due events over all rules; return ``(done, remaining)``."""
        limit = limit or self.BATCH_SIZE
        now = now or fields.Datetime.now()
        self._refresh_date_statuses()
        self.env.flush_all()  # the due queries below are plain SQL
        done = 0
        # rules whose moment depends on the run's clock (e.g. "this week") read it from the context
        rules = self.with_context(collab_reminder_now=now)._rules()
        for rule in rules:
            if done >= limit:
                break
            done += self._run_rule(rule, now, limit - done)
        remaining = 0
        if done >= limit:  # a batch that did not fill up has emptied every rule: nothing to count
            for rule in rules:
                self.env.cr.execute(self._due_query(rule, now, count=True))
                remaining += self.env.cr.fetchone()[0]
        return done, remaining

    @api.model
    def _cron_run_reminders(self, batch_size=None):
        """Scheduled entry point: one batch per call; Odoo's cron runner calls again while
        ``remaining`` is reported and commits between calls."""
        done, remaining = self.run_batch(limit=batch_size)
        _logger.info("Collaboration reminders: %s sent, %s remaining", done, remaining)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    # ------------------------------------------------------------------------------------------
    # Notification helpers used by the rule handlers
    # ------------------------------------------------------------------------------------------
    @api.private
    @api.model
    def notify(self, record, users, template_xmlid, render_values=None):
        """Post ``template_xmlid`` on ``record``'s chatter for ``users``, each in their language."""
        template = self.env.ref(template_xmlid)
        for lang in set(users.mapped("lang")) or {False}:
            group = users.filtered(lambda u, lang=lang: u.lang == lang)
            record.with_context(collab_recipient_lang=lang or "en_US").message_post_with_source(
                template,
                render_values=render_values,
                partner_ids=group.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    @api.private
    @api.model
    def _render_notes(self, note_template, records, lang):
        """``{record_id: note}``: the QWeb template ``note_template`` rendered for each record in
        ``lang``, with one render call for all of them (a render call costs more than the note).

        Dates are written with ``collab_format_date(value)``, Odoo's ``format_date`` in ``lang``
        (what the ``date`` widget writes) memoized per date: reminders of a batch share a handful
        of dates, and the widget costs more than the rest of a note."""
        separator = Markup("<!--collab-note-->")
        env = self.with_context(lang=lang).env
        # the template's body (translated in ``lang``) inlined in the loop: a ``t-call`` per record
        # would look the template up in the cache once per note
        template = env["ir.qweb"]._get_template(note_template)[0]
        body = etree.Element("t")
        body.extend(deepcopy(child) for child in template)
        body.text = template.text
        batch = etree.Element("t", {"t-foreach": "objects", "t-as": "object"})
        batch.append(body)
        etree.SubElement(batch, "t", {"t-out": "separator"})
        formatted = {}

        def collab_format_date(value):
            if value not in formatted:
                formatted[value] = format_date(env, value) if value else ""
            return formatted[value]

        objects = [record.with_context(lang=lang) for record in records]
        html = env["ir.qweb"]._render(
            batch, {"objects": objects, "separator": separator, "collab_format_date": collab_format_date}
        )
        parts = html.split(separator)
        # sanitized once here, as the note field would (the notes are stored past the ORM, see
        # remind_by_activity): whatever a template change lets through, no script reaches the store
        return {
            record.id: html_sanitize(part, sanitize_style=True) for record, part in zip(records, parts, strict=False)
        }

    @api.private
    @api.model
    def remind_by_activity(self, recipients, note_template, summary, deadline=None):
        """Ask each recipient through an activity whose note is the QWeb template ``note_template``
        rendered in their language; ``recipients`` is ``{record: res.users}``. ``summary`` is a
        callable ``summary(env)`` returning the text in ``env``'s language (``env._(…)``), called once
        per recipients' language (a plain string is used as is). Built for volume: the template is
        compiled once and rendered once per language for the whole batch, the activities are
        created in one ``create`` without e-mails, their assignees become followers with two
        INSERTs per assignee instead of one ORM record each, and the notes are stored with one
        UPDATE instead of being sanitized twice each by the ORM (see below)."""
        pairs = [(record, user) for record, users in recipients.items() for user in users]
        if not pairs:
            return
        model = pairs[0][0]._name
        model_id = self.env["ir.model"]._get_id(model)
        activity_type = self.env.ref("cross_dept_collab.mail_activity_type_collab_reminder")
        records_by_lang = defaultdict(dict)
        for record, user in pairs:
            records_by_lang[user.lang or "en_US"][record.id] = record
        notes = {}
        summaries = {
            lang: summary(self.with_context(lang=lang).env) if callable(summary) else summary
            for lang in records_by_lang
        }
        for lang, records in records_by_lang.items():
            notes.update(
                ((lang, record_id), note)
                for record_id, note in self._render_notes(note_template, list(records.values()), lang).items()
            )
        # the activity's stored ``res_name`` (display name of its record, read as superuser, in its
        # assignee's language), which Odoo computes one record at a time: here in one batch per
        # language over the prefetched records
        # sudo: as Odoo's compute (compute_sudo), whoever runs the engine
        names = {}
        for lang, records in records_by_lang.items():
            documents = self.env[model].sudo().with_context(lang=lang).browse(list(records))
            names.update(((lang, document.id), document.display_name) for document in documents)
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": record.id,
                "res_name": names[user.lang or "en_US", record.id],
                "activity_type_id": activity_type.id,
                "summary": summaries[user.lang or "en_US"],
                "user_id": user.id,
                # due today: the record's company's day, not the cron's (UTC) one
                "date_deadline": deadline or record._collab_today(),
            }
            for record, user in pairs
        ]
        # sudo: reminders are assigned to people the cron's or the caller's rights do not cover
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True, collab_followers_sql_insert=True)
            .create(vals_list)
        )
        # The notes are written with one UPDATE instead of through the ORM (which would sanitize
        # each note twice: for the cache and for the INSERT): every note is the output of a QWeb
        # template of this module whose values went through ``t-out`` (escaped), and
        # _render_notes has sanitized it once with the note field's own options.
        self.env.cr.execute(
            SQL(
                """UPDATE mail_activity SET note = data.note
                     FROM (VALUES %s) AS data(id, note)
                    WHERE mail_activity.id = data.id""",
                SQL(", ").join(
                    SQL("(%s, %s)", activity.id, str(notes[(user.lang or "en_US", record.id)]))
                    for activity, (record, user) in zip(activities, pairs, strict=True)
                ),
            )
        )
        activities.invalidate_recordset(["note"])
