"""Timeline (Gantt-like) picture of a project plan as a self-contained SVG 1.1 string.

Odoo Community has no Gantt view: the project form shows this picture inline and the PDF report
embeds it. The output therefore avoids what wkhtmltopdf's old QtWebKit misses (scripts, external
fonts or stylesheets, CSS variables, ``foreignObject``) and styles with presentation attributes
only, so nothing leaks into the page it is inlined in. Nothing here touches the ORM.

A task may carry the span it had in the project's baseline (``baseline_start``/``baseline_end``):
a thin grey bar is then drawn under its bar, in the same row, and the part of the task that now ends
after the baseline's end (its slip) in red on that same thin track.

The picture is ``width="100%"`` with its natural width as ``min-width``: it keeps its size and the
page scrolls it horizontally on a phone. A PDF template that must fit it on the page overrides
``min-width`` (``!important``) and the picture shrinks, top-left aligned.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape

from .plan_scheduling import DATE_MAX, DATE_MIN

DEFAULT_LABELS = {
    "today": "Today",
    "critical": "Critical path",
    "no_tasks": "No planned tasks",
    "legend_not_started": "Not started",
    "legend_waiting": "Waiting",
    "legend_in_progress": "In progress",
    "legend_done": "Done",
    "legend_delayed": "Delayed",
    "legend_blocked": "Blocked",
    "legend_baseline": "Baseline",
    "legend_slip": "Slip",
}

# status: (bar colour, progress colour); the legend follows this order
STATUS_COLORS = {
    "not_started": ("#d1d5db", "#6b7280"),
    "waiting": ("#e0e7ff", "#6366f1"),
    "in_progress": ("#93c5fd", "#2563eb"),
    "done": ("#86efac", "#16a34a"),
    "delayed": ("#fca5a5", "#dc2626"),
    "blocked": ("#fdba74", "#ea580c"),
}
CRITICAL_COLOR = "#7f1d1d"
ARROW_COLOR = "#6b7280"
TODAY_COLOR = "#db2777"
GRID_COLOR = "#e5e7eb"
RULE_COLOR = "#9ca3af"
TEXT_COLOR = "#111827"
MUTED_COLOR = "#4b5563"
SHADE_COLOR = "#f3f4f6"
BASELINE_COLOR = "#9ca3af"
SLIP_COLOR = "#dc2626"
FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"

FONT_SIZE = 12
SMALL_FONT_SIZE = 10
PAD = 8
INDENT = 14
ROW_HEIGHT = 24
BAR_HEIGHT = 14
# the baseline's thin track under a bar: the bar moves up by half of it so both stay in the row
# (2 px to the row's top, 2 px to its bottom)
BASELINE_BAR_HEIGHT = 4
BASELINE_GAP = 2
BASELINE_SHIFT = (BASELINE_BAR_HEIGHT + BASELINE_GAP) / 2
AXIS_HEIGHT = 40
TODAY_STRIP_HEIGHT = 18
LEGEND_ROW_HEIGHT = 20
ARROW_GAP = 10
NAME_MAX_CHARS = 40
DEPARTMENT_MAX_CHARS = 16
MIN_LABEL_WIDTH = 160
MIN_CHART_WIDTH = 480
MAX_CHART_WIDTH = 4800
MIN_FIT_CHART_WIDTH = 240
# Dates drawn: a stored plan outside these (9999-12-31, 0001-01-01 …) is clamped to them, so the
# axis arithmetic never leaves Python's date range and the picture never raises.
# (longest span in days, tick unit, pixels per day); the last unit has no limit
SCALES = ((21, "day", 32), (183, "week", 10), (None, "month", 3))

_SVG_NS = "http://www.w3.org/2000/svg"
_ARROW_ID = "o_collab_timeline_arrow"
_CRITICAL_ARROW_ID = "o_collab_timeline_arrow_critical"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class _Axis:
    """The chart's dates, from ``start`` to ``end`` included, drawn from ``x0`` at ``day_width`` per day."""

    start: date
    end: date
    unit: str
    x0: float
    day_width: float

    def x(self, day: date) -> float:
        return self.x0 + (day - self.start).days * self.day_width

    @property
    def x_end(self) -> float:
        return self.x(self.end + timedelta(days=1))


