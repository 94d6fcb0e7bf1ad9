"""The plan timeline SVG without a database: bars, arrows, today line, axis, escaping and scale."""

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from odoo.addons.cross_dept_collab.models import plan_timeline

SVG = "{http://www.w3.org/2000/svg}"
STATUSES = ["not_started", "in_progress", "done", "delayed", "blocked"]


def make_task(task_id, code, start=None, end=None, **values):
    return {
        "id": task_id,
        "code": code,
        "name": values.get("name", f"Task {code}"),
        "start": start,
        "end": end,
        "critical": values.get("critical", False),
        "status": values.get("status", "not_started"),
        "progress": values.get("progress", 0),
        "level": values.get("level", 0),
        "department": values.get("department", ""),
    }


# The smartwatch launch plan: 1.1 market research → 1.2 prototype → 2.1 promo material, 2.2 sales training.
SMARTWATCH = [
    make_task(10, "1", name="研发阶段"),
    make_task(
        11, "1.1", date(2024, 3, 1), date(2024, 3, 15), name="市场调研", status="done", progress=100, critical=True
    ),
    make_task(
        12, "1.2", date(2024, 3, 16), date(2024, 4, 30), name="样机", status="in_progress", progress=60, critical=True
    ),
    make_task(20, "2", name="上市阶段"),
    make_task(21, "2.1", date(2024, 5, 1), date(2024, 5, 20), name="宣传物料", critical=True, department="市场部"),
    make_task(22, "2.2", date(2024, 5, 1), date(2024, 5, 10), name="销售培训", department="销售部"),
]
SMARTWATCH_EDGES = [(12, 11), (21, 12), (22, 12)]
IN_PROGRESS = date(2024, 4, 20)


def render(tasks=SMARTWATCH, edges=SMARTWATCH_EDGES, today=IN_PROGRESS, labels=None):
    svg = plan_timeline.render_timeline_svg(tasks, edges, today, labels)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def with_class(root, name):
    return [element for element in root.iter() if name in element.get("class", "").split()]


def rects(bar):
    """Background, progress fill and outline of a bar."""
    return bar.findall(f"{SVG}rect")


def visible_text(element):
    """The text a reader sees, tooltips left out."""
    return "".join("".join(text.itertext()) for text in element.iter(f"{SVG}text")).strip()


def tooltip(element):
    return element.find(f"{SVG}title").text


def day_width(root, tasks):
    """Pixels per day, read from the first bar."""
    bar = rects(with_class(root, "o_collab_timeline_bar")[0])[0]
    days = (tasks[0]["end"] - tasks[0]["start"]).days + 1
    return float(bar.get("width")) / days


# Bars --------------------------------------------------------------------------------------------


def test_one_bar_per_dated_task_in_its_status_colour_with_progress_fill():
    tasks = [
        make_task(n, str(n + 1), date(2024, 3, 1), date(2024, 3, 10), status=status, progress=25 * n)
        for n, status in enumerate(STATUSES)
    ] + [make_task(9, "9")]
    root = render(tasks, [])
    bars = with_class(root, "o_collab_timeline_bar")
    assert len(bars) == len(STATUSES)
    for bar, task in zip(bars, tasks[:-1], strict=True):
        background, progress, _outline = rects(bar)
        assert background.get("fill") == plan_timeline.STATUS_COLORS[task["status"]][0]
        assert progress.get("fill") == plan_timeline.STATUS_COLORS[task["status"]][1]
        assert float(progress.get("width")) == pytest.approx(
            float(background.get("width")) * task["progress"] / 100, abs=0.01
        )
        assert tooltip(bar).startswith(f"{task['code']} Task {task['code']}\n2024-03-01 – 2024-03-10")
    assert len(with_class(root, "o_collab_timeline_label")) == len(tasks)


