"""The project's timeline against its baseline, as its people read it: on the project form and in
the dossier PDF, each task's baseline bar under its bar and the slip a change request made in red."""

import re

from .test_change_request import d
from .test_plan_baseline import BaselineCase

BASELINE = re.compile(r'<g class="o_collab_timeline_baseline"><title>Baseline ([\d-]+) – ([\d-]+)</title>')
SLIP = re.compile(r'<g class="o_collab_timeline_slip"><title>Slip ([\d-]+) → ([\d-]+)</title>')


class TestTimelineAgainstTheBaseline(BaselineCase):
    def baselines_drawn(self, markup):
        return BASELINE.findall(markup), SLIP.findall(markup)

    def test_form_and_dossier_show_the_signed_plan_under_the_moved_plan(self):
        project = self.confirmed_plan()
        # signed and not moved: the baseline bars, no slip
        baselines, slips = self.baselines_drawn(str(project.with_user(self.mkt_head).plan_timeline_html))
        self.assertEqual(len(baselines), 3)
        self.assertFalse(slips)
        # Design ends Wed 12 instead of Fri 7; Build and Launch follow (Launch ends Fri 21, not Tue 18)
        self.apply_change(project, [(self.design, d(3), d(12))])
        expected_baselines = sorted(
            [("2031-03-03", "2031-03-07"), ("2031-03-10", "2031-03-14"), ("2031-03-17", "2031-03-18")]
        )
        expected_slips = sorted(
            [("2031-03-07", "2031-03-12"), ("2031-03-14", "2031-03-19"), ("2031-03-18", "2031-03-21")]
        )
        for user in (self.mkt_head, self.rd_user, self.sponsor):
            html = str(project.with_user(user).plan_timeline_html)
            baselines, slips = self.baselines_drawn(html)
            self.assertEqual(sorted(baselines), expected_baselines, user.name)
            self.assertEqual(sorted(slips), expected_slips, user.name)
            self.assertIn(">Baseline</span>", html, "the legend explains the grey bars")
            self.assertIn(">Slip</span>", html)
        report = self.env.ref("cross_dept_collab.action_report_collab_dossier").with_user(self.mkt_head)
        html = str(report._render_qweb_html(report.report_name, project.collab_request_id.ids)[0])
        timeline = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="o_collab_timeline"') :]
        baselines, slips = self.baselines_drawn(timeline)
        self.assertEqual(sorted(baselines), expected_baselines)
        self.assertEqual(sorted(slips), expected_slips)
        self.assertIn(">Baseline</text>", timeline, "the printed legend explains them")
        # compared with the change's own baseline: nothing slipped
        project.with_user(self.mkt_head).collab_baseline_id = project.collab_baseline_ids.filtered(
            lambda b: b.kind == "change"
        )
        baselines, slips = self.baselines_drawn(str(project.with_user(self.mkt_head).plan_timeline_html))
        self.assertEqual(len(baselines), 3)
        self.assertFalse(slips)

    def test_no_baseline_no_baseline_bars(self):
        project = self.make_project()
        self.make_task(project, "Design", d(3), d(7))
        html = str(project.with_user(self.mkt_head).plan_timeline_html)
        self.assertIn("o_collab_timeline_bar", html)
        self.assertNotIn("o_collab_timeline_baseline", html)
        self.assertNotIn(">Baseline<", html)
