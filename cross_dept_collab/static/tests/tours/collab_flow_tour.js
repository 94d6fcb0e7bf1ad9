import { registry } from "@web/core/registry";
import {
    addStoryTour,
    autocomplete,
    openActivities,
    openMenu,
    save,
    screenshot,
    TIMEOUT,
    waitFor,
} from "./collab_tour_utils";

// Approval flows in 简体中文 (tests/test_ui_flows.py): the coordinator adds a Finance head review
// for budgets of ¥500,000 or more to the standard flow and previews it; the Finance head approves a
// ¥600,000 request from his activity; the request's path, on a desktop and on the initiator's phone.
// Selectors use technical names, menu xmlids and the texts the story typed, never labels.

const FINANCE_STEP = "财务负责人审核";
const FLOW_NAME = "标准审批";
const LARGE = "华东渠道扩张";
const STEP_DIALOG = ".modal:has(.o_field_widget[name=approver_rule])";
const DOMAIN_DIALOG = ".modal:has(.o_domain_selector .o_tree_editor a[role=button])";

// A selection field of the step's dialog: its option by value (Odoo writes values as JSON).
function selectIn(field, value, scope = STEP_DIALOG) {
    return {
        content: `${field}: ${value}`,
        trigger: `${scope} .o_field_widget[name=${field}] select`,
        run: `select "${value}"`,
    };
}

// The condition, in Odoo's domain editor (its own dialog): a new rule, the field chosen in the
// field picker by its technical name, the operator by its value, the amount typed.
function conditionBudgetAtLeast(amount) {
    return [
        {
            content: "Edit the condition",
            trigger: `${STEP_DIALOG} .o_field_widget[name=condition] .o_field_domain_dialog_button`,
            run: "click",
        },
        {
            content: "A new rule",
            trigger: `${DOMAIN_DIALOG} .o_tree_editor .o_tree_editor_row > a[role=button]`,
            run: "click",
        },
        {
            content: "Open the field picker of the rule",
            trigger: `${DOMAIN_DIALOG} .o_tree_editor_condition .o_model_field_selector`,
            run: "click",
        },
        {
            content: "The field: the request's budget",
            trigger:
                ".o_model_field_selector_popover li[data-name=resource_budget] .o_model_field_selector_popover_item_name",
            run: "click",
        },
        {
            content: "The field is the budget (a number: its operators offer ≥)",
            trigger: `${DOMAIN_DIALOG} .o_tree_editor_condition select:has(option[value*='>='])`,
            run() {
                const option = [...this.anchor.options].find((o) => o.value.includes(">="));
                this.anchor.value = option.value;
                this.anchor.dispatchEvent(new Event("change"));
            },
        },
        {
            content: "The amount",
            trigger: `${DOMAIN_DIALOG} .o_tree_editor_condition .o_tree_editor_editor:last-child input`,
            run: `edit ${amount} && press Tab`,
        },
        {
            content: "The rule reads budget ≥ amount: confirm",
            trigger: `${DOMAIN_DIALOG} .o_tree_editor_condition .o_tree_editor_editor:last-child input`,
            run() {
                const dialog = this.anchor.closest(".modal");
                const operator = dialog.querySelector(".o_tree_editor_condition select");
                if (!operator.value.includes(">=")) {
                    throw new Error(`the operator is ${operator.value}`);
                }
                const value = dialog.querySelector(".o_tree_editor_condition .o_tree_editor_editor:last-child input");
                if (!/500/.test(value?.value || "")) {
                    throw new Error(`the amount is not typed: ${value?.value}`);
                }
                dialog.querySelector(".modal-footer .btn-primary").click();
            },
        },
        {
            content: "Back in the step's dialog, the condition is set",
            trigger: `${STEP_DIALOG}:not(:has(.o_tree_editor a[role=button])) .o_field_widget[name=condition] .o_tree_editor_condition`,
        },
    ];
}