def test_critical_bars_have_a_thick_dark_red_outline():
    root = render()
    bars = with_class(root, "o_collab_timeline_bar")
    outlines = {tooltip(bar).split()[0]: rects(bar)[-1] for bar in bars}
    for code in ("1.1", "1.2", "2.1"):
        assert outlines[code].get("stroke") == plan_timeline.CRITICAL_COLOR
        assert float(outlines[code].get("stroke-width")) > 2
    assert outlines["2.2"].get("stroke") != plan_timeline.CRITICAL_COLOR
    assert float(outlines["2.2"].get("stroke-width")) == 1
    assert len(with_class(root, "o_collab_timeline_critical")) == 3


def test_undated_tasks_get_a_label_row_without_bar():
    root = render()
    assert len(with_class(root, "o_collab_timeline_bar")) == 4
    assert [visible_text(label) for label in with_class(root, "o_collab_timeline_label")] == [
        f"{task['code']} {task['name']}" for task in SMARTWATCH
    ]


def test_a_plan_without_any_date_still_lists_its_tasks():
    root = render([make_task(1, "1"), make_task(2, "1.1", level=1)], [(2, 1)])
    assert len(with_class(root, "o_collab_timeline_label")) == 2
    assert not with_class(root, "o_collab_timeline_bar")
    assert not with_class(root, "o_collab_timeline_arrow")


# Arrows ------------------------------------------------------------------------------------------


def test_one_arrow_per_edge_between_two_bars_critical_ones_in_dark_red():
    edges = [*SMARTWATCH_EDGES, (11, 10), (12, 99), (22, 21)]  # undated, unknown, then a drawable one
    root = render(edges=edges)
    arrows = with_class(root, "o_collab_timeline_arrow")
    assert len(arrows) == 4
    critical = [arrow for arrow in arrows if arrow.get("stroke") == plan_timeline.CRITICAL_COLOR]
    assert len(critical) == 2  # 1.1 → 1.2 → 2.1; 2.2 is not critical
    markers = {marker.get("id"): marker for marker in root.iter(f"{SVG}marker")}
    for arrow in arrows:
        marker_id = re.fullmatch(r"url\(#(.+)\)", arrow.get("marker-end")).group(1)
        assert markers[marker_id].get("orient") == "auto"


def test_arrows_run_from_the_predecessor_end_to_the_task_start():
    tasks = [
        make_task(1, "1", date(2024, 3, 1), date(2024, 3, 10)),
        make_task(2, "2", date(2024, 3, 20), date(2024, 3, 25)),  # room for a simple elbow
        make_task(3, "3", date(2024, 3, 11), date(2024, 3, 12)),  # starts the next day: around the row edge
    ]
    root = render(tasks, [(2, 1), (3, 1)])
    bars = [rects(bar)[0] for bar in with_class(root, "o_collab_timeline_bar")]
    first_end = float(bars[0].get("x")) + float(bars[0].get("width"))
    simple, around = (arrow.get("d") for arrow in with_class(root, "o_collab_timeline_arrow"))
    for path, target in ((simple, bars[1]), (around, bars[2])):
        start_x = float(re.match(r"M([\d.]+),", path).group(1))
        end_x = float(re.search(r"H([\d.]+)$", path).group(1))
        assert start_x == pytest.approx(first_end, abs=0.01)
        assert end_x == float(target.get("x"))
    assert len(re.findall(r"[HV]", simple)) == 3
    assert len(re.findall(r"[HV]", around)) == 5


# Today -------------------------------------------------------------------------------------------


def test_today_line_only_when_today_is_on_the_axis():
    root = render(labels={"today": "今天"})
    (line,) = with_class(root, "o_collab_timeline_today")
    assert visible_text(line) == "今天 2024-04-20"
    assert line.find(f"{SVG}line").get("stroke-dasharray")
    assert not with_class(render(today=date(2023, 12, 31)), "o_collab_timeline_today")
    assert not with_class(render(today=date(2024, 8, 1)), "o_collab_timeline_today")


# Text --------------------------------------------------------------------------------------------


