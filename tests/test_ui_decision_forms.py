"""Deciders see what they decide, in the browser, in Chinese (README "What a decider sees"): R&D's
head reads the lead confirmation (the request, why R&D is proposed), objects from his activity —
the dialog opens at once and asks for the objection's reason — and the sponsor reads the goal and
the departments' feedback on his approval, on a desktop and on a phone.
``COLLAB_SCREENSHOTS=1`` saves docs/screenshots/decider_*.png."""

from odoo.tests import HttpCase, tagged

from .common import load_languages
from .screenshots import tour_screenshots


class DecisionFormTourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)
        ref = cls.env.ref
        cls.initiator = ref("cross_dept_collab.user_mkt_user1")
        cls.coordinator = ref("cross_dept_collab.user_coordinator")
        cls.rd_head = ref("cross_dept_collab.user_rd_head")
        cls.sponsor = ref("cross_dept_collab.user_sponsor")
        (cls.rd_head | cls.sponsor).write({"lang": "zh_CN"})

    def accept_with_rd_leading(self, request):
        """R&D is not among the request's departments: the coordinator proposes it, then accepts
        the request with R&D leading."""
        rd = self.env.ref("cross_dept_collab.dept_rd")
        request.with_user(self.coordinator).write({"lead_department_id": rd.id})
        request.with_user(self.coordinator).action_accept(rd.id, reason="固件是关键路径 Firmware is the critical path")

    def new_request(self, title):
        """A request like the 618 one, submitted by its initiator."""
        request = self.env.ref("cross_dept_collab.request_618").copy({"title": title})
        request.with_user(self.initiator).action_submit()
        return request


@tagged("post_install", "-at_install")
class TestLeadObjectsDesktop(DecisionFormTourCase):
    def test_lead_head_reads_the_confirmation_and_objects_from_the_activity(self):
        request = self.new_request("客服工单系统升级 Ticket system upgrade")
        self.accept_with_rd_leading(request)
        step = request.step_ids.filtered(lambda s: s.step == "lead_confirmation")
        self.assertEqual((step.state, step.user_id), ("pending", self.rd_head))
        with tour_screenshots():
            self.start_tour(
                f"/odoo/collab.request.step/{step.id}", "collab_lead_objects_from_the_activity_tour", login="rd_head"
            )
        self.assertEqual(step.state, "returned")
        self.assertEqual(step.comment, "研发部不宜牵头：客服部是工单系统的使用方")
        self.assertEqual(request.state, "submitted")
        coordinator_view = request.with_user(self.coordinator)
        self.assertEqual(coordinator_view.sent_back_user_id, self.rd_head)
        self.assertEqual(coordinator_view.sent_back_reason, "研发部不宜牵头：客服部是工单系统的使用方")


@tagged("post_install", "-at_install")
class TestLeadConfirmationPhone(DecisionFormTourCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_lead_confirmation_reads_on_a_phone(self):
        request = self.new_request("客服工单系统升级 Ticket system upgrade")
        self.accept_with_rd_leading(request)
        step = request.step_ids.filtered(lambda s: s.step == "lead_confirmation")
        with tour_screenshots():
            self.start_tour(
                f"/odoo/collab.request.step/{step.id}", "collab_lead_confirmation_phone_tour", login="rd_head"
            )


class SponsorTourCase(DecisionFormTourCase):
    def sponsor_step(self):
        request = self.new_request("客服工单系统升级 Ticket system upgrade")
        request.with_user(self.coordinator).action_accept(self.env.ref("cross_dept_collab.dept_marketing").id)
        request.with_user(self.env.ref("cross_dept_collab.user_mkt_head")).action_confirm_lead()
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve(f"同意，按期交付 {approval.department_id.name}")
        self.assertEqual(request.state, "sponsor_approval")
        step = request.step_ids.filtered(lambda s: s.step == "sponsor_approval")
        self.assertEqual(step.user_id, self.sponsor)
        return step


@tagged("post_install", "-at_install")
class TestSponsorFormDesktop(SponsorTourCase):
    def test_sponsor_reads_goal_and_feedback(self):
        step = self.sponsor_step()
        with tour_screenshots():
            self.start_tour(
                f"/odoo/collab.request.step/{step.id}", "collab_sponsor_reads_the_request_tour", login="collab_sponsor"
            )


@tagged("post_install", "-at_install")
class TestSponsorFormPhone(SponsorTourCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_sponsor_reads_goal_and_feedback_on_a_phone(self):
        step = self.sponsor_step()
        with tour_screenshots():
            self.start_tour(
                f"/odoo/collab.request.step/{step.id}", "collab_sponsor_reads_the_request_tour", login="collab_sponsor"
            )
