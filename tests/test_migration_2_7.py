"""Updating to 18.0.2.7.0 (cross_dept_collab/migrations/18.0.2.7.0): the requests in flight follow
the standard flow's first version from where they stand, and go on as before."""

from .common import RequestCase
from .migration import run_migration


class TestMigrationTo27(RequestCase):
    def forget_flows(self, request):
        """The request as a release without flows left it."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE collab_request SET flow_version_id = NULL, flow_path = NULL, flow_position = -1 WHERE id = %s",
            [request.id],
        )
        self.env.cr.execute("UPDATE collab_request_step SET flow_step_id = NULL, flow_position = -1")
        self.env.invalidate_all()

    def test_a_request_in_department_review_follows_the_standard_flow(self):
        request = self.make_request()
        self.bring_to_review(request)
        draft = self.make_request()
        self.forget_flows(request)

        run_migration(self.env.cr, "18.0.2.7.0", "post", "18.0.2.6.0")

        default = self.env.ref("cross_dept_collab.collab_flow_default")
        self.assertEqual(request.flow_version_id, default.current_version_id)
        self.assertEqual(request.flow_version_id.version, 1)
        self.assertEqual([e["state"] for e in request.flow_path], ["done", "done", "current", "todo"])
        self.assertFalse(draft.flow_version_id, "a draft takes its flow when it is submitted")
        # and on as before: both departments approve, the sponsor is asked
        for department, head in ((self.dept_rd, self.rd_head), (self.dept_sales, self.sales_head)):
            self.approval_of(request, department).with_user(head).action_approve("OK")
        self.assertEqual(request.state, "sponsor_approval")
        self.assertEqual(request.flow_path[3]["state"], "current")
        request.with_user(self.sponsor).action_sponsor_approve()
        self.assertEqual(request.state, "approved")
