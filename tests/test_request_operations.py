"""Request operations — CC (抄送), withdraw (撤回), urge (催办), waiting on whom (卡在谁)
and My Approvals with batch approval — each done, and refused, as the person who tries it."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools import format_datetime

from .common import GROUP_USER, PlanCase, load_languages

REVIEW = "cross_dept_collab.mail_activity_type_collab_review"
APPROVAL = "cross_dept_collab.mail_activity_type_collab_approval"
START = datetime(2026, 3, 2, 1, 0, 0)  # 09:00 in Shanghai


class OperationsCase(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # someone outside the request's departments: sees it only when CC'd
        cls.outsider = new_test_user(cls.env, "t_outsider", groups=GROUP_USER, name="Outsider Yang")
        cls.Decision = cls.env["collab.my.decision"]

    def notifications_to(self, request, user, containing=None):
        domain = [
            ("model", "=", "collab.request"),
            ("res_id", "=", request.id),
            ("message_type", "=", "user_notification"),
            ("partner_ids", "in", user.partner_id.ids),
        ]
        if containing:
            domain.append(("body", "ilike", containing))
        return self.env["mail.message"].search(domain)

    def log_actions(self, request):
        return request.decision_ids.mapped("action")


class TestCarbonCopy(OperationsCase):
    def test_initiator_sets_cc_in_draft_and_at_submit(self):
        request = self.make_request()
        request.with_user(self.mkt_user).write({"cc_user_ids": [Command.link(self.rd_user.id)]})
        self.assertEqual(request.cc_user_ids, self.rd_user)
        self.assertFalse(request.decision_ids, "a draft keeps no decision log (it stays deletable)")
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            request.with_user(self.outsider).read(["title"])
        request.with_user(self.mkt_user).action_submit(cc_user_ids=[self.outsider.id])
        self.assertEqual(request.cc_user_ids, self.outsider)
        # the CC'd user reads the request, its log, and is told of the submission
        self.assertEqual(request.with_user(self.outsider).title, "Smartwatch launch")
        self.assertTrue(request.with_user(self.outsider).decision_ids)
        self.assertTrue(self.notifications_to(request, self.outsider, "Submitted"))
        internal = new_test_user(self.env, "t_plain_internal", groups="base.group_user", name="Plain Internal")
        with self.assertRaisesRegex(ValidationError, "cannot be CC'd"):
            self.make_request().with_user(self.mkt_user).write({"cc_user_ids": [Command.link(internal.id)]})
        for bad in ("abc", [0], ["x"], [10**12]):
            with self.subTest(bad=bad), self.assertRaisesRegex(UserError, "CC"):
                self.make_request().with_user(self.mkt_user).action_submit(cc_user_ids=bad)

    def test_only_the_coordinator_changes_cc_once_submitted(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        with self.assertRaisesRegex(AccessError, "can change who is CC'd"):
            request.with_user(self.mkt_user).write({"cc_user_ids": [Command.link(self.outsider.id)]})
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        # lead confirmation is no editable state, but the coordinator keeps the CC up to date
        request.with_user(self.coordinator).write({"cc_user_ids": [Command.link(self.outsider.id)]})
        self.assertEqual(request.cc_user_ids, self.outsider)
        log = request.decision_ids.filtered(lambda d: d.action == "cc")
        self.assertEqual(log.user_id, self.coordinator)
        self.assertIn("Outsider Yang", log.reason)
        request.with_user(self.mkt_user).action_cancel("Not needed")
        with self.assertRaisesRegex(UserError, "who is CC'd can no longer change"):
            request.with_user(self.coordinator).write({"cc_user_ids": [Command.clear()]})

    def test_cc_user_reads_but_never_writes_nor_decides(self):
        request = self.make_request(cc_user_ids=[Command.set(self.outsider.ids)])
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            request.with_user(self.outsider).write({"title": "Mine now"})  # even a draft
        self.bring_to_review(request)
        watcher = request.with_user(self.outsider)
        with self.assertRaisesRegex(UserError, "can no longer be edited"):
            watcher.write({"title": "Mine now"})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            watcher.write({"cc_read_user_ids": [Command.link(self.outsider.id)]})
        with self.assertRaisesRegex(AccessError, "can change who is CC'd"):
            watcher.write({"cc_user_ids": [Command.clear()]})
        approval = self.approval_of(request, self.dept_rd).with_user(self.outsider)
        self.assertEqual(approval.state, "pending", "CC'd users read the reviews")
        with self.assertRaisesRegex(AccessError, "decide on"):
            approval.action_approve("I agree")
        with self.assertRaisesRegex(AccessError, "withdraw"):
            watcher.action_withdraw()
        with self.assertRaisesRegex(AccessError, "initiator .*coordinator"):
            watcher.action_urge()
        self.assertEqual(self.approval_of(request, self.dept_rd).state, "pending")

    def test_cc_notified_at_each_stage_and_unread_until_opened(self):
        request = self.make_request(cc_user_ids=[Command.set(self.outsider.ids)])
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.assertEqual(len(self.notifications_to(request, self.outsider)), 2)
        CC = self.env["collab.request"].with_user(self.outsider)
        self.assertEqual(CC.search([("is_cc_unread", "=", True)]), request)
        action = request.with_user(self.outsider).action_cc_open()
        self.assertEqual((action["res_model"], action["res_id"]), ("collab.request", request.id))
        self.assertFalse(CC.search([("is_cc_unread", "=", True)]))
        self.assertEqual(CC.search([("cc_user_ids", "in", self.outsider.id)]), request)
        # the end is news again
        request.with_user(self.coordinator).action_reject("Out of budget")
        messages = self.notifications_to(request, self.outsider)
        self.assertEqual(len(messages), 3)
        self.assertIn("Out of budget", messages[0].body)
        self.assertEqual(CC.search([("is_cc_unread", "=", True)]), request)
        # opening does not mark read for someone who is not CC'd
        request.with_user(self.coordinator).action_cc_open()
        self.assertFalse(request.cc_read_user_ids)


class TestWithdraw(OperationsCase):
    def test_withdraw_under_review_goes_back_to_draft(self):
        request = self.make_request()
        approvals = self.bring_to_review(request)
        request.with_user(self.mkt_user).action_withdraw()
        self.assertEqual(request.state, "draft")
        self.assertEqual(set(approvals.mapped("state")), {"superseded"})
        self.assertFalse(self.activities_of(approvals, APPROVAL))
        self.assertFalse(request.waiting_on_ids)
        log = request.decision_ids.filtered(lambda d: d.action == "withdraw")
        self.assertEqual(log.user_id, self.mkt_user)
        for head in (self.rd_head, self.sales_head):
            self.assertTrue(self.notifications_to(request, head, "withdrew"), head.name)
        # edited and submitted again, under its number
        number = request.name
        request.with_user(self.mkt_user).write({"title": "Smartwatch launch, v2"})
        request.with_user(self.mkt_user).action_submit()
        self.assertEqual((request.state, request.name), ("submitted", number))

    def test_withdraw_in_pmo_review_removes_the_stage_activity(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        self.assertTrue(self.activities_of(request, REVIEW))
        request.with_user(self.mkt_user).action_withdraw("Wrong departments")
        self.assertFalse(self.activities_of(request, REVIEW))
        self.assertEqual(request.decision_ids.filtered(lambda d: d.action == "withdraw").reason, "Wrong departments")
        self.assertTrue(self.notifications_to(request, self.coordinator, "withdrew"))

    def test_reason_required_once_a_department_decided(self):
        request = self.make_request()
        self.bring_to_review(request)
        self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_approve("Fine")
        with self.assertRaisesRegex(UserError, "give a reason to withdraw"):
            request.with_user(self.mkt_user).action_withdraw()
        with self.assertRaisesRegex(UserError, "give a reason to withdraw"):
            request.with_user(self.mkt_user).action_withdraw("   ")
        request.with_user(self.mkt_user).action_withdraw("The launch moved to Q4")
        self.assertEqual(request.state, "draft")
        self.assertEqual(self.approval_of(request, self.dept_rd).state, "approved", "decisions stay in history")
        self.assertEqual(self.approval_of(request, self.dept_sales).state, "superseded")

    def test_withdraw_and_urge_from_the_form_dialog(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        self.assertTrue(request.with_user(self.mkt_user).can_urge)
        self.assertTrue(request.with_user(self.mkt_user).can_withdraw)
        self.assertFalse(request.with_user(self.coordinator).can_withdraw)
        Dialog = self.env["collab.request.reason"].with_user(self.mkt_user)
        Dialog.create({"request_id": request.id, "action": "urge", "reason": "This week please"}).action_confirm()
        self.assertEqual(request.sudo().urge_ids.note, "This week please")
        Dialog.create({"request_id": request.id, "action": "withdraw"}).action_confirm()
        self.assertEqual(request.state, "draft")

    def test_withdraw_refusals(self):
        request = self.make_request()
        with self.assertRaisesRegex(UserError, "cannot be withdrawn while it is in state Draft"):
            request.with_user(self.mkt_user).action_withdraw()  # a draft
        request.with_user(self.mkt_user).action_submit()
        for user in (self.coordinator, self.mkt_head, self.rd_user, self.sponsor):
            with self.subTest(user=user.name), self.assertRaisesRegex(AccessError, "withdraw"):
                request.with_user(user).action_withdraw("Mine")
        with self.assertRaisesRegex(UserError, "(?i)reason"):
            request.with_user(self.mkt_user).action_withdraw(reason=5)
        request.with_user(self.coordinator).action_reject("No")
        with self.assertRaisesRegex(UserError, "cannot be withdrawn while it is in state Rejected"):
            request.with_user(self.mkt_user).action_withdraw("Too late")
        self.assertEqual(request.state, "rejected")


class TestUrge(OperationsCase):
    def test_urge_the_coordinator_once_per_window(self):
        self.coordinator.tz = "Asia/Shanghai"
        self.mkt_user.tz = "Asia/Shanghai"
        with freeze_time(START):
            request = self.make_request()
            request.with_user(self.mkt_user).action_submit()
            activity = self.activities_of(request, REVIEW)
            self.assertGreater(activity.date_deadline, self.company_today())
        with freeze_time(START + timedelta(hours=2)):
            request.with_user(self.mkt_user).action_urge("The launch depends on it")
            self.assertEqual(activity.date_deadline, self.company_today(), "moved to today")
            urge = request.sudo().urge_ids
            self.assertEqual((urge.user_id, urge.urged_by_id), (self.coordinator, self.mkt_user))
            message = self.notifications_to(request, self.coordinator, "urges you")
            self.assertIn("The launch depends on it", message.body)
            log = request.decision_ids.filtered(lambda d: d.action == "urge")
            self.assertEqual(log.user_id, self.mkt_user)
            self.assertIn(self.coordinator.name, log.reason)
            self.assertIn("The launch depends on it", log.reason)
        with freeze_time(START + timedelta(hours=3)), self.assertRaises(UserError) as refused:
            request.with_user(self.mkt_user).action_urge()
        # possible again 4 hours after the urge (03:00 UTC + 4 h), told in Shanghai time (15:00)
        possible = START + timedelta(hours=6)
        env = self.env(user=self.mkt_user)
        self.assertIn(format_datetime(env, possible, tz="Asia/Shanghai", dt_format="short"), str(refused.exception))
        self.assertNotIn(format_datetime(env, possible, tz="UTC", dt_format="short"), str(refused.exception))
        with freeze_time(START + timedelta(hours=6, minutes=1)):
            request.with_user(self.mkt_user).action_urge()
        self.assertEqual(len(request.sudo().urge_ids), 2)

    def test_urge_reviewers_recreates_closed_activities(self):
        self.env.company.collab_urge_hours = 2
        request = self.make_request()
        self.bring_to_review(request)
        rd_approval = self.approval_of(request, self.dept_rd)
        self.activities_of(rd_approval, APPROVAL).sudo().unlink()
        request.with_user(self.coordinator).action_urge()
        activity = self.activities_of(rd_approval, APPROVAL)
        self.assertEqual(activity.user_id, self.rd_head)
        self.assertEqual(activity.date_deadline, self.company_today(rd_approval))
        self.assertEqual(request.sudo().urge_ids.user_id, self.rd_head | self.sales_head)
        self.assertTrue(self.notifications_to(request, self.sales_head, "urges you"))
        rd_approval.with_user(self.rd_head).action_approve()
        with self.assertRaisesRegex(UserError, "(?i)urge"):
            request.with_user(self.mkt_user).action_urge()  # Sales' head was urged just now

    def test_urge_refusals(self):
        request = self.make_request()
        with self.assertRaisesRegex(UserError, "cannot be urged"):
            request.with_user(self.mkt_user).action_urge()  # a draft waits for nobody
        request.with_user(self.mkt_user).action_submit()
        for user, reason in (
            (self.rd_user, "initiator .*coordinator"),
            (self.mkt_head, "initiator .*coordinator"),
            (self.sponsor, "initiator .*coordinator"),
            # not even CC'd: the record rule on a cold cache (RPC), the action's own check on a warm one
            (self.outsider, "doesn't have 'read' access|initiator .*coordinator"),
        ):
            with self.subTest(user=user.name), self.assertRaisesRegex(AccessError, reason):
                request.with_user(user).action_urge()
        with self.assertRaisesRegex(UserError, "(?i)note"):
            request.with_user(self.mkt_user).action_urge(note=["x"])
        self.assertFalse(request.sudo().urge_ids)


class TestWaitingOn(OperationsCase):
    def test_waiting_on_follows_every_step(self):
        request = self.make_request()
        self.assertFalse(request.waiting_on_ids)
        request.with_user(self.mkt_user).action_submit()
        self.assertEqual(request.waiting_on_ids, self.coordinator)
        self.assertEqual(request.waiting_since, request.date_stage)
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.assertEqual(request.waiting_on_ids, self.mkt_head)
        request.with_user(self.mkt_head).action_confirm_lead()
        self.assertEqual(request.waiting_on_ids, self.rd_head | self.sales_head)
        Requests = self.env["collab.request"]
        self.assertEqual(Requests.with_user(self.rd_head).search([("waiting_on_ids", "in", self.rd_head.id)]), request)
        self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_approve()
        self.assertEqual(request.waiting_on_ids, self.sales_head)
        self.assertFalse(Requests.with_user(self.rd_head).search([("waiting_on_ids", "in", self.rd_head.id)]))
        with freeze_time(fields.Datetime.now() + timedelta(hours=26, minutes=5)):
            request.invalidate_recordset(["waiting_label"])
            self.assertEqual(request.waiting_label, f"Waiting for {self.sales_head.name} · 26 h")
        self.approval_of(request, self.dept_sales).with_user(self.sales_head).action_request_changes("More budget")
        self.assertEqual(request.waiting_on_ids, self.coordinator)
        request.with_user(self.coordinator).action_restart_review("Revised after the departments' feedback")
        self.assertEqual(request.waiting_on_ids, self.rd_head | self.sales_head)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        self.assertEqual(request.waiting_on_ids, self.sponsor)
        request.with_user(self.sponsor).action_sponsor_approve()
        self.assertFalse(request.waiting_on_ids)
        self.assertFalse(request.waiting_since)

    def test_waiting_fields_are_the_workflows(self):
        request = self.make_request()
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            request.with_user(self.mkt_user).write({"waiting_on_ids": [Command.set(self.rd_head.ids)]})


class TestMyApprovals(OperationsCase):
    def test_every_kind_of_pending_decision_is_listed_for_its_decider(self):
        project = self.make_project()
        project.with_user(self.coordinator).action_request_charter_signoff()
        in_review = self.make_request(title="In review")
        self.bring_to_review(in_review)
        in_lead = self.make_request(title="Lead")
        in_lead.with_user(self.mkt_user).action_submit()
        in_lead.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        change = (
            self.env["collab.change.request"]
            .with_user(self.mkt_head)
            .create(
                {
                    "project_id": project.id,
                    "change_type": "goal",
                    "description": "More",
                    "reason": "Why",
                    "impact": "More work",
                }
            )
        )
        change.with_user(self.mkt_head).action_submit()

        def rows(user):
            return {(r.kind, r.res_model, r.res_id) for r in self.Decision.with_user(user).search([])}

        rd_rows = rows(self.rd_head)
        self.assertIn(("department_review", "collab.approval", self.approval_of(in_review, self.dept_rd).id), rd_rows)
        signoff = project.signoff_ids.filtered(lambda s: s.user_id == self.rd_head)
        self.assertIn(("signoff", "collab.signoff", signoff.id), rd_rows)
        self.assertNotIn("lead_confirmation", {kind for kind, _m, _i in rd_rows})
        lead_step = in_lead.step_ids.filtered(lambda s: s.step == "lead_confirmation")
        self.assertIn(("lead_confirmation", "collab.request.step", lead_step.id), rows(self.mkt_head))
        self.assertIn(("change_request", "collab.change.request", change.id), rows(self.sponsor))
        self.assertFalse(rows(self.outsider))
        everyone = self.Decision.with_user(self.coordinator).search([])
        self.assertGreater(len(everyone.user_id), 3, "the coordinator sees every decider's rows")
        row = self.Decision.with_user(self.rd_head).search([("kind", "=", "department_review")])
        self.assertIn("In review", row.name)
        action = row.action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("collab.approval", row.res_id))
        # decided: gone from the list
        self.approval_of(in_review, self.dept_rd).with_user(self.rd_head).action_approve()
        self.assertNotIn("department_review", {kind for kind, _m, _i in rows(self.rd_head)})

    def test_batch_approval_reports_each_decision(self):
        first, second = self.make_request(title="First"), self.make_request(title="Second")
        self.bring_to_review(first)
        self.bring_to_review(second)
        mine = self.Decision.with_user(self.rd_head).search([])
        self.assertEqual(len(mine), 2)
        action = mine.action_open_batch()
        wizard = (
            self.env["collab.decision.batch"]
            .with_user(self.rd_head)
            .with_context(action["context"])
            .create({"comment": "R&D agrees"})
        )
        self.assertEqual(wizard.decision_count, 2)
        # one of them is decided elsewhere meanwhile: no longer pending, left out; the other approved
        self.approval_of(second, self.dept_rd).with_user(self.rd_head).action_reject("No capacity")
        wizard.action_confirm()
        self.assertEqual((wizard.approved_count, wizard.skipped_count), (1, 0))
        approval = self.approval_of(first, self.dept_rd)
        self.assertEqual((approval.state, approval.feedback), ("approved", "R&D agrees"))

    def test_batch_skips_what_cannot_be_batch_approved(self):
        submitted = self.make_request(title="Submitted")
        submitted.with_user(self.mkt_user).action_submit()
        in_review = self.make_request(title="Review")
        self.bring_to_review(in_review)
        sponsor_req = self.make_request(title="Sponsor")
        self.bring_to_review(sponsor_req)
        for approval in sponsor_req.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        all_rows = self.Decision.with_user(self.coordinator).search([])
        wizard = (
            self.env["collab.decision.batch"]
            .with_user(self.coordinator)
            .create({"decision_refs": all_rows.ids, "comment": "ok"})
        )
        wizard.action_confirm()
        self.assertEqual(wizard.approved_count, 0, "the coordinator decides nobody else's decisions")
        self.assertEqual(wizard.skipped_count, len(all_rows))
        self.assertIn("lead department", wizard.result)
        self.assertEqual(submitted.state, "submitted")
        # the sponsor approves their request stage in a batch
        rows = self.Decision.with_user(self.sponsor).search([("kind", "=", "sponsor_approval")])
        self.assertEqual(rows.request_id, sponsor_req)
        self.assertEqual(rows.res_model, "collab.request.step")
        wizard = self.env["collab.decision.batch"].with_user(self.sponsor).create({"decision_refs": rows.ids})
        wizard.action_confirm()
        self.assertEqual(sponsor_req.state, "approved")

    def test_batch_refusals(self):
        request = self.make_request()
        self.bring_to_review(request)
        theirs = self.Decision.with_user(self.sales_head).search([])
        Batch = self.env["collab.decision.batch"].with_user(self.rd_head)
        with self.assertRaisesRegex(UserError, "waiting for you"):
            Batch.create({"decision_refs": theirs.ids}).action_confirm()
        for bad in ("abc", [True], ["1"]):
            with self.subTest(bad=bad), self.assertRaisesRegex(UserError, "Select the decisions"):
                Batch.create({"decision_refs": bad}).action_confirm()
        self.assertEqual(self.approval_of(request, self.dept_sales).state, "pending")


class TestOperationsLanguage(OperationsCase):
    """CC'd users and deciders read the messages in their own language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ("zh_CN", "zh_TW"))

    def test_cc_and_urge_messages_in_each_recipients_language(self):
        self.outsider.lang = "zh_CN"
        self.rd_user.lang = "zh_TW"
        self.coordinator.lang = "zh_CN"
        request = self.make_request(cc_user_ids=[Command.set((self.outsider | self.rd_user).ids)])
        request.with_user(self.mkt_user).action_submit()
        self.assertTrue(self.notifications_to(request, self.outsider, "当前状态"))
        self.assertTrue(self.notifications_to(request, self.rd_user, "目前狀態"))
        self.assertFalse(self.notifications_to(request, self.outsider, "目前狀態"))
        request.with_user(self.mkt_user).action_urge()
        self.assertTrue(self.notifications_to(request, self.coordinator, "催办"))
        self.mkt_user.lang = "zh_CN"
        with self.assertRaises(UserError) as refused:
            request.with_user(self.mkt_user).action_urge()
        self.assertIn("后可再次催办", str(refused.exception))
        request.invalidate_recordset(["waiting_label"])
        self.assertIn("等待 Test Coordinator · 已 0 小时", request.with_context(lang="zh_CN").waiting_label)
