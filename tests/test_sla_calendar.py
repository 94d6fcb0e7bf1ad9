from datetime import date, datetime, timedelta

from freezegun import freeze_time
from pytz import timezone, utc

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common import GROUP_COORDINATOR, GROUP_USER, RequestCase


def working_hours(name, tz, days=range(5)):
    """Values of a calendar working 9:00–12:00 and 13:00–18:00 on ``days`` in ``tz``."""
    return {
        "name": name,
        "tz": tz,
        "attendance_ids": [
            Command.create({"name": f"{day} {period}", "dayofweek": str(day), "hour_from": start, "hour_to": end})
            for day in days
            for period, start, end in (("am", 9, 12), ("pm", 13, 18))
        ],
    }


def at(tz, *args):
    """Naive UTC (as Odoo stores it) of a local wall-clock time in ``tz``."""
    return timezone(tz).localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


class TestSlaCalendar(RequestCase):
    """`res.company.collab_sla_deadline` on working calendars with Chinese public holidays and
    make-up workdays (调休), loaded from the `holidays` package."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Calendar = cls.env["resource.calendar"]
        cls.cn_calendar = Calendar.create(working_hours("T Shanghai office", "Asia/Shanghai"))
        cls.tw_calendar = Calendar.create(working_hours("T Taipei office", "Asia/Taipei"))
        cls.hk_calendar = Calendar.create(working_hours("T Hong Kong office", "Asia/Hong_Kong"))
        cls.cn_loaded = cls.cn_calendar.collab_load_public_holidays("CN", 2026)
        cls.tw_calendar.collab_load_public_holidays("TW", 2026)
        cls.hk_calendar.collab_load_public_holidays("HK", 2026)
        cls.company = cls.env.company
        cls.company.write({"resource_calendar_id": cls.cn_calendar.id, "collab_sla_time": "working"})

    def deadline(self, start, hours, rule=None, company=None):
        return (company or self.company).collab_sla_deadline(start, hours, rule=rule)

    # ------------------------------------------------------------------------------------------
    # Loading
    # ------------------------------------------------------------------------------------------
    def test_loading_is_idempotent_and_counts_the_days(self):
        # 2026 (State Council notice): 22 holiday days in the package's list, and make-up workdays
        # on Sun 4 Jan, Sat 14 and 28 Feb, Sat 9 May, Sun 20 Sep and Sat 10 Oct
        workdays = self.cn_calendar.collab_workday_ids.mapped("date")
        self.assertEqual(
            workdays,
            [
                date(2026, 1, 4),
                date(2026, 2, 14),
                date(2026, 2, 28),
                date(2026, 5, 9),
                date(2026, 9, 20),
                date(2026, 10, 10),
            ],
        )
        self.assertEqual(self.cn_calendar.collab_holiday_country, "CN")
        calendar = self.env["resource.calendar"].create(working_hours("T Beijing office", "Asia/Shanghai"))
        before = len(calendar.global_leave_ids)  # a new calendar copies its company's global leaves
        loaded = calendar.collab_load_public_holidays("CN", 2026)
        self.assertEqual(loaded, len(calendar.global_leave_ids) - before + len(calendar.collab_workday_ids))
        self.assertEqual(len(calendar.collab_workday_ids), 6)
        self.assertGreaterEqual(loaded, 6 + 20)
        self.assertEqual(calendar.collab_load_public_holidays("CN", 2026), 0)
        self.assertEqual(self.cn_calendar.collab_load_public_holidays("CN", 2026), 0, "nothing new the second time")
        self.assertEqual(len(self.cn_calendar.collab_workday_ids), 6)
        # a holiday is a whole local day: 1 October from 00:00 to 23:59:59 in Shanghai
        national_day = self.cn_calendar.global_leave_ids.filtered(
            lambda leave: leave.date_from == at("Asia/Shanghai", 2026, 10, 1)
        )
        self.assertEqual(national_day.date_to, at("Asia/Shanghai", 2026, 10, 1, 23, 59, 59))

    def test_loading_refuses_what_it_cannot_load(self):
        for country, year, reason in (
            ("US", 2026, "can be loaded for CN, TW, HK"),
            ("CN", "2026", "between 2000 and 2100"),
            (None, 2026, "can be loaded for CN, TW, HK"),
            ("CN", 1800, "between 2000 and 2100"),
        ):
            with self.subTest(country=country, year=year), self.assertRaisesRegex(UserError, reason):
                self.cn_calendar.collab_load_public_holidays(country, year)

    def test_the_button_loads_the_chosen_country_and_year(self):
        calendar = self.env["resource.calendar"].create(working_hours("T Taipei 2", "Asia/Taipei"))
        calendar.write({"collab_holiday_country": "TW", "collab_holiday_year": 2026})
        action = calendar.action_collab_load_public_holidays()
        self.assertEqual(action["params"]["type"], "success")
        self.assertTrue(calendar.global_leave_ids)
        self.assertEqual(calendar.action_collab_load_public_holidays()["params"]["type"], "info")

    def test_yearly_cron_loads_next_year_into_calendars_that_name_their_country(self):
        with freeze_time("2026-12-15 02:00:00"):
            self.env["resource.calendar"]._cron_collab_load_public_holidays()
        years = {leave.date_to.year for leave in self.hk_calendar.global_leave_ids}
        self.assertEqual(years, {2026, 2027})

    # ------------------------------------------------------------------------------------------
    # Working time
    # ------------------------------------------------------------------------------------------
    def test_review_asked_before_national_day_is_due_after_it(self):
        # Wed 30 Sep 2026 10:00 in Shanghai; 1–7 Oct is the National Day holiday (Sat 3 and
        # Sun 4 included), so the two working days are Thu 8 and Fri 9 October
        asked = at("Asia/Shanghai", 2026, 9, 30, 10)
        self.assertEqual(self.deadline(asked, 48, "decision"), at("Asia/Shanghai", 2026, 10, 9, 10))
        self.assertEqual(self.deadline(asked, 24), at("Asia/Shanghai", 2026, 10, 8, 10))
        # the same review in natural time falls in the middle of the holiday
        self.company.collab_sla_time = "natural"
        self.assertEqual(self.deadline(asked, 48, "decision"), asked + timedelta(hours=48))

    def test_make_up_workday_counts(self):
        # Fri 13 Feb 2026: Sat 14 Feb is worked (调休 for the Spring Festival)
        asked = at("Asia/Shanghai", 2026, 2, 13, 10)
        self.assertEqual(self.deadline(asked, 24, "reminder"), at("Asia/Shanghai", 2026, 2, 14, 10))
        # 48 h: the Spring Festival (15–23 Feb) follows, the next working day is Tue 24 Feb
        self.assertEqual(self.deadline(asked, 48, "reminder"), at("Asia/Shanghai", 2026, 2, 24, 10))
        # a 4 h SLA counts working hours: 2 on Friday, then 2 on the make-up Saturday from 9:00
        late = at("Asia/Shanghai", 2026, 2, 13, 16)
        self.assertEqual(self.deadline(late, 4, "risk"), at("Asia/Shanghai", 2026, 2, 14, 11))
        # and 25 h is one working day, then one working hour
        self.assertEqual(self.deadline(asked, 25), at("Asia/Shanghai", 2026, 2, 14, 11))

    def test_urgent_issues_run_on_natural_time(self):
        asked = at("Asia/Shanghai", 2026, 9, 30, 17)
        self.assertEqual(self.deadline(asked, 4, "issue_urgent"), asked + timedelta(hours=4))
        self.assertEqual(self.deadline(asked, 4, "risk"), at("Asia/Shanghai", 2026, 10, 8, 12))
        # what the process counts in working days stays in working days on a natural-time company
        self.company.collab_sla_time = "natural"
        # Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13 October
        self.assertEqual(self.deadline(asked, 5 * 24, "working_days"), at("Asia/Shanghai", 2026, 10, 13, 17))

    def test_taiwan_and_hong_kong(self):
        taiwan = self.env["res.company"].create(
            {"name": "T Taiwan Co", "resource_calendar_id": self.tw_calendar.id, "collab_sla_time": "working"}
        )
        # Thu 8 Oct 2026 in Taipei: Fri 9 Oct is National Day (observed), so one working day is Mon 12
        asked = at("Asia/Taipei", 2026, 10, 8, 10)
        self.assertEqual(self.deadline(asked, 24, company=taiwan), at("Asia/Taipei", 2026, 10, 12, 10))
        self.assertFalse(self.tw_calendar.collab_workday_ids, "Taiwan has no make-up workdays in 2026")
        hong_kong = self.env["res.company"].create(
            {"name": "T Hong Kong Co", "resource_calendar_id": self.hk_calendar.id, "collab_sla_time": "working"}
        )
        # Thu 2 Apr 2026 in Hong Kong: Good Friday, Easter Monday and Ching Ming (observed, Tue 7)
        asked = at("Asia/Hong_Kong", 2026, 4, 2, 10)
        self.assertEqual(self.deadline(asked, 24, company=hong_kong), at("Asia/Hong_Kong", 2026, 4, 8, 10))

    def test_wrong_arguments_are_refused_clearly(self):
        asked = at("Asia/Shanghai", 2026, 9, 30, 10)
        for start, hours, rule, reason in (
            ("not a date", 24, None, "starts at a date and time"),
            (asked, -1, None, "positive number of hours"),
            (asked, "24", None, "positive number of hours"),
            (asked, 24, "holiday", "Unknown SLA rule"),
        ):
            with self.subTest(start=start, hours=hours, rule=rule), self.assertRaisesRegex(UserError, reason):
                self.deadline(start, hours, rule)
        self.assertEqual(self.deadline("2026-09-30 02:00:00", 24), at("Asia/Shanghai", 2026, 10, 8, 10))
        other = self.env["res.company"].create({"name": "T Other Co"})
        with self.assertRaisesRegex(UserError, "one company"):
            (self.company | other).collab_sla_deadline(asked, 24)

    def test_plan_working_days_in_the_calendar_time_zone(self):
        """A holiday stored from 16:00 UTC on the eve is a holiday of the next day in Shanghai."""
        project = self.env["project.project"].create({"name": "T Calendar project"})
        is_working_day, next_working_day, add_working_days = project._plan_calendar_functions()
        self.assertTrue(is_working_day(date(2026, 9, 30)), "the eve of National Day is worked")
        self.assertFalse(is_working_day(date(2026, 10, 1)))
        self.assertTrue(is_working_day(date(2026, 9, 20)), "Sunday 20 September is a make-up workday")
        self.assertEqual(next_working_day(date(2026, 9, 30)), date(2026, 10, 8))
        self.assertEqual(add_working_days(date(2026, 10, 8), 2), date(2026, 10, 10), "Saturday 10 October is worked")

    # ------------------------------------------------------------------------------------------
    # Call sites
    # ------------------------------------------------------------------------------------------
    def test_department_reviews_and_issues_follow_the_calendar(self):
        with freeze_time(at("Asia/Shanghai", 2026, 9, 30, 10)):
            request = self.make_request()
            request.with_user(self.mkt_user).action_submit()
            self.assertEqual(request.stage_deadline, at("Asia/Shanghai", 2026, 10, 8, 10), "24 h PMO review")
            request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
            request.with_user(self.mkt_head).action_confirm_lead()
        self.assertEqual(set(request.approval_ids.mapped("deadline")), {at("Asia/Shanghai", 2026, 10, 9, 10)})


class TestSlaTwoCompanies(RequestCase):
    """One reminder-engine pass over two companies, each with its own
    thresholds, calendar and coordinator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Calendar = cls.env["resource.calendar"]
        cn_calendar = Calendar.create(working_hours("T Shanghai office", "Asia/Shanghai"))
        cn_calendar.collab_load_public_holidays("CN", 2026)
        cls.env.company.write(
            {"resource_calendar_id": cn_calendar.id, "collab_sla_time": "working", "collab_review_hours": 24}
        )
        cls.company_b = cls.env["res.company"].create({"name": "T Hong Kong Co"})
        hk_calendar = Calendar.create(
            {**working_hours("T Hong Kong office", "Asia/Hong_Kong"), "company_id": cls.company_b.id}
        )
        hk_calendar.collab_load_public_holidays("HK", 2026)
        cls.coordinator_b = new_test_user(
            cls.env,
            "t_coord_b",
            groups=GROUP_COORDINATOR,
            name="Test Coordinator B",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.user_b = new_test_user(
            cls.env,
            "t_user_b",
            groups=GROUP_USER,
            name="Test User B",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        # the sponsor works for both companies before he becomes company B's default sponsor
        cls.sponsor.company_ids |= cls.company_b
        cls.company_b.write(
            {
                "resource_calendar_id": hk_calendar.id,
                "collab_sla_time": "working",
                "collab_review_hours": 48,
                "collab_coordinator_id": cls.coordinator_b.id,
                "collab_default_sponsor_id": cls.sponsor.id,
            }
        )
        Department = cls.env["hr.department"]
        cls.dept_b_ops = Department.create({"name": "T B Operations", "company_id": cls.company_b.id})
        cls.dept_b_it = Department.create({"name": "T B IT", "company_id": cls.company_b.id})

    def test_one_engine_pass_follows_each_record_company(self):
        asked = datetime(2026, 9, 30, 2, 0)  # 10:00 in Shanghai and in Hong Kong
        with freeze_time(asked):
            request_a = self.make_request()
            request_a.with_user(self.mkt_user).action_submit()
            request_b = (
                self.env["collab.request"]
                .with_user(self.user_b)
                .create(
                    {
                        "title": "Branch opening",
                        "request_type": "project",
                        "initiating_department_id": self.dept_b_ops.id,
                        "involved_department_ids": [Command.set(self.dept_b_it.ids)],
                        "background": "A new branch",
                        "goal": "Open in Q1",
                        "scope": "IT set-up",
                        "date_expected": date(2026, 12, 31),
                        "priority": "high",
                        "sponsor_id": self.sponsor.id,
                        "line_ids": [
                            Command.create(
                                {
                                    "department_id": self.dept_b_it.id,
                                    "description": "Network and laptops",
                                    "date_due": date(2026, 11, 30),
                                }
                            )
                        ],
                    }
                )
            )
            request_b.with_user(self.user_b).action_submit()
        self.assertEqual(request_b.company_id, self.company_b)
        # A: 24 h = one working day after the National Day holiday (Thu 8 Oct, Shanghai)
        self.assertEqual(request_a.stage_deadline, datetime(2026, 10, 8, 2, 0))
        # B: 48 h = two Hong Kong working days (1 Oct is a holiday): Fri 2 and Mon 5 Oct
        self.assertEqual(request_b.stage_deadline, datetime(2026, 10, 5, 2, 0))

        Log = self.env["collab.reminder.log"]
        engine = self.env["collab.reminder.engine"]

        def chased(request):
            # the PMO review is a decision record of the request (collab.request.step)
            self.assertEqual(request.step_ids.deadline, request.stage_deadline)
            return Log.search(
                [
                    ("res_model", "=", "collab.request.step"),
                    ("res_id", "in", request.step_ids.ids),
                    ("rule", "=", "request_step_overdue"),
                ]
            )

        with freeze_time(datetime(2026, 10, 5, 3, 0)):
            engine.run_batch(limit=1000)
        self.assertFalse(chased(request_a), "A is not due before Shanghai's 8 October")
        self.assertEqual(chased(request_b).recipient_ids, self.coordinator_b, "B's own coordinator is chased")

        with freeze_time(datetime(2026, 10, 8, 3, 0)):
            engine.run_batch(limit=1000)
        self.assertEqual(chased(request_a).recipient_ids, self.coordinator)
        self.assertEqual(len(chased(request_b)), 1, "B is chased once")


class TestSlaDefaults(RequestCase):
    def test_decisions_count_working_time_by_default(self):
        company = self.env["res.company"].create({"name": "T New Co"})
        self.assertEqual(company.collab_sla_time, "working")
        # Friday 10:00 UTC + 24 h on the standard Mon–Fri calendar: Monday, same hour
        friday = datetime(2026, 11, 27, 10, 0)
        due = company.collab_sla_deadline(friday, 24)
        self.assertEqual(due.weekday(), 0)
        # urgent issues keep natural time
        self.assertEqual(company.collab_sla_deadline(friday, 4, rule="issue_urgent"), friday + timedelta(hours=4))

    def test_loading_says_what_it_loaded_and_shows_days_and_the_year_plainly(self):
        calendar = self.env["resource.calendar"].create(
            {**working_hours("T Guangzhou office", "Asia/Shanghai"), "collab_holiday_country": "CN"}
        )
        calendar.collab_holiday_year = 2026  # the holidays package knows the years China announced
        calendar.global_leave_ids.unlink()  # a new calendar copies its company's global leaves
        action = calendar.action_collab_load_public_holidays()
        params = action["params"]
        holidays, workdays = len(calendar.global_leave_ids), len(calendar.collab_workday_ids)
        self.assertTrue(holidays and workdays)
        self.assertEqual(
            params["message"],
            f"{holidays + workdays} days of Mainland China 2026 loaded into T Guangzhou office: {holidays} public "
            f"holidays and {workdays} make-up workdays. Days already there were kept.",
        )
        self.assertTrue(params["sticky"])
        self.assertIn("Nothing to load", calendar.action_collab_load_public_holidays()["params"]["message"])
        form = self.env["resource.calendar"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("""name="collab_holiday_year" options="{'enable_formatting': false}\"""", form)
        self.assertIn('name="date_from" widget="date"', form)

    def test_the_demo_calendar_counts_in_chinas_time(self):
        calendar = self.env.ref("resource.resource_calendar_std")
        self.assertEqual((calendar.tz, calendar.collab_holiday_country), ("Asia/Shanghai", "CN"))