@dataclass(frozen=True)
class _Bar:
    """Where a task's bar was drawn, for the arrows: its left and right edges, its middle and the
    middle of its row (below the bar's when the row also shows a baseline)."""

    x_start: float
    x_end: float
    y: float
    critical: bool
    row_middle: float


def timeline_range(tasks: Iterable[Mapping]) -> tuple[date, date] | None:
    """``(first start, last end)`` over the tasks' bars and baseline bars, or None when none has."""
    spans = [span for task in tasks for span in (_span(task), _baseline_span(task)) if span]
    if not spans:
        return None
    return min(start for start, _end in spans), max(end for _start, end in spans)


def render_timeline_svg(
    tasks: Sequence[Mapping],
    edges: Iterable[tuple],
    today: date,
    labels: Mapping[str, str] | None = None,
    legend: bool = True,
    fit_width: float | None = None,
) -> str:
    """The plan as an SVG string: one row per task (in the given order), bars, arrows and a legend.

    ``tasks`` are dicts with ``id``, ``code``, ``name``, ``start``, ``end`` (dates or None: no bar),
    ``critical``, ``status`` (a key of ``STATUS_COLORS``), ``progress`` (0-100), ``level`` (0 at the
    top) and ``department``; ``edges`` are ``(task_id, predecessor_id)`` pairs, drawn as arrows when
    both tasks have a bar, in dark red when both are critical. ``today`` gets a dashed line when it
    falls on the axis. ``labels`` overrides texts of ``DEFAULT_LABELS`` by key (already translated):
    ``today`` "Today", ``critical`` "Critical path", ``no_tasks`` "No planned tasks", and
    ``legend_<status>`` "Not started", "Waiting", "In progress", "Done", "Delayed", "Blocked",
    ``legend_baseline`` "Baseline" and ``legend_slip`` "Slip". A task may also carry ``baseline_start``
    and ``baseline_end``: its bar in the baseline, drawn thin and grey under its bar, with the days it
    now ends after it in red; the legend then explains both. ``legend=False`` leaves the legend out (``render_timeline_html`` shows it beside the picture).
    ``fit_width`` (px): the bars are squeezed so the whole picture is about that wide and its texts
    keep their size where it is shown at that width (a printed page: otherwise the picture shrinks
    to the page and its labels to 4–5 pt).
    """
    texts = {**DEFAULT_LABELS, **(labels or {})}
    if not tasks:
        return _empty_svg(texts["no_tasks"])
    first, last = timeline_range(tasks) or (today, today)
    x0, margin = _label_column_width(tasks), _department_margin(tasks)
    chart_width = None if fit_width is None else max(fit_width - x0 - margin, MIN_FIT_CHART_WIDTH)
    axis = _make_axis(first, last, x0=x0, chart_width=chart_width)
    width = axis.x_end + margin
    body_bottom = AXIS_HEIGHT + len(tasks) * ROW_HEIGHT
    show_today = axis.start <= today <= axis.end
    legend_top = body_bottom + (TODAY_STRIP_HEIGHT if show_today else 0) + PAD
    baselines = _has_baselines(tasks)
    legend, legend_height = _legend(texts, width, legend_top, baselines) if legend else ("", 0)
    shading, labels_markup, bars_markup, bars = _rows(tasks, axis, width, texts, baselines)
    parts = [
        _defs(),
        *shading,
        *_axis_marks(axis, body_bottom),
        _line(axis.x0, 0, axis.x0, body_bottom, RULE_COLOR),
        _line(0, AXIS_HEIGHT, width, AXIS_HEIGHT, RULE_COLOR),
        *labels_markup,
        *bars_markup,
        *_arrows(edges, bars),
        _today(axis, today, body_bottom, width, texts["today"]) if show_today else "",
        legend,
    ]
    return _svg(width, legend_top + legend_height + PAD, "".join(parts))


