"""The reminder engine's fast insert of followers is the engine's alone: a client that sends the
context key with its own call gets Odoo's ordinary follower records."""

from .common import RequestCase


class TestFollowersFastPath(RequestCase):
    def follower(self, request, partner):
        return self.env["mail.followers"].search(
            [("res_model", "=", request._name), ("res_id", "=", request.id), ("partner_id", "=", partner.id)]
        )

    def test_a_user_sending_the_key_gets_the_orm_path(self):
        request = self.make_request()
        request.with_user(self.mkt_user).with_context(collab_followers_sql_insert=True).message_subscribe(
            partner_ids=self.rd_user.partner_id.ids
        )
        follower = self.follower(request, self.rd_user.partner_id)
        self.assertTrue(follower)
        # written by the ORM as the user (the raw INSERT leaves create_uid empty)
        self.assertEqual(follower.create_uid, self.mkt_user)
        self.assertTrue(follower.subtype_ids, "the default subtypes, as Odoo sets them")

    def test_the_engine_in_superuser_mode_keeps_its_fast_path(self):
        request = self.make_request()
        request.sudo().with_context(collab_followers_sql_insert=True).message_subscribe(
            partner_ids=self.sales_user.partner_id.ids
        )
        follower = self.follower(request, self.sales_user.partner_id)
        self.assertTrue(follower)
        self.assertFalse(follower.create_uid, "inserted by the engine's two INSERTs, not the ORM")
        self.assertTrue(follower.subtype_ids)