def test_all_text_is_escaped():
    name = 'Tom & Jerry <script>alert("x")</script>\x0b'
    tasks = [make_task(1, "1", date(2024, 3, 1), date(2024, 3, 5), name=name, department="R&D <lab>")]
    labels = {"today": '<now> & "then"', "legend_done": "Done & <dusted>"}
    svg = plan_timeline.render_timeline_svg(tasks, [], date(2024, 3, 2), labels)
    assert "<script" not in svg
    root = ET.fromstring(svg)
    (label,) = with_class(root, "o_collab_timeline_label")
    assert visible_text(label) == '1 Tom & Jerry <script>alert("x")</script>'
    assert "R&D <lab>" in tooltip(with_class(root, "o_collab_timeline_bar")[0])
    assert visible_text(with_class(root, "o_collab_timeline_today")[0]) == '<now> & "then" 2024-03-02'
    assert "Done & <dusted>" in visible_text(with_class(root, "o_collab_timeline_legend")[0])


def test_long_names_are_truncated_with_the_full_name_in_a_tooltip():
    name = "Prepare the complete regional launch plan for every sales channel and market"
    root = render([make_task(1, "3.2", date(2024, 3, 1), date(2024, 3, 5), name=name, level=1)], [])
    (label,) = with_class(root, "o_collab_timeline_label")
    shown = visible_text(label).removeprefix("3.2 ")
    assert shown.endswith("…")
    assert len(shown) == plan_timeline.NAME_MAX_CHARS
    assert name.startswith(shown[:-1])
    assert tooltip(label) == f"3.2 {name}"


def test_legend_lists_the_statuses_and_the_critical_path_in_the_callers_language():
    labels = {"legend_done": "已完成", "legend_delayed": "已延期", "critical": "关键路径"}
    legend = visible_text(with_class(render(labels=labels), "o_collab_timeline_legend")[0])
    for text in ("Not started", "In progress", "已完成", "已延期", "Blocked", "关键路径"):
        assert text in legend


# Axis --------------------------------------------------------------------------------------------


def tick_days(root, tasks):
    """The distinct numbers of days between consecutive ticks, and the ticks' x positions."""
    xs = [float(line.get("x1")) for line in with_class(root, "o_collab_timeline_tick")]
    width = day_width(root, tasks)
    return {round((b - a) / width) for a, b in itertools.pairwise(xs)}, xs


def test_short_plans_tick_every_day():
    tasks = [make_task(1, "1", date(2024, 3, 4), date(2024, 3, 20))]
    steps, xs = tick_days(render(tasks, []), tasks)
    assert steps == {1}
    assert len(xs) == 17


def test_medium_plans_tick_every_monday():
    tasks = [
        make_task(1, "1", date(2024, 3, 6), date(2024, 5, 29)),
        make_task(2, "2", date(2024, 4, 8), date(2024, 4, 9)),
    ]
    root = render(tasks, [])
    steps, xs = tick_days(root, tasks)
    assert steps == {7}
    monday_bar = rects(with_class(root, "o_collab_timeline_bar")[1])[0]
    assert float(monday_bar.get("x")) in xs
    assert "2024-04" in visible_text(with_class(root, "o_collab_timeline_axis")[0])


def test_long_plans_tick_every_month():
    tasks = [
        make_task(1, "1", date(2024, 2, 10), date(2025, 3, 5)),
        make_task(2, "2", date(2024, 6, 1), date(2024, 6, 9)),
    ]
    root = render(tasks, [])
    steps, xs = tick_days(root, tasks)
    assert steps <= {28, 29, 30, 31}
    assert len(xs) == 14  # February 2024 to March 2025
    assert float(rects(with_class(root, "o_collab_timeline_bar")[1])[0].get("x")) in xs
    assert "2025" in visible_text(with_class(root, "o_collab_timeline_axis")[0])


