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