def render_timeline_html(
    tasks: Sequence[Mapping],
    edges: Iterable[tuple],
    today: date,
    labels: Mapping[str, str] | None = None,
) -> str:
    """The timeline for a screen: the legend on top, then the picture in a box that scrolls
    sideways, with the task names laid over its left edge and kept there (``position: sticky``)
    while the bars scroll. Same arguments as ``render_timeline_svg``; inline styles only."""
    texts = {**DEFAULT_LABELS, **(labels or {})}
    if not tasks:
        return _empty_svg(texts["no_tasks"])
    picture = render_timeline_svg(tasks, edges, today, labels, legend=False)
    width = _label_column_width(tasks)
    height = AXIS_HEIGHT + len(tasks) * ROW_HEIGHT
    names = [_tag("rect", x=0, y=0, width=width, height=height, fill="#ffffff")]
    for index, task in enumerate(tasks):
        top = AXIS_HEIGHT + index * ROW_HEIGHT
        if index % 2:
            names.append(_tag("rect", x=0, y=top, width=width, height=ROW_HEIGHT, fill=SHADE_COLOR))
        is_parent = index + 1 < len(tasks) and tasks[index + 1].get("level", 0) > task.get("level", 0)
        names.append(_label(task, top + ROW_HEIGHT / 2, is_parent))
    names.append(_line(width - 0.5, 0, width - 0.5, height, RULE_COLOR))
    names.append(_line(0, AXIS_HEIGHT, width, AXIS_HEIGHT, RULE_COLOR))
    name_column = _tag(
        "svg",
        "".join(names),
        xmlns=_SVG_NS,
        version="1.1",
        class_="o_collab_timeline_names",
        width=width,
        height=height,
        viewBox=f"0 0 {_num(width)} {_num(height)}",
        font_family=FONT_FAMILY,
        font_size=FONT_SIZE,
        fill=TEXT_COLOR,
        style="position:sticky;left:0;z-index:1;grid-area:1/1;align-self:start;justify-self:start",
    )
    chart = f'<div style="grid-area:1/1">{picture}</div>'
    scroller = _tag(
        "div",
        _tag("div", name_column + chart, style="display:grid;min-width:min-content"),
        class_="o_collab_timeline_scroll",
        style="overflow-x:auto;position:relative",
    )
    legend = _legend_html(texts, _has_baselines(tasks))
    return _tag("div", legend + scroller, class_="o_collab_timeline_frame")


def _legend_html(texts: Mapping[str, str], baselines: bool = False) -> str:
    """The legend as wrapping HTML, always in view above the scrolling picture."""
    box = "height:10px;vertical-align:baseline"
    swatches = [
        (_clean(texts[f"legend_{status}"]), f"{box};background:{color};border:1px solid {progress_color}")
        for status, (color, progress_color) in STATUS_COLORS.items()
    ]
    swatches.append((_clean(texts["critical"]), f"{box};background:#ffffff;border:2px solid {CRITICAL_COLOR}"))
    if baselines:
        thin = f"height:{BASELINE_BAR_HEIGHT}px;vertical-align:middle"
        swatches.append((_clean(texts["legend_baseline"]), f"{thin};background:{BASELINE_COLOR}"))
        swatches.append((_clean(texts["legend_slip"]), f"{thin};background:{SLIP_COLOR}"))
    items = "".join(
        _tag(
            "span",
            _tag("span", " ", style=f"display:inline-block;width:14px;margin-right:4px;{style}") + _text(label),
            style="white-space:nowrap;margin-right:16px",
        )
        for label, style in swatches
    )
    return _tag(
        "div",
        items,
        class_="o_collab_timeline_legend",
        style=f"display:flex;flex-wrap:wrap;font-size:{SMALL_FONT_SIZE + 2}px;color:{TEXT_COLOR};margin-bottom:4px",
    )


# Layout ------------------------------------------------------------------------------------------


def _span(task: Mapping) -> tuple[date, date] | None:
    start, end = _clamped(task.get("start")), _clamped(task.get("end"))
    return (start, end) if start and end and start <= end else None


def _baseline_span(task: Mapping) -> tuple[date, date] | None:
    start, end = _clamped(task.get("baseline_start")), _clamped(task.get("baseline_end"))
    return (start, end) if start and end and start <= end else None


def _has_baselines(tasks: Iterable[Mapping]) -> bool:
    return any(_baseline_span(task) for task in tasks)


def _clamped(day) -> date | None:
    """A date within ``DATE_MIN`` … ``DATE_MAX``; None for what is no date."""
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        return None
    return min(max(day, DATE_MIN), DATE_MAX)


