from odoo import models
from odoo.tools import SQL


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    def _insert_followers(
        self,
        res_model,
        res_ids,
        partner_ids,
        subtypes=None,
        customer_ids=None,
        check_existing=True,
        existing_policy="skip",
    ):
        """With the context key ``collab_followers_sql_insert`` (set by the reminder engine around
        its batched ``mail.activity`` create), the new followers Odoo decides on — same partners,
        same subtypes, same existing-follower policy, computed by Odoo's own ``_add_followers`` —
        are inserted with two INSERTs instead of one ORM record each (an ORM follower costs its
        defaults, its many2many inverse and cache updates: more than the activity it comes with).

        The key is honoured only in superuser mode (the engine's own ``sudo()`` create): a context
        key is something any RPC client can send, and it must not change how a user's call writes."""
        if not (self.env.su and self.env.context.get("collab_followers_sql_insert")):
            return super()._insert_followers(
                res_model,
                res_ids,
                partner_ids,
                subtypes=subtypes,
                customer_ids=customer_ids,
                check_existing=check_existing,
                existing_policy=existing_policy,
            )
        if not subtypes:
            new, upd = self._add_default_followers(
                res_model,
                res_ids,
                partner_ids,
                customer_ids=customer_ids,
                check_existing=check_existing,
                existing_policy=existing_policy,
            )
        else:
            new, upd = self._add_followers(
                res_model,
                res_ids,
                partner_ids,
                subtypes,
                check_existing=check_existing,
                existing_policy=existing_policy,
            )
        rows = [
            (res_id, values["partner_id"], values["subtype_ids"][0][2])  # [Command.set(ids)]
            for res_id, values_list in new.items()
            for values in values_list
        ]
        if rows:
            self._collab_insert_followers(res_model, rows)
        sudo_self = self.sudo().with_context(default_partner_id=False)
        for fol_id, values in upd.items():
            sudo_self.browse(fol_id).write(values)

    def _collab_insert_followers(self, res_model, rows):
        """Insert followers ``rows`` [(res_id, partner_id, subtype_ids)] of ``res_model``: what
        ``create`` would write, in two queries (a follower a concurrent transaction added first is
        kept as it is)."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO mail_followers (res_model, res_id, partner_id) VALUES %s
                   ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
                   RETURNING res_id, partner_id, id""",
                SQL(", ").join(SQL("(%s, %s, %s)", res_model, res_id, partner_id) for res_id, partner_id, _s in rows),
            )
        )
        follower_ids = {(res_id, partner_id): fol_id for res_id, partner_id, fol_id in self.env.cr.fetchall()}
        links = [
            (follower_ids[res_id, partner_id], subtype_id)
            for res_id, partner_id, subtype_ids in rows
            if (res_id, partner_id) in follower_ids
            for subtype_id in subtype_ids
        ]
        if links:
            self.env.cr.execute(
                SQL(
                    """INSERT INTO mail_followers_mail_message_subtype_rel
                              (mail_followers_id, mail_message_subtype_id)
                       VALUES %s ON CONFLICT DO NOTHING""",
                    SQL(", ").join(SQL("(%s, %s)", fol_id, subtype_id) for fol_id, subtype_id in links),
                )
            )
        # what create() does after inserting: the followed documents' followers (and what depends
        # on them) and the cached followers themselves are stale now
        documents = self.env[res_model].browse({res_id for res_id, _p, _s in rows})
        documents.modified(["message_follower_ids"])
        documents.invalidate_recordset(["message_follower_ids", "message_partner_ids"])
        self.env["mail.followers"].invalidate_model()
        self._invalidate_documents([{"res_model": res_model, "res_id": res_id} for res_id, _p, _s in rows])
