import { registry } from "@web/core/registry";
import { screenshot, TIMEOUT } from "./collab_tour_utils";

// The project's timeline against its signed plan (tests/test_ui_plan_baseline.py), as its lead in
// 简体中文 on a desktop and on a phone: the Timeline tab shows each task's baseline bar under its bar
// and the slip a change request made in red. Selectors use technical names, never labels.

function timelineTour(name, shot) {
    registry.category("web_tour.tours").add(name, {
        steps: () =>
            [
                {
                    content: "The project's Timeline tab",
                    trigger: ".o_form_view .o_notebook_headers a[name=collab_timeline]",
                    run: "click",
                },
                {
                    content: "The baseline bars and the slip are drawn, the legend explains them",
                    trigger: ".o_collab_timeline_frame .o_collab_timeline_slip",
                    run() {
                        const frame = document.querySelector(".o_collab_timeline_frame");
                        frame.scrollIntoView({ block: "start" });
                        // the slip in view: the picture scrolls sideways under the task names (a
                        // phone shows the end of the slip with its department beside it)
                        const scroller = frame.querySelector(".o_collab_timeline_scroll");
                        const slip = frame.querySelector(".o_collab_timeline_slip rect");
                        const beyond = slip.getBoundingClientRect().right - scroller.getBoundingClientRect().right;
                        if (beyond > 0) {
                            scroller.scrollLeft += beyond + 60;
                        }
                        const legend = frame.querySelector(".o_collab_timeline_legend").textContent;
                        if (!frame.querySelector(".o_collab_timeline_baseline") || !legend) {
                            throw new Error("no baseline bar or no legend");
                        }
                    },
                },
                ...screenshot(shot, ".o_collab_timeline_frame .o_collab_timeline_slip"),
            ].map((step) => ({ timeout: TIMEOUT, ...step })),
    });
}

timelineTour("collab_baseline_timeline_tour", "baseline_timeline");
timelineTour("collab_baseline_timeline_phone_tour", "baseline_timeline_phone");
