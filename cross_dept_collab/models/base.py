from odoo import models


class Base(models.AbstractModel):
    _inherit = "base"

    def _collab_today(self, at=None):
        """The business date of these records: the local date of their company (the first
        record's ``company_id``, else the current company) at ``at`` (naive UTC, default now).
        See ``res.company.collab_today``; never the server's or the user's date."""
        company = self.env["res.company"]
        if self._name == "res.company":
            company = self[:1]
        elif self and "company_id" in self._fields:
            # sudo: only the company's time zone is read, whoever asks (crons, readers of a record)
            company = self[:1].sudo().company_id
        return company.collab_today(at)

    def _collab_activity_for(self, user, activity_type_xmlid, **values):
        """Schedule an activity of ``activity_type_xmlid`` on this record for ``user``, written in
        ``user``'s language: its summary (the type's own, unless given), its note if it is
        rendered here, and the "assigned to you" mail Odoo sends — never in the language of
        whoever caused it."""
        self.ensure_one()
        local = self.with_context(lang=user.lang or "en_US")
        return local.activity_schedule(activity_type_xmlid, user_id=user.id, **values)
