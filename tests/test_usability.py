"""The first minutes of a real person: feedback after a click, titled dialogs, no mail bounces."""

import xmlrpc.client

from odoo.tests import TransactionCase

from .common import RequestCase, load_languages


class TestFirstClicks(RequestCase):
    def test_submitting_shows_a_toast_and_reloads_the_form(self):
        request = self.make_request()
        action = request.with_user(self.mkt_user).action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertEqual((action["type"], action["tag"]), ("ir.actions.client", "display_notification"))
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(request.name, action["params"]["message"])
        self.assertEqual(action["params"]["next"]["tag"], "soft_reload")
        # what XML-RPC callers receive marshals (no None anywhere)
        self.assertTrue(xmlrpc.client.dumps((action,), methodresponse=True, allow_none=False))

    def test_the_coordinators_decision_dialogs_are_titled_in_their_language(self):
        load_languages(self.env)
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        titles = {}
        for lang in ("en_US", "zh_CN"):
            self.coordinator.lang = lang
            for collab_action in ("accept", "return", "reject"):
                action = (
                    request.with_user(self.coordinator)
                    .with_context(collab_action=collab_action, lang=lang)
                    .action_open_reason_wizard()
                )
                titles[lang, collab_action] = action["name"]
        self.assertEqual(titles["en_US", "accept"], "Accept and assign the lead department")
        self.assertEqual(titles["en_US", "reject"], "Reject")
        self.assertEqual(titles["zh_CN", "accept"], "受理并指定牵头部门")
        self.assertEqual(len(set(titles.values())), 6, "every dialog has its own title")


class TestDemoPeople(TransactionCase):
    def test_demo_people_handle_notifications_in_odoo(self):
        users = self.env["res.users"].search([("login", "in", ["collab_sponsor", "collab_coordinator", "mkt_head"])])
        self.assertEqual(len(users), 3)
        self.assertEqual(set(users.mapped("notification_type")), {"inbox"})
