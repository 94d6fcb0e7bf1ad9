import { registry } from "@web/core/registry";

// A key step photographed for docs/screenshots/<name>.png (tests/screenshots.py takes it when
// COLLAB_SCREENSHOTS=1 and marks the body; otherwise it only marks the body).
function screenshot(name, trigger) {
    return [
        {
            content: `Screenshot ${name}`,
            trigger,
            run({ anchor }) {
                anchor.scrollIntoView({ block: "center" });
                console.log(`collab-screenshot:${name}`);
            },
        },
        {
            content: `Screenshot ${name} taken`,
            trigger: `body.o_collab_shot_${name}`,
        },
    ];
}

// Phone (390×844), in Chinese: the Sales head approves the 618 request's review from its
// activity — tap the activity, tap 同意/批准 — without opening the form or the ⚙ menu.
registry.category("web_tour.tours").add("collab_activity_approve_phone_tour", {
    steps: () => [
        ...screenshot("activity_phone_1_to_approve", ".o_kanban_record:contains('618') .o-mail-ActivityButton"),
        {
            content: "Tap 1: the review's activity",
            trigger: ".o_kanban_record:contains('618') .o-mail-ActivityButton",
            run: "click",
        },
        {
            content: "The activity carries the decision: no Mark Done",
            trigger: ".o-mail-ActivityListPopoverItem:not(:has(.o-mail-ActivityListPopoverItem-markAsDone))",
        },
        ...screenshot(
            "activity_phone_2_decision_buttons",
            ".o-mail-ActivityListPopoverItem .o-collab-ActivityDecision-choice[data-decision=request_changes]:contains('要求修改')"
        ),
        {
            content: "Tap 2: approve",
            trigger: ".o-mail-ActivityListPopoverItem .o-collab-ActivityDecision-choice[data-decision=approve]",
            run: "click",
        },
        {
            content: "The decision is confirmed",
            trigger: ".o_notification:contains('已批准')",
        },
        {
            content: "Nothing is left to approve",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('618')))",
        },
        ...screenshot("activity_phone_3_approved", ".o_notification"),
    ],
});

// Desktop, in Chinese: on the review's form, the chatter's activity offers the decision; asking
// for changes opens the feedback dialog.
registry.category("web_tour.tours").add("collab_activity_request_changes_desktop_tour", {
    steps: () => [
        {
            content: "The review shows what is asked of the department",
            trigger: ".o_field_widget[name=ask_html] td:contains('采购')",
        },
        ...screenshot("activity_desktop_0_review_form", ".o_field_widget[name=ask_html]"),
        {
            content: "The review's activity is in the chatter, without Mark Done",
            trigger: ".o-mail-Activity:has(.o-collab-ActivityDecision):not(:has(.o-mail-Activity-markDone))",
        },
        ...screenshot("activity_desktop_1_chatter", ".o-mail-Activity:has(.o-collab-ActivityDecision)"),
        {
            content: "Request changes",
            trigger: ".o-mail-Activity .o-collab-ActivityDecision-choice[data-decision=request_changes]",
            run: "click",
        },
        {
            content: "Feedback is required",
            trigger: ".modal .o-collab-DecisionDialog-confirm",
            run: "click",
        },
        {
            content: "The missing feedback is flagged",
            trigger: ".modal .o-collab-DecisionDialog textarea.is-invalid",
            run: "edit 请补充五月的采购数据",
        },
        ...screenshot("activity_desktop_2_feedback_dialog", ".modal .o-collab-DecisionDialog textarea"),
        {
            content: "Confirm",
            trigger: ".modal .o-collab-DecisionDialog-confirm",
            run: "click",
        },
        {
            content: "The review now says what was decided",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('需修改')",
        },
        {
            content: "and the activity is gone",
            trigger: ".o_form_view:not(:has(.o-mail-Activity .o-collab-ActivityDecision))",
        },
        ...screenshot("activity_desktop_3_decided", ".o_form_view .o_statusbar_status"),
    ],
});

// The plan sign-off shows the plan being signed (its tasks, read-only) and the charter.
registry.category("web_tour.tours").add("collab_signoff_shows_the_plan_tour", {
    steps: () => [
        {
            content: "The plan's tasks are listed on the sign-off",
            trigger: ".o_field_widget[name=plan_html] td:contains('培训课件')",
        },
        {
            content: "and the charter's goals",
            trigger: ".o_field_widget[name=charter_goal]:not(:empty)",
        },
        ...screenshot("activity_desktop_4_plan_signoff", ".o_field_widget[name=plan_html]"),
    ],
});
