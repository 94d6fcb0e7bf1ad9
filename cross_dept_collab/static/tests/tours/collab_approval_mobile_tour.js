import { registry } from "@web/core/registry";

// A department head decides a review from the phone: open it from "To Approve", give the
// department's feedback, approve.
registry.category("web_tour.tours").add("collab_approval_mobile_tour", {
    url: "/odoo/action-cross_dept_collab.collab_approval_action_to_approve",
    steps: () => [
        {
            content: "Open the pending review of the 618 request",
            trigger: ".o_kanban_record:contains('618')",
            run: "click",
        },
        {
            content: "Write the department's feedback",
            trigger: ".o_field_widget[name=feedback] textarea",
            run: "edit 销售部同意：5月5日前提供采购数据",
        },
        {
            content: "On a phone too the decision's buttons are on the form, not in the gear menu",
            trigger: ".o_form_view .o_form_statusbar .o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            content: "The review is decided: its feedback is no longer editable",
            trigger: ".o_form_view .o_field_widget[name=feedback]:not(:has(textarea))",
        },
        {
            content: "Back to what waits for a decision",
            trigger: ".o_back_button",
            run: "click",
        },
        {
            content: "Nothing is left to approve",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('618')))",
        },
    ],
});
