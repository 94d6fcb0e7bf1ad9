"""The reminder engine's fast insert of followers is the engine's alone: a client that sends the
context key with its own call gets Odoo's ordinary follower records."""

from .common import RequestCase

FAST_PATH = "ON CONFLICT (res_model, res_id, partner_id) DO NOTHING"


class TestFollowersFastPath(RequestCase):
    def subscribe(self, request, partner):
        """Subscribe ``partner``; the SQL that did it."""
        with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
            request.message_subscribe(partner_ids=partner.ids)
            self.env.flush_all()
        follower = self.env["mail.followers"].search(
            [("res_model", "=", request._name), ("res_id", "=", request.id), ("partner_id", "=", partner.id)]
        )
        self.assertTrue(follower.subtype_ids, "followed with the default subtypes")
        return "\n".join(logs.output)

    def test_a_user_sending_the_key_gets_the_orm_path(self):
        request = self.make_request()
        sql = self.subscribe(
            request.with_user(self.mkt_user).with_context(collab_followers_sql_insert=True), self.rd_user.partner_id
        )
        self.assertIn('INSERT INTO "mail_followers"', sql, "written by the ORM")
        self.assertNotIn(FAST_PATH, sql)

    def test_the_engine_in_superuser_mode_keeps_its_fast_path(self):
        request = self.make_request()
        sql = self.subscribe(request.sudo().with_context(collab_followers_sql_insert=True), self.sales_user.partner_id)
        self.assertIn(FAST_PATH, sql)
