import { registry } from "@web/core/registry";

// 转交: the Sales head (in Chinese) opens his pending review of the 618 request from My Approvals
// and transfers it to his deputy through the review's Transfer dialog. Selectors use names, not
// texts: the UI is translated.
registry.category("web_tour.tours").add("collab_transfer_review_tour", {
    url: "/odoo/action-cross_dept_collab.collab_my_decision_action",
    steps: () => [
        {
            content: "Open the pending review of the 618 request",
            trigger: ".o_data_row:contains('618') td.o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Transfer it (转交)",
            trigger: ".o_form_view button[name=action_open_transfer_wizard]",
            run: "click",
        },
        {
            content: "Choose the deputy",
            trigger: ".modal .o_field_widget[name=user_id] input",
            run: "edit 黄强",
        },
        {
            content: "Pick him in the list",
            trigger: ".o-autocomplete--dropdown-item:contains(黄强)",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit 出差一周，请黄强代为审核",
        },
        {
            content: "Confirm the transfer",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The review now waits for the deputy",
            trigger: ".o_form_view:not(:has(.modal)) .o_field_widget[name=approver_id]:contains(黄强)",
        },
    ],
});

// The deputy (in Chinese) finds the transferred review in My Approvals, opens it and approves it
// from the review's form.
registry.category("web_tour.tours").add("collab_transferred_review_approve_tour", {
    url: "/odoo/action-cross_dept_collab.collab_my_decision_action",
    steps: () => [
        {
            content: "The transferred review is waiting for me",
            trigger: ".o_data_row:contains('618') td.o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Approve",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "Approved (已批准)",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已批准)",
        },
    ],
});