addStoryTour("collab_flow_coordinator_adds_step_tour", () => [
    ...openMenu("menu_collab_config", "collab_flow_menu"),
    {
        content: "Open the standard flow",
        trigger: `.o_list_view .o_data_row td[name=name]:contains('${FLOW_NAME}')`,
        run: "click",
    },
    {
        content: "Add a step",
        trigger: ".o_form_view .o_field_widget[name=step_ids] .o_field_x2many_list_row_add a",
        run: "click",
    },
    {
        content: "The step's name",
        trigger: `${STEP_DIALOG} .o_field_widget[name=name] input`,
        run: `edit ${FINANCE_STEP}`,
    },
    selectIn("kind", "extra_review"),
    {
        content: "After the department reviews (30), before the sponsor (40)",
        trigger: `${STEP_DIALOG} .o_field_widget[name=sequence] input`,
        run: "edit 35",
    },
    ...conditionBudgetAtLeast(500000),
    selectIn("approver_rule", "department_head"),
    ...autocomplete("department_id", "财务部", "财务部", STEP_DIALOG),
    {
        content: "A time limit of 24 working hours",
        trigger: `${STEP_DIALOG} .o_field_widget[name=time_limit_hours] input`,
        run: "edit 24 && press Tab",
    },
    selectIn("limit_action", "coordinator"),
    {
        content: "Save the step",
        trigger: `${STEP_DIALOG} .modal-footer .o_form_button_save`,
        run: "click",
    },
    {
        content: "The dialog is closed; the step is listed with its condition",
        trigger: `body:not(:has(.modal)) .o_field_widget[name=step_ids] .o_data_row:contains('${FINANCE_STEP}') td[name=condition_summary]:contains('500,000')`,
    },
    ...save(),
    {
        content: "The step comes after the department reviews and before the sponsor",
        trigger: `.o_form_view .o_field_widget[name=step_ids] .o_data_row:contains('${FINANCE_STEP}')`,
        run() {
            const rows = [...document.querySelectorAll(".o_field_widget[name=step_ids] .o_data_row")];
            const kinds = rows.map((row) => row.querySelector("td[name=kind]").textContent.trim());
            const at = rows.findIndex((row) => row.textContent.includes(FINANCE_STEP));
            if (rows.length !== 5 || at !== 3 || kinds[3] === kinds[2] || kinds[3] === kinds[4]) {
                throw new Error(`the new step is at ${at} of ${rows.length}`);
            }
        },
    },
    ...screenshot(
        "flow_coordinator_adds_step_zh_CN",
        `.o_form_view .o_field_widget[name=step_ids] .o_data_row:contains('${FINANCE_STEP}') td[name=condition_summary]:contains('500,000')`,
    ),
    {
        content: "Preview the flow",
        trigger: ".o_form_view .o_statusbar_buttons button[name=action_preview]",
        run: "click",
    },
    {
        content: "A sample request of ¥600,000",
        trigger: ".modal .o_field_widget[name=sample_budget] input",
        run: "edit 600000 && press Tab",
    },
    {
        content: "The preview passes by the Finance head",
        trigger: `.modal .o_field_widget[name=path_html] .o_collab_flow_path tr:contains('${FINANCE_STEP}'):contains('财务总监')`,
    },
    {
        content: "Close the preview",
        trigger: ".modal .modal-footer .btn-secondary",
        run: "click",
    },
    {
        content: "The preview is closed",
        trigger: "body:not(:has(.modal)) .o_form_view",
    },
]);

// The request's path: the Finance step done, by the Finance head.
function pathShowsFinanceDone(shot) {
    return [
        {
            content: "The request's approval path",
            trigger: ".o_form_view .o_notebook_headers a[name=flow_path]",
            run: "click",
        },
        {
            content: "The Finance step is done, by the Finance head",
            trigger: `.o_field_widget[name=flow_path_html] .o_collab_path_done:contains('${FINANCE_STEP}'):contains('财务总监')`,
            run() {
                this.anchor.closest(".o_collab_path").scrollIntoView({ block: "start" });
            },
        },
        {
            content: "... and the request waits on the sponsor",
            trigger: ".o_field_widget[name=flow_path_html] .o_collab_path_current",
        },
        ...screenshot(shot, ".o_field_widget[name=flow_path_html] .o_collab_path_current"),
    ];
}

addStoryTour("collab_flow_finance_head_approves_tour", () => [
    ...openActivities("collab.request.step"),
    {
        content: "The Finance review of the large request",
        trigger: `.o_list_view .o_data_row:contains('${LARGE}') td.o_data_cell`,
        run: "click",
    },
    {
        content: "Approve from the activity in the chatter",
        trigger: ".o-mail-Activity .o-collab-ActivityDecision-choice[data-decision=approve]",
        async run() {
            this.anchor.click();
            // a comment, when the decision asks for one, is optional: confirm the dialog as is
            await waitFor(
                () =>
                    document.querySelector(".modal .o-collab-DecisionDialog-confirm") ||
                    !document.querySelector(".o-mail-Activity .o-collab-ActivityDecision"),
                TIMEOUT,
                { what: "the decision" },
            );
            document.querySelector(".modal .o-collab-DecisionDialog-confirm")?.click();
        },
    },
    {
        content: "The review is approved, its activity gone",
        trigger:
            ".o_form_view:not(:has(.o-mail-Activity .o-collab-ActivityDecision)) .o_statusbar_status [data-value=approved].o_arrow_button_current",
    },
    {
        content: "Open the request",
        trigger: ".o_action_manager button[name=action_open_request]",
        run: "click",
    },
    ...pathShowsFinanceDone("flow_request_path_zh_CN"),
]);

// On the initiator's phone: the same path, one step under the other.
registry.category("web_tour.tours").add("collab_flow_path_phone_tour", {
    steps: () => pathShowsFinanceDone("flow_request_path_phone_zh_CN").map((step) => ({ timeout: TIMEOUT, ...step })),
});