def _make_axis(first: date, last: date, x0: float, chart_width: float | None = None) -> _Axis:
    """Ticks by day up to 3 weeks, by week (Mondays) up to 6 months, else by month, on whole units."""
    days = (last - first).days + 1
    unit, pixels_per_day = next((unit, pixels) for limit, unit, pixels in SCALES if limit is None or days <= limit)
    if unit == "week":
        first -= timedelta(days=first.weekday())
        last += timedelta(days=6 - last.weekday())
    elif unit == "month":
        first = first.replace(day=1)
        last = _next_month(last) - timedelta(days=1)
    days = (last - first).days + 1
    if chart_width is None:
        chart_width = min(max(days * pixels_per_day, MIN_CHART_WIDTH), MAX_CHART_WIDTH)
    return _Axis(first, last, unit, x0, chart_width / days)


def _label_column_width(tasks: Iterable[Mapping]) -> float:
    widest = max(task.get("level", 0) * INDENT + _text_width(_row_label(task), FONT_SIZE) for task in tasks)
    return max(MIN_LABEL_WIDTH, widest + 2 * PAD)


def _department_margin(tasks: Iterable[Mapping]) -> float:
    """Room right of the chart for the department written after the last bars, past their arrows."""
    widest = max((_text_width(_department(task), SMALL_FONT_SIZE) for task in tasks if _span(task)), default=0)
    return ARROW_GAP + widest + 2 * PAD


def _row_label(task: Mapping) -> str:
    return f"{task['code']} {_truncate(_clean(task['name']), NAME_MAX_CHARS)}"


def _department(task: Mapping) -> str:
    return _truncate(_clean(task.get("department") or ""), DEPARTMENT_MAX_CHARS)


def _text_width(text: str, font_size: float) -> float:
    """Rough rendered width: wide (CJK) characters take one em, others about 0.6 em."""
    return font_size * sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text)


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def _clean(text: str) -> str:
    """One line of text without the control characters XML cannot carry."""
    return " ".join(_NOT_XML.sub("", str(text)).split())


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_starts(start: date, end: date) -> list[date]:
    month = start if start.day == 1 else _next_month(start)
    months = []
    while month <= end:
        months.append(month)
        month = _next_month(month)
    return months


# Drawing -----------------------------------------------------------------------------------------


def _rows(tasks: Sequence[Mapping], axis: _Axis, width: float, texts: Mapping[str, str], baselines: bool = False):
    """Row shading, labels and bars of the tasks (with their baseline and slip under them), and the
    bar of each task id for the arrows. When a row of the picture shows a baseline, every bar
    moves up by ``BASELINE_SHIFT`` so that the bars stay aligned from row to row."""
    bar_offset = -BASELINE_SHIFT if baselines else 0
    shading, labels, bars_markup, bars = [], [], [], {}
    for index, task in enumerate(tasks):
        top = AXIS_HEIGHT + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        if index % 2:
            shading.append(_tag("rect", x=0, y=top, width=width, height=ROW_HEIGHT, fill=SHADE_COLOR))
        is_parent = index + 1 < len(tasks) and tasks[index + 1].get("level", 0) > task.get("level", 0)
        labels.append(_label(task, middle, is_parent))
        span, baseline = _span(task), _baseline_span(task)
        bar_middle = middle + bar_offset
        if baseline:
            bars_markup.append(_baseline_bar(span, baseline, axis, bar_middle, texts))
        if span:
            x_start, x_end = axis.x(span[0]), axis.x(span[1] + timedelta(days=1))
            bar = _Bar(x_start, x_end, bar_middle, bool(task.get("critical")), middle)
            bars[task["id"]] = bar
            bars_markup.append(_bar(task, span, bar, texts, baseline))
    return shading, labels, bars_markup, bars


