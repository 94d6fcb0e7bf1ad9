"""The project's own dates (Odoo's start and end, in its header and views) follow its plan: the
signed plan sets them, an applied change request moves them with its tasks and their successors."""

from .test_change_request import ChangeRequestCase, d


class TestProjectDatesFollowThePlan(ChangeRequestCase):
    def test_signed_plan_and_change_request_set_the_projects_dates(self):
        project = self.confirmed_plan()
        lead = project.with_user(self.mkt_head)
        self.assertEqual(lead.user_id, self.mkt_head)
        # Design (Mon 3) … Launch (Mon 17 – Tue 18 Mar): the signed plan's span
        self.assertEqual((lead.date_start, lead.date), (d(3), d(18)))
        # the last task moves 3 working days later: Launch Thu 20 – Fri 21
        change = self.make_change(project, lines=[(self.launch, d(20), d(21))])
        change.with_user(self.mkt_head).action_submit()
        change.with_user(self.sponsor).action_approve("Fine")
        change.with_user(self.mkt_head).action_apply()
        lead.invalidate_recordset(["date_start", "date"])
        self.assertEqual((lead.date_start, lead.date), (d(3), d(21)), "the end moved by 3 working days too")

    def test_a_change_that_moves_successors_moves_the_end_with_them(self):
        project = self.confirmed_plan()
        # Design two days longer: Build and Launch follow on the working calendar (Launch Wed 19 – Thu 20)
        change = self.make_change(project)
        change.with_user(self.mkt_head).action_submit()
        change.with_user(self.sponsor).action_approve()
        change.with_user(self.mkt_head).action_apply()
        self.assertEqual(self.launch.date_planned_end, d(20))
        lead = project.with_user(self.mkt_head)
        self.assertEqual((lead.date_start, lead.date), (d(3), d(20)))

    def test_a_change_without_dates_leaves_them(self):
        project = self.confirmed_plan()
        change = self.make_change(project, lines=[], change_type="goal", description="Sell in Europe too")
        change.with_user(self.mkt_head).action_submit()
        change.with_user(self.sponsor).action_approve()
        change.with_user(self.mkt_head).action_apply()
        self.assertEqual((project.with_user(self.mkt_head).date_start, project.date), (d(3), d(18)))