def test_timeline_range_spans_the_dated_tasks():
    assert plan_timeline.timeline_range(SMARTWATCH) == (date(2024, 3, 1), date(2024, 5, 20))
    assert plan_timeline.timeline_range([make_task(1, "1")]) is None


# Picture -----------------------------------------------------------------------------------------


def test_the_picture_scales_and_stays_plain_svg():
    root = render()
    assert root.get("width") == "100%"
    assert root.get("preserveAspectRatio") == "xMinYMin meet"
    _x, _y, width, height = root.get("viewBox").split()
    assert root.get("style") == f"min-width:{width}px"
    assert root.get("height") == height
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"script", "foreignObject", "image", "style"}


def test_an_empty_plan_says_so():
    root = render([], [], labels={"no_tasks": "暂无计划任务"})
    assert visible_text(root) == "暂无计划任务"
    assert not with_class(root, "o_collab_timeline_label")
    assert visible_text(render([], [])) == "No planned tasks"


def test_rendering_is_deterministic():
    first = plan_timeline.render_timeline_svg(SMARTWATCH, SMARTWATCH_EDGES, IN_PROGRESS)
    copies = [dict(task) for task in SMARTWATCH]
    assert plan_timeline.render_timeline_svg(copies, list(SMARTWATCH_EDGES), IN_PROGRESS) == first


def test_a_plan_of_five_thousand_tasks():
    start = date(2024, 1, 1)
    tasks = [make_task(n, str(n), start + timedelta(days=n), start + timedelta(days=n + 2)) for n in range(5_000)]
    edges = [(n, n - 1) for n in range(1, 5_000)]
    root = render(tasks, edges, today=date(2024, 6, 1))
    assert len(with_class(root, "o_collab_timeline_bar")) == 5_000
    assert len(with_class(root, "o_collab_timeline_arrow")) == 4_999
    assert len(with_class(root, "o_collab_timeline_today")) == 1


# Baseline ----------------------------------------------------------------------------------------


def with_baseline(task, start, end):
    return {**task, "baseline_start": start, "baseline_end": end}


# 1.2 slipped 10 days past its baseline; 2.2 ends earlier than its baseline; 2.1 has no baseline line
BASELINED = [
    SMARTWATCH[0],
    with_baseline(SMARTWATCH[1], date(2024, 3, 1), date(2024, 3, 15)),
    with_baseline(SMARTWATCH[2], date(2024, 3, 16), date(2024, 4, 20)),
    SMARTWATCH[3],
    SMARTWATCH[4],
    with_baseline(SMARTWATCH[5], date(2024, 5, 1), date(2024, 5, 15)),
]


def span_of(rect):
    return float(rect.get("x")), float(rect.get("width"))


def test_a_thin_grey_baseline_bar_under_the_bar_of_each_baselined_task():
    root = render(BASELINED, labels={"legend_baseline": "基准"})
    x0 = float(rects(with_class(root, "o_collab_timeline_bar")[0])[0].get("x"))  # 1.1 starts on March 1
    width = day_width(root, SMARTWATCH[1:])
    baselines = with_class(root, "o_collab_timeline_baseline")
    assert [tooltip(group) for group in baselines] == [
        "基准 2024-03-01 – 2024-03-15",
        "基准 2024-03-16 – 2024-04-20",
        "基准 2024-05-01 – 2024-05-15",
    ]
    bars = {tooltip(bar).split()[0]: rects(bar)[0] for bar in with_class(root, "o_collab_timeline_bar")}
    for group, code, start, days in zip(
        baselines,
        ("1.1", "1.2", "2.2"),
        (date(2024, 3, 1), date(2024, 3, 16), date(2024, 5, 1)),
        (15, 36, 15),
        strict=True,
    ):
        (track,) = rects(group)
        x, track_width = span_of(track)
        assert x == pytest.approx(x0 + (start - date(2024, 3, 1)).days * width, abs=0.01)
        assert track_width == pytest.approx(days * width, abs=0.01)
        assert track.get("fill") == plan_timeline.BASELINE_COLOR
        # thin, under the bar and inside the bar's row
        bar = bars[code]
        bar_bottom = float(bar.get("y")) + float(bar.get("height"))
        assert float(track.get("height")) < float(bar.get("height")) / 2
        assert float(track.get("y")) >= bar_bottom
        row_top = float(bar.get("y")) - 2
        assert float(track.get("y")) + float(track.get("height")) <= row_top + plan_timeline.ROW_HEIGHT
        assert f"基准 {start.isoformat()}" in tooltip(bars_group(root, code))