def _baseline_bar(span, baseline: tuple[date, date], axis: _Axis, bar_middle: float, texts: Mapping[str, str]) -> str:
    """The thin grey bar of the task's baseline under its bar and, when the task now ends after the
    baseline's end, the slip: from the baseline's end to the task's end, in red on the same track."""
    top = bar_middle + BAR_HEIGHT / 2 + BASELINE_GAP
    x_start, x_end = axis.x(baseline[0]), axis.x(baseline[1] + timedelta(days=1))
    title = f"{_clean(texts['legend_baseline'])} {baseline[0].isoformat()} – {baseline[1].isoformat()}"
    markup = _tag(
        "g",
        _tag("title", _text(title))
        + _tag("rect", x=x_start, y=top, width=x_end - x_start, height=BASELINE_BAR_HEIGHT, fill=BASELINE_COLOR),
        class_="o_collab_timeline_baseline",
    )
    if span and span[1] > baseline[1]:
        slip_end = axis.x(span[1] + timedelta(days=1))
        title = f"{_clean(texts['legend_slip'])} {baseline[1].isoformat()} → {span[1].isoformat()}"
        markup += _tag(
            "g",
            _tag("title", _text(title))
            + _tag("rect", x=x_end, y=top, width=slip_end - x_end, height=BASELINE_BAR_HEIGHT, fill=SLIP_COLOR),
            class_="o_collab_timeline_slip",
        )
    return markup


def _label(task: Mapping, middle: float, is_parent: bool) -> str:
    code = _tag("tspan", _text(task["code"]), fill=MUTED_COLOR)
    name = _text(_truncate(_clean(task["name"]), NAME_MAX_CHARS))
    label = _tag(
        "text",
        f"{code} {name}",
        x=PAD + task.get("level", 0) * INDENT,
        y=middle + FONT_SIZE * 0.35,
        font_weight="bold" if is_parent else None,
    )
    title = _tag("title", _text(f"{task['code']} {_clean(task['name'])}"))
    return _tag("g", title + label, class_="o_collab_timeline_label")


def _bar(task: Mapping, span: tuple[date, date], bar: _Bar, texts: Mapping[str, str], baseline=None) -> str:
    status = task.get("status") if task.get("status") in STATUS_COLORS else "not_started"
    color, progress_color = STATUS_COLORS[status]
    progress = min(max(task.get("progress") or 0, 0), 100)
    department = _department(task)
    details = [
        f"{task['code']} {_clean(task['name'])}",
        _clean(task.get("department") or ""),
        f"{span[0].isoformat()} – {span[1].isoformat()}",
        f"{texts[f'legend_{status}']} · {round(progress)}%",
        texts["critical"] if bar.critical else "",
        f"{_clean(texts['legend_baseline'])} {baseline[0].isoformat()} – {baseline[1].isoformat()}" if baseline else "",
    ]
    top, bar_width = bar.y - BAR_HEIGHT / 2, bar.x_end - bar.x_start
    parts = [
        _tag("title", _text("\n".join(line for line in details if line))),
        _tag("rect", x=bar.x_start, y=top, width=bar_width, height=BAR_HEIGHT, fill=color),
        _tag("rect", x=bar.x_start, y=top, width=bar_width * progress / 100, height=BAR_HEIGHT, fill=progress_color),
        _tag(
            "rect",
            x=bar.x_start,
            y=top,
            width=bar_width,
            height=BAR_HEIGHT,
            fill="none",
            stroke=CRITICAL_COLOR if bar.critical else progress_color,
            stroke_width=2.5 if bar.critical else 1,
        ),
    ]
    if department:
        parts.append(
            _tag(
                "text",
                _text(department),
                x=bar.x_end + ARROW_GAP + 4,
                y=bar.y + SMALL_FONT_SIZE * 0.35,
                font_size=SMALL_FONT_SIZE,
                fill=MUTED_COLOR,
            )
        )
    kind = "o_collab_timeline_bar o_collab_timeline_critical" if bar.critical else "o_collab_timeline_bar"
    return _tag("g", "".join(parts), class_=kind)


def _arrows(edges: Iterable[tuple], bars: Mapping) -> list[str]:
    """Elbow arrows from the predecessor's end to the task's start, the critical ones drawn on top."""
    plain, critical = [], []
    for task_id, predecessor_id in edges:
        task, predecessor = bars.get(task_id), bars.get(predecessor_id)
        if not task or not predecessor:
            continue
        on_critical_path = task.critical and predecessor.critical
        (critical if on_critical_path else plain).append(
            _tag(
                "path",
                d=_elbow(predecessor.x_end, predecessor.y, task.x_start, task.y, task.row_middle),
                fill="none",
                stroke=CRITICAL_COLOR if on_critical_path else ARROW_COLOR,
                stroke_width=1.5 if on_critical_path else 1,
                marker_end=f"url(#{_CRITICAL_ARROW_ID if on_critical_path else _ARROW_ID})",
                class_="o_collab_timeline_arrow",
            )
        )
    return plain + critical


