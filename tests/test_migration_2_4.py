"""Upgrading from 18.0.2.3.x: the reminder log's day-based moments move from 00:00 UTC to the
company's midnight (cross_dept_collab/migrations/18.0.2.4.0/post-company_day.py)."""

from datetime import datetime

from odoo.tests import new_test_user

from .common import GROUP_USER, RequestCase
from .migration import run_migration

MIDNIGHT_UTC = datetime(2030, 4, 2, 0, 0)
SHANGHAI_MIDNIGHT = datetime(2030, 4, 1, 16, 0)


class TestMigrationTo24(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the test company works in China's time (RequestCase); another one on UTC
        assert cls.env.company.resource_calendar_id.tz == "Asia/Shanghai"
        cls.utc_company = cls.env["res.company"].create({"name": "UTC Co"})
        cls.utc_company.resource_calendar_id.tz = "UTC"
        cls.shanghai_user = new_test_user(cls.env, "t_sh_user", groups=GROUP_USER)
        cls.utc_user = new_test_user(
            cls.env,
            "t_utc_user",
            groups=GROUP_USER,
            company_id=cls.utc_company.id,
            company_ids=[(6, 0, cls.utc_company.ids)],
        )
        # the weekly status is on the day of the company the engine's cron runs in (OdooBot's)
        cls.env.ref("base.user_root").company_id = cls.env.company
        cls.project = cls.env["project.project"].create({"name": "Weekly"})
        cls.utc_project = cls.env["project.project"].create({"name": "Weekly UTC", "company_id": cls.utc_company.id})

    def log(self, model, res_id, rule, moment):
        self.env.cr.execute(
            """INSERT INTO collab_reminder_log (res_model, res_id, rule, due_moment, date_sent)
               VALUES (%s, %s, %s, %s, %s) RETURNING id""",
            [model, res_id, rule, moment, moment],
        )
        return self.env.cr.fetchone()[0]

    def moments(self, ids):
        self.env.cr.execute("SELECT id, due_moment FROM collab_reminder_log WHERE id IN %s", [tuple(ids)])
        return dict(self.env.cr.fetchall())

    def old_logs(self):
        self.env.flush_all()
        return {
            "shanghai": self.log("res.users", self.shanghai_user.id, "time_off_delegation", MIDNIGHT_UTC),
            "project": self.log("project.project", self.project.id, "project_weekly_status", MIDNIGHT_UTC),
            "utc_project": self.log("project.project", self.utc_project.id, "project_weekly_status", MIDNIGHT_UTC),
            "utc": self.log("res.users", self.utc_user.id, "time_off_delegation", MIDNIGHT_UTC),
            # not a day-based rule, and a moment that is not a midnight: as they are
            "other_rule": self.log("res.users", self.shanghai_user.id, "request_step_overdue", MIDNIGHT_UTC),
            "hour": self.log("res.users", self.shanghai_user.id, "time_off_delegation", datetime(2030, 4, 2, 9, 30)),
        }

    def test_day_moments_move_to_the_company_midnight(self):
        logs = self.old_logs()

        run_migration(self.env.cr, "18.0.2.4.0", "post-company_day.py", "18.0.2.3.0")

        moments = self.moments(logs.values())
        self.assertEqual(
            {name: moments[log_id] for name, log_id in logs.items()},
            {
                "shanghai": SHANGHAI_MIDNIGHT,
                "project": SHANGHAI_MIDNIGHT,
                "utc_project": SHANGHAI_MIDNIGHT,
                "utc": MIDNIGHT_UTC,
                "other_rule": MIDNIGHT_UTC,
                "hour": datetime(2030, 4, 2, 9, 30),
            },
        )

    def test_fresh_install_changes_nothing(self):
        logs = self.old_logs()

        run_migration(self.env.cr, "18.0.2.4.0", "post-company_day.py", None)

        self.assertEqual(set(self.moments(logs.values()).values()), {MIDNIGHT_UTC, datetime(2030, 4, 2, 9, 30)})