def bars_group(root, code):
    return next(bar for bar in with_class(root, "o_collab_timeline_bar") if tooltip(bar).split()[0] == code)


def test_the_slip_is_red_from_the_baseline_end_to_the_current_end_only_when_the_task_ends_later():
    root = render(BASELINED, labels={"legend_slip": "延误"})
    (slip,) = with_class(root, "o_collab_timeline_slip")  # 1.2 only: 1.1 on time, 2.2 early
    assert tooltip(slip) == "延误 2024-04-20 → 2024-04-30"
    (segment,) = rects(slip)
    assert segment.get("fill") == plan_timeline.SLIP_COLOR
    width = day_width(root, SMARTWATCH[1:])
    baseline_track = rects(with_class(root, "o_collab_timeline_baseline")[1])[0]
    bar = rects(bars_group(root, "1.2"))[0]
    x, slip_width = span_of(segment)
    # it starts where the baseline ends and ends where the bar ends, on the baseline's track
    assert x == pytest.approx(sum(span_of(baseline_track)), abs=0.01)
    assert x + slip_width == pytest.approx(sum(span_of(bar)), abs=0.01)
    assert slip_width == pytest.approx(10 * width, abs=0.01)
    assert segment.get("y") == baseline_track.get("y")


def test_baseline_and_slip_enter_the_legend_only_when_a_baseline_is_shown():
    labels = {"legend_baseline": "基准", "legend_slip": "延误"}
    legend = visible_text(with_class(render(BASELINED, labels=labels), "o_collab_timeline_legend")[0])
    assert "基准" in legend and "延误" in legend
    plain = render(labels=labels)
    assert not with_class(plain, "o_collab_timeline_baseline")
    assert not with_class(plain, "o_collab_timeline_slip")
    legend = visible_text(with_class(plain, "o_collab_timeline_legend")[0])
    assert "基准" not in legend and "延误" not in legend
    html = plan_timeline.render_timeline_html(BASELINED, SMARTWATCH_EDGES, IN_PROGRESS, labels)
    assert "基准" in html and "延误" in html
    html = plan_timeline.render_timeline_html(SMARTWATCH, SMARTWATCH_EDGES, IN_PROGRESS, labels)
    assert "基准" not in html and "延误" not in html


def test_the_axis_covers_a_baseline_beyond_the_current_bars():
    tasks = [with_baseline(make_task(1, "1", date(2024, 3, 4), date(2024, 3, 8)), date(2024, 3, 4), date(2024, 3, 22))]
    assert plan_timeline.timeline_range(tasks) == (date(2024, 3, 4), date(2024, 3, 22))
    root = render(tasks, [])
    (track,) = rects(with_class(root, "o_collab_timeline_baseline")[0])
    _x, _y, width, _height = root.get("viewBox").split()
    assert sum(span_of(track)) <= float(width)


def test_a_baselined_task_without_dates_keeps_its_baseline_bar_and_no_slip():
    tasks = [
        make_task(1, "1", date(2024, 3, 4), date(2024, 3, 8)),
        with_baseline(make_task(2, "2"), date(2024, 3, 4), date(2024, 3, 6)),
    ]
    root = render(tasks, [])
    assert len(with_class(root, "o_collab_timeline_baseline")) == 1
    assert not with_class(root, "o_collab_timeline_slip")