def _elbow(x1: float, y1: float, x2: float, y2: float, row_middle: float | None = None) -> str:
    """Out to the right, vertical, in from the left; around by the edge of the task's row (whose
    middle is ``row_middle``, ``y2`` by default) when the task starts too early."""
    out = x1 + ARROW_GAP
    if x2 - out >= ARROW_GAP:
        return f"M{_num(x1)},{_num(y1)} H{_num(out)} V{_num(y2)} H{_num(x2)}"
    row_middle = y2 if row_middle is None else row_middle
    edge = row_middle - ROW_HEIGHT / 2 if y2 > y1 else row_middle + ROW_HEIGHT / 2
    back = x2 - ARROW_GAP
    return f"M{_num(x1)},{_num(y1)} H{_num(out)} V{_num(edge)} H{_num(back)} V{_num(y2)} H{_num(x2)}"


def _axis_marks(axis: _Axis, body_bottom: float) -> list[str]:
    """Grid lines and labelled ticks; above them the months (or the years when ticking by month)."""
    ticks, periods = _ticks(axis)
    marks = [
        _line(axis.x(day), AXIS_HEIGHT - 6, axis.x(day), body_bottom, GRID_COLOR, class_="o_collab_timeline_tick")
        for day, _label in ticks
    ]
    marks += [_line(axis.x(day), 4, axis.x(day), AXIS_HEIGHT, RULE_COLOR) for day, _label in periods]
    opening = (axis.start, _period_label(axis, axis.start))
    if not periods or axis.x(periods[0][0]) >= axis.x0 + _label_room(opening[1]):
        periods.insert(0, opening)
    for day, label in _spaced(axis, ticks):
        marks.append(_tag("text", _text(label), x=axis.x(day) + 3, y=AXIS_HEIGHT - 8, font_size=SMALL_FONT_SIZE))
    for day, label in _spaced(axis, periods):
        marks.append(_tag("text", _text(label), x=axis.x(day) + 3, y=16, font_weight="bold", font_size=SMALL_FONT_SIZE))
    return [_tag("g", "".join(marks), class_="o_collab_timeline_axis", fill=MUTED_COLOR)]


def _ticks(axis: _Axis) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
    """``(date, label)`` of the ticks (days, Mondays or months) and of the periods starting on the axis."""
    months = _month_starts(axis.start, axis.end)
    if axis.unit == "month":
        ticks = [(day, f"{day.month:02d}") for day in months]
        months = [day for day in months if day.month == 1]
    else:
        step = 7 if axis.unit == "week" else 1
        days = (axis.start + timedelta(days=offset) for offset in range(0, (axis.end - axis.start).days + 1, step))
        ticks = [(day, str(day.day)) for day in days]
    return ticks, [(day, _period_label(axis, day)) for day in months]


def _period_label(axis: _Axis, day: date) -> str:
    return str(day.year) if axis.unit == "month" else f"{day.year}-{day.month:02d}"


def _spaced(axis: _Axis, marks: Iterable[tuple[date, str]]) -> list[tuple[date, str]]:
    """The marks whose label neither runs into the previous label kept nor past the axis end."""
    kept, free_from = [], axis.x0
    for day, label in marks:
        x = axis.x(day)
        if x >= free_from and x + _text_width(label, SMALL_FONT_SIZE) + 3 <= axis.x_end:
            kept.append((day, label))
            free_from = x + _label_room(label)
    return kept


def _label_room(label: str) -> float:
    return _text_width(label, SMALL_FONT_SIZE) + 2 * PAD


def _today(axis: _Axis, today: date, body_bottom: float, width: float, label: str) -> str:
    x = axis.x(today) + axis.day_width / 2
    caption = f"{_clean(label)} {today.isoformat()}"
    half = _text_width(caption, SMALL_FONT_SIZE) / 2
    line = _tag(
        "line",
        x1=x,
        y1=AXIS_HEIGHT,
        x2=x,
        y2=body_bottom + 4,
        stroke=TODAY_COLOR,
        stroke_width=1.5,
        stroke_dasharray="4,3",
    )
    text = _tag(
        "text",
        _text(caption),
        x=min(max(x, axis.x0 + half), width - half),
        y=body_bottom + 14,
        font_size=SMALL_FONT_SIZE,
        text_anchor="middle",
        fill=TODAY_COLOR,
    )
    return _tag("g", line + text, class_="o_collab_timeline_today")


