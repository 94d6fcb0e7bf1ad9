"""Upgrading from 18.0.2.1.x: requests waiting in a stage get their decision record
(``collab.request.step``) and the stage's activity moves to it
(cross_dept_collab/migrations/18.0.2.2.0)."""

from odoo.tests import new_test_user

from .common import GROUP_COORDINATOR, RequestCase
from .migration import run_migration

REVIEW = "cross_dept_collab.mail_activity_type_collab_review"


class TestMigrationTo22(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator2 = new_test_user(cls.env, "t_coord2", groups=GROUP_COORDINATOR, name="Second Coordinator")

    def as_before_steps(self, requests, step):
        """The request as 18.0.2.1.x left it: no step record of ``step``, nor its activity."""
        steps = requests.step_ids.filtered(lambda s: s.step == step)
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM mail_activity WHERE res_model = 'collab.request.step' AND res_id IN %s", [tuple(steps.ids)]
        )
        self.env.cr.execute("DELETE FROM collab_request_step WHERE id IN %s", [tuple(steps.ids)])
        self.env.invalidate_all()

    def step_of(self, request, step):
        return request.step_ids.filtered(lambda s: s.step == step)

    def test_submitted_request_gets_its_review_asked_of_the_activity_holder(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        self.as_before_steps(request, "pmo_review")
        # the stage activity on the request, assigned to another coordinator than the company's,
        # and a second one (for the company's coordinator) that a step, with one decider, drops
        old = request.sudo().activity_schedule(REVIEW, user_id=self.coordinator2.id, date_deadline="2030-01-15")
        extra = request.sudo().activity_schedule(REVIEW, user_id=self.coordinator.id)
        self.assertTrue(request.stage_deadline)

        run_migration(self.env.cr, "18.0.2.2.0", "post", "18.0.2.1.0")
        self.env.invalidate_all()

        review = self.step_of(request, "pmo_review")
        self.assertEqual(len(review), 1)
        self.assertEqual(
            (review.state, review.user_id, review.deadline, review.date_asked, review.is_fallback_decider),
            ("pending", self.coordinator2, request.stage_deadline, request.date_stage, False),
        )
        # the same activity, now the step's decision activity: same holder, same due date
        self.assertTrue(old.exists())
        self.assertEqual(
            (old.res_model, old.res_id, old.activity_type_id, old.user_id, str(old.date_deadline)),
            ("collab.request.step", review.id, self.env.ref(REVIEW), self.coordinator2, "2030-01-15"),
        )
        self.assertEqual(old.res_name, review.display_name)
        self.assertFalse(extra.exists())
        self.assertFalse(request.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(REVIEW)))
        self.assertEqual(self.activities_of(request, REVIEW), old)
        # the holder decides from it; the activity closes with the decision
        review.with_user(self.coordinator2).action_return("Say which stores")
        self.assertEqual((review.state, request.state), ("returned", "draft"))
        self.assertFalse(old.exists())

    def test_without_activity_the_default_decider_is_asked(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.as_before_steps(request, "lead_confirmation")
        self.assertEqual(len(request.step_ids), 1, "the PMO's review, decided")

        run_migration(self.env.cr, "18.0.2.2.0", "post", "18.0.2.1.0")
        self.env.invalidate_all()

        lead = self.step_of(request, "lead_confirmation")
        self.assertEqual(
            (lead.user_id, lead.is_fallback_decider, lead.deadline), (self.mkt_head, False, request.stage_deadline)
        )
        self.assertEqual(len(request.step_ids), 2, "the decided review is kept as it is")
        lead.with_user(self.mkt_head).action_approve()
        self.assertEqual(request.state, "department_review")

    def test_lead_department_without_manager_falls_back_to_the_coordinator(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.as_before_steps(request, "lead_confirmation")
        self.dept_mkt.manager_id = False

        run_migration(self.env.cr, "18.0.2.2.0", "post", "18.0.2.1.0")
        self.env.invalidate_all()

        lead = self.step_of(request, "lead_confirmation")
        self.assertEqual((lead.user_id, lead.is_fallback_decider), (self.coordinator, True))

    def test_fresh_install_changes_nothing(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        self.as_before_steps(request, "pmo_review")
        old = request.sudo().activity_schedule(REVIEW, user_id=self.coordinator2.id)

        run_migration(self.env.cr, "18.0.2.2.0", "post", None)
        self.env.invalidate_all()

        self.assertFalse(request.step_ids)
        self.assertEqual((old.res_model, old.res_id), ("collab.request", request.id))
