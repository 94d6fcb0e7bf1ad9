import logging
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

try:
    import holidays as holidays_lib
except ImportError:  # declared in the manifest's external_dependencies; kept importable for tooling
    holidays_lib = None

# Countries whose public holidays and make-up workdays can be loaded
HOLIDAY_COUNTRIES = [("CN", "Mainland China"), ("TW", "Taiwan"), ("HK", "Hong Kong")]
# Hong Kong's statutory holidays are "public"; offices close on the general holidays ("optional")
HOLIDAY_CATEGORIES = {"HK": ("optional", "public")}
# how far the SLA helper looks for the next working day or hour before calling the calendar empty
MAX_SEARCH_DAYS = 400


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    collab_workday_ids = fields.One2many(
        "collab.calendar.workday",
        "calendar_id",
        string="Make-up Workdays",
        help="Rest days that are worked (调休), e.g. a Saturday worked to bridge a public holiday.",
    )
    collab_holiday_country = fields.Selection(
        HOLIDAY_COUNTRIES,
        string="Public Holidays Of",
        help="Country or region whose public holidays and make-up workdays are loaded into this calendar; "
        "next year's are loaded every December.",
    )
    collab_holiday_year = fields.Integer(
        string="Holiday Year",
        default=lambda self: self.env.company.collab_today().year,
        help="Year to load with the button.",
    )

    # ------------------------------------------------------------------------------------------
    # Working days: attendances, public holidays (global leaves) and make-up workdays
    # ------------------------------------------------------------------------------------------
    def _collab_tz(self):
        return timezone(self.tz or "UTC") if self else utc

    def _collab_day_sets(self):
        """``(holidays, workdays)``: the local dates covered by a global leave, and the make-up
        workdays. Dates are in the calendar's time zone (a leave stored in UTC from 16:00 on the
        eve is a holiday of the next day in Asia/Shanghai)."""
        self.ensure_one()
        tz = self._collab_tz()
        holidays = set()
        for leave in self.global_leave_ids:
            first = utc.localize(leave.date_from).astimezone(tz)
            last = utc.localize(leave.date_to).astimezone(tz)
            if last.time() == time.min and last > first:
                last -= timedelta(microseconds=1)  # a leave up to midnight ends the day before
            day = first.date()
            while day <= last.date():
                holidays.add(day)
                day += timedelta(days=1)
        return holidays, set(self.collab_workday_ids.mapped("date"))

    def _collab_working_day_checker(self):
        """A function telling whether a local date is a working day of the calendar (Monday to
        Friday without a calendar)."""
        if not self:
            return lambda day: day.weekday() < 5
        weekdays = {int(attendance.dayofweek) for attendance in self._get_global_attendances()}
        holidays, workdays = self._collab_day_sets()

        def is_working_day(day):
            # a declared make-up workday wins over the week's rest days and any overlapping leave
            return day in workdays or (day.weekday() in weekdays and day not in holidays)

        return is_working_day

    def _collab_day_hours(self, day, is_working_day):
        """Working intervals ``[(hour_from, hour_to)]`` of a local date; a make-up workday works
        the hours of the calendar's first working weekday."""
        if not is_working_day(day):
            return []
        attendances = self._get_global_attendances()
        if self.two_weeks_calendar:
            week_type = str(self.env["resource.calendar.attendance"].get_week_type(day))
            attendances = attendances.filtered(lambda a: a.week_type == week_type)
        weekday = day.weekday()
        if not any(int(a.dayofweek) == weekday for a in attendances):
            weekday = min((int(a.dayofweek) for a in attendances), default=None)
        return sorted((a.hour_from, a.hour_to) for a in attendances if int(a.dayofweek) == weekday)

    def _collab_plan_sla(self, start, hours):
        """Due moment (naive UTC) of ``hours`` from ``start`` (naive UTC) on this calendar.

        Each whole 24 hours is one working day, to the same local clock time; what remains
        (e.g. 4 h) is counted in the calendar's working hours.
        """
        self.ensure_one()
        tz = self._collab_tz()
        is_working_day = self._collab_working_day_checker()
        local = utc.localize(start).astimezone(tz)
        days, rest = divmod(hours, 24)
        if days:
            day = local.date()
            for _i in range(int(days)):
                day = self._collab_next_working_day(day, is_working_day)
            local = tz.localize(datetime.combine(day, local.time().replace(tzinfo=None)))
        if rest:
            local = self._collab_add_working_hours(local, rest, is_working_day)
        return local.astimezone(utc).replace(tzinfo=None)

    def _collab_next_working_day(self, day, is_working_day):
        for _i in range(MAX_SEARCH_DAYS):
            day += timedelta(days=1)
            if is_working_day(day):
                return day
        raise UserError(_("The working calendar %(calendar)s has no working day.", calendar=self.display_name))

    def _collab_add_working_hours(self, local, hours, is_working_day):
        tz = local.tzinfo
        remaining = hours
        moment = local
        for _i in range(MAX_SEARCH_DAYS):
            day = moment.date()
            midnight = datetime.combine(day, time.min)
            for hour_from, hour_to in self._collab_day_hours(day, is_working_day):
                begin = max(moment, tz.localize(midnight + timedelta(hours=hour_from)))
                end = tz.localize(midnight + timedelta(hours=hour_to))
                if begin >= end:
                    continue
                available = (end - begin).total_seconds() / 3600
                if available >= remaining:
                    return begin + timedelta(hours=remaining)
                remaining -= available
            moment = tz.localize(midnight + timedelta(days=1))
        raise UserError(_("The working calendar %(calendar)s has no working hours.", calendar=self.display_name))

    # ------------------------------------------------------------------------------------------
    # Public holidays and make-up workdays from the `holidays` package
    # ------------------------------------------------------------------------------------------
    def collab_load_public_holidays(self, country_code, year):
        """Load the public holidays (as global leaves) and make-up workdays of ``country_code``
        (CN, TW or HK) for ``year`` into each calendar; days already there are kept as they are.

        :return: how many days were added (holidays and make-up workdays), 0 when run again
        """
        country_code = self._collab_check_holiday_args(country_code, year)
        official = self._collab_official_days(country_code, year)
        leaves_vals, workdays_vals = [], []
        for calendar in self:
            tz = calendar._collab_tz()
            holidays, workdays = calendar._collab_day_sets()
            for day, name in sorted(official["holidays"].items()):
                if day in holidays:
                    continue
                start = tz.localize(datetime.combine(day, time.min))
                end = tz.localize(datetime.combine(day, time(23, 59, 59)))
                leaves_vals.append(
                    {
                        "name": name,
                        "calendar_id": calendar.id,
                        "date_from": start.astimezone(utc).replace(tzinfo=None),
                        "date_to": end.astimezone(utc).replace(tzinfo=None),
                        "time_type": "leave",
                    }
                )
            workdays_vals += [
                {"calendar_id": calendar.id, "date": day, "name": name}
                for day, name in sorted(official["workdays"].items())
                if day not in workdays
            ]
        self.env["resource.calendar.leaves"].create(leaves_vals)
        self.env["collab.calendar.workday"].create(workdays_vals)
        self.filtered(lambda c: c.collab_holiday_country != country_code).collab_holiday_country = country_code
        return len(leaves_vals) + len(workdays_vals)

    @api.model
    def _collab_check_holiday_args(self, country_code, year):
        codes = [code for code, __ in HOLIDAY_COUNTRIES]
        if not isinstance(country_code, str) or country_code.upper() not in codes:
            raise UserError(
                _(
                    "Public holidays can be loaded for %(countries)s, not for %(country)s.",
                    countries=", ".join(codes),
                    country=country_code,
                )
            )
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            raise UserError(_("Give the year to load as a number between 2000 and 2100, not %(year)s.", year=year))
        if holidays_lib is None:
            raise UserError(_("The Python package “holidays” is not installed on the server."))
        return country_code.upper()

    @api.model
    def _collab_official_days(self, country_code, year):
        """``{"holidays": {date: name}, "workdays": {date: name}}`` of one country and year."""
        options = {"years": year, "categories": HOLIDAY_CATEGORIES.get(country_code, ("public",))}
        entity = holidays_lib.country_holidays(country_code, **options)
        lang = self.env.lang or "en_US"
        if lang in entity.supported_languages and lang != entity.default_language:
            entity = holidays_lib.country_holidays(country_code, language=lang, **options)
        days = {day: name for day, name in entity.items() if day.year == year}
        workdays = {
            day: _("Make-up workday")
            for day in getattr(entity, "weekend_workdays", ())  # older releases have no make-up days
            if day.year == year
        }
        return {"holidays": days, "workdays": workdays}

    def action_collab_load_public_holidays(self):
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        if not self.collab_holiday_country:
            raise UserError(_("Choose whose public holidays to load."))
        holidays_before, workdays_before = len(self.global_leave_ids), len(self.collab_workday_ids)
        count = self.collab_load_public_holidays(self.collab_holiday_country, self.collab_holiday_year)
        holidays = len(self.global_leave_ids) - holidays_before
        workdays = len(self.collab_workday_ids) - workdays_before
        country = dict(self._fields["collab_holiday_country"]._description_selection(self.env))[
            self.collab_holiday_country
        ]
        if count:
            message = _(
                "%(count)s days of %(country)s %(year)s loaded into %(calendar)s: %(holidays)s public holidays "
                "and %(workdays)s make-up workdays. Days already there were kept.",
                count=count,
                country=country,
                year=self.collab_holiday_year,
                calendar=self.name,
                holidays=holidays,
                workdays=workdays,
            )
        else:
            message = _(
                "Nothing to load: every public holiday and make-up workday of %(country)s %(year)s is already in "
                "%(calendar)s.",
                country=country,
                year=self.collab_holiday_year,
                calendar=self.name,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if count else "info",
                "title": _("Public holidays"),
                "message": message,
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_collab_load_public_holidays(self):
        """Yearly: load next year's public holidays into every calendar that names its country."""
        year = self.env.company.collab_today().year + 1
        calendars = self.search([("collab_holiday_country", "!=", False)])
        for country_code, group in calendars.grouped("collab_holiday_country").items():
            count = group.collab_load_public_holidays(country_code, year)
            _logger.info(
                "Public holidays %s %s: %s days loaded into %s calendars", country_code, year, count, len(group)
            )