def _legend(texts: Mapping[str, str], width: float, top: float, baselines: bool = False) -> tuple[str, float]:
    """The status colours and the critical outline (and the baseline and slip tracks when the
    picture shows a baseline), wrapped over as many rows as the width needs."""
    box = {"height": 10, "dy": 3}
    entries = [
        (_clean(texts[f"legend_{status}"]), {**box, "fill": color, "stroke": progress_color, "stroke_width": 1})
        for status, (color, progress_color) in STATUS_COLORS.items()
    ]
    entries.append(
        (_clean(texts["critical"]), {**box, "fill": "#ffffff", "stroke": CRITICAL_COLOR, "stroke_width": 2.5})
    )
    if baselines:
        thin = {"height": BASELINE_BAR_HEIGHT, "dy": 8 - BASELINE_BAR_HEIGHT / 2}
        entries.append((_clean(texts["legend_baseline"]), {**thin, "fill": BASELINE_COLOR}))
        entries.append((_clean(texts["legend_slip"]), {**thin, "fill": SLIP_COLOR}))
    items, x, y = [], PAD, top
    for label, swatch in entries:
        entry_width = 18 + _text_width(label, SMALL_FONT_SIZE) + 2 * PAD
        if x > PAD and x + entry_width > width - PAD:
            x, y = PAD, y + LEGEND_ROW_HEIGHT
        swatch = dict(swatch)
        items.append(_tag("rect", x=x, y=y + swatch.pop("dy"), width=14, **swatch))
        items.append(_tag("text", _text(label), x=x + 18, y=y + 12, font_size=SMALL_FONT_SIZE))
        x += entry_width
    return _tag("g", "".join(items), class_="o_collab_timeline_legend"), y + LEGEND_ROW_HEIGHT - top


def _defs() -> str:
    markers = "".join(
        _tag(
            "marker",
            _tag("path", d="M0,0 L10,5 L0,10 z", fill=color),
            id=marker_id,
            viewBox="0 0 10 10",
            refX=10,
            refY=5,
            markerWidth=6,
            markerHeight=6,
            markerUnits="userSpaceOnUse",
            orient="auto",
        )
        for marker_id, color in ((_ARROW_ID, ARROW_COLOR), (_CRITICAL_ARROW_ID, CRITICAL_COLOR))
    )
    return _tag("defs", markers)


def _empty_svg(label: str) -> str:
    caption = _clean(label)
    width = _text_width(caption, FONT_SIZE) + 4 * PAD
    text = _tag("text", _text(caption), x=2 * PAD, y=24, fill=MUTED_COLOR)
    return _svg(width, 36, text)


def _svg(width: float, height: float, content: str) -> str:
    return _tag(
        "svg",
        content,
        xmlns=_SVG_NS,
        version="1.1",
        class_="o_collab_timeline",
        width="100%",
        height=height,
        viewBox=f"0 0 {_num(width)} {_num(height)}",
        preserveAspectRatio="xMinYMin meet",
        style=f"min-width:{_num(width)}px",
        font_family=FONT_FAMILY,
        font_size=FONT_SIZE,
        fill=TEXT_COLOR,
    )


def _line(x1: float, y1: float, x2: float, y2: float, color: str, **attributes) -> str:
    return _tag("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=color, stroke_width=1, **attributes)


# Markup ------------------------------------------------------------------------------------------


def _tag(name: str, content: str = "", /, **attributes) -> str:
    """An element with escaped attributes (``class_`` → class, ``stroke_width`` → stroke-width,
    None left out); ``content`` is markup, so text goes through ``_text`` first."""
    rendered = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{_attribute(value)}"'
        for key, value in attributes.items()
        if value is not None
    )
    return f"<{name}{rendered}>{content}</{name}>" if content else f"<{name}{rendered}/>"


def _attribute(value) -> str:
    if isinstance(value, float):
        return _num(value)
    return escape(str(value), {'"': "&quot;"})


def _text(value) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def _num(value: float) -> str:
    """Coordinates with at most two decimals and no trailing zeros, always the same for the same input."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
