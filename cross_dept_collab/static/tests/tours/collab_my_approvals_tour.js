import { registry } from "@web/core/registry";

// A department head opens My Approvals (in Chinese), selects the 618 review and approves it with
// one comment through the batch dialog. Selectors use names, not texts: the UI is translated.
registry.category("web_tour.tours").add("collab_my_approvals_tour", {
    url: "/odoo/action-cross_dept_collab.collab_my_decision_action",
    steps: () => [
        {
            content: "Select the pending review of the 618 request",
            trigger: ".o_data_row:contains('618') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Approve the selection",
            trigger: "button[name=action_open_batch]",
            run: "click",
        },
        {
            content: "One comment for all of them",
            trigger: ".modal .o_field_widget[name=comment] textarea",
            run: "edit 销售部同意：5月5日前提供采购数据",
        },
        {
            content: "Approve",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Each decision's result is reported",
            trigger: ".modal .o_field_widget[name=summary]:contains('已同意 1 项，跳过 0 项')",
        },
        {
            content: "The dialog is in Simplified Chinese",
            trigger: ".modal .o_field_widget[name=result]:contains(已批准)",
        },
        {
            content: "Close the report",
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            content: "Back on My Approvals",
            trigger: ".o_list_view",
        },
    ],
});
