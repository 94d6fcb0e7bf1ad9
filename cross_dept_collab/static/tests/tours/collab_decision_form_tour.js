import { registry } from "@web/core/registry";
import { hideToasts, showToasts } from "./collab_tour_utils";

// A key step photographed for docs/screenshots/<name>.png (tests/screenshots.py takes it when
// COLLAB_SCREENSHOTS=1 and marks the body; otherwise it only marks the body).
function screenshot(name, trigger) {
    return [
        {
            content: `Screenshot ${name}`,
            trigger,
            run({ anchor }) {
                hideToasts();
                anchor.scrollIntoView({ block: "start" });
                console.log(`collab-screenshot:${name}`);
            },
        },
        {
            content: `Screenshot ${name} taken`,
            trigger: `body.o_collab_shot_${name}`,
            run: showToasts,
        },
    ];
}

// Desktop, in Chinese: R&D's head opens the lead confirmation and reads what he confirms (the
// request, why R&D is proposed); "提出异议" opens its dialog at once, asking for the objection's
// reason; he objects from the activity, whose dialog asks the same.
registry.category("web_tour.tours").add("collab_lead_objects_from_the_activity_tour", {
    steps: () => [
        {
            content: "The form says which department is proposed, and why",
            trigger: ".o_form_view div[name=proposed_lead]:contains('固件是关键路径')",
        },
        {
            content: "and what the request is about",
            trigger: ".o_field_widget[name=request_goal]:contains('30%')",
        },
        ...screenshot("decider_lead_desktop_zh_cn", ".o_form_view .o_form_sheet_bg"),
        {
            content: "The form's 提出异议 opens the reason dialog at once",
            trigger: ".o_form_view .o_statusbar_buttons button:contains('提出异议')",
            run: "click",
        },
        {
            content: "titled with the objection, asking for its reason",
            trigger: ".modal .modal-title:contains('提出异议')",
        },
        {
            content: "in the objection's own word",
            trigger: ".modal .o_field_widget[name=prompt]:contains('请说明异议原因')",
        },
        {
            content: "Close it: the head objects from his activity instead",
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            content: "The activity offers the objection",
            trigger: ".o-mail-Activity .o-collab-ActivityDecision-choice[data-decision=return]:contains('提出异议')",
            run: "click",
        },
        {
            content: "Its dialog opens at once, asking for the objection's reason",
            trigger: ".modal .o-collab-DecisionDialog-prompt:contains('请说明异议原因')",
        },
        {
            content: "The reason",
            trigger: ".modal .o-collab-DecisionDialog textarea",
            run: "edit 研发部不宜牵头：客服部是工单系统的使用方",
        },
        ...screenshot("decider_object_dialog_zh_cn", ".modal .o-collab-DecisionDialog"),
        {
            content: "Confirm",
            trigger: ".modal .o-collab-DecisionDialog-confirm",
            run: "click",
        },
        {
            content: "The objection is recorded",
            trigger: ".o_notification:contains('牵头确认')",
        },
    ],
});

// The phone: the same lead confirmation reads top-down (request, proposed lead, the tabs).
registry.category("web_tour.tours").add("collab_lead_confirmation_phone_tour", {
    steps: () => [
        {
            content: "The proposed lead and why, at the top",
            trigger: ".o_form_view div[name=proposed_lead]:contains('固件是关键路径')",
        },
        ...screenshot("decider_lead_phone_zh_cn", ".o_form_view .o_form_sheet_bg"),
    ],
});

// The sponsor's decision shows the goal, the asks and the departments' feedback.
registry.category("web_tour.tours").add("collab_sponsor_reads_the_request_tour", {
    steps: () => {
        const size = window.innerWidth < 768 ? "phone" : "desktop";
        return [
        {
            content: "The request's goal",
            trigger: ".o_field_widget[name=request_goal]:contains('30%')",
        },
        {
            content: "The departments' feedback tab",
            trigger: ".o_notebook .nav-link:contains('部门反馈')",
            run: "click",
        },
        {
            content: "Each department's feedback",
            trigger: ".o_field_widget[name=request_feedback_html] td:contains('同意，按期交付')",
        },
        ...screenshot(`decider_sponsor_${size}_zh_cn`, ".o_form_view .o_notebook"),
        ];
    },
});
