import { registry } from "@web/core/registry";

// A task owner posts progress from a phone (390×844), in 简体中文: My Follow-ups → the task's card →
// Progress → add an update (tests/test_ui_mobile.py). Selectors use technical names only.
const TIMEOUT = 45000;

registry.category("web_tour.tours").add("collab_progress_mobile_tour", {
    steps: () =>
        [
            {
                content: "My follow-ups are open",
                trigger: ".o_action_manager .o_kanban_view, .o_action_manager .o_list_view",
            },
            {
                // the list opens on what needs attention: show every open task of mine
                content: "Open the search bar",
                trigger: ".o_control_panel button:has(> i.fa-search)",
                run: "click",
            },
            {
                content: "Remove the Needs Attention filter",
                trigger: ".o_searchview .o_facet_remove",
                run: "click",
            },
            {
                content: "No filter left",
                trigger: ".o_searchview:not(:has(.o_searchview_facet))",
            },
            {
                content: "Open my sales-training task",
                trigger: ".o_kanban_record:contains('销售培训'), .o_data_row:contains('销售培训') td.o_data_cell",
                run: "click",
            },
            {
                content: "Progress",
                trigger: ".o_form_view .o_notebook a[name=collab_progress]",
                run: "click",
            },
            {
                content: "Post an update",
                trigger:
                    ".o_field_widget[name=progress_update_ids] .o_field_x2many_list_row_add a, .o_field_widget[name=progress_update_ids] .o-kanban-button-new",
                run: "click",
            },
            {
                // the progress bar redraws its input when it gets the focus: type once it has it
                content: "How far",
                trigger: ".modal .o_field_widget[name=progress] input",
                run: "click",
            },
            {
                content: "70 %",
                trigger: ".modal .o_field_widget[name=progress] input:focus",
                run: "edit 70",
            },
            {
                content: "Where it stands",
                trigger: ".modal .o_field_widget[name=summary] textarea",
                run: "edit 培训课件初稿完成，下周试讲",
            },
            {
                content: "The percentage is taken",
                trigger: ".modal .o_field_widget[name=progress] .o_progress[aria-valuenow='70']",
            },
            {
                content: "Save the update",
                trigger: ".modal .o_form_button_save",
                run: "click",
            },
            {
                content: "The update is listed",
                trigger: ".o_field_widget[name=progress_update_ids]:contains('培训课件初稿完成')",
            },
            {
                content: "Save the task",
                trigger: ".o_form_view .o_form_button_save:not(:disabled), .o_form_view .o_form_saved",
                run() {
                    const save = document.querySelector(".o_form_view .o_form_button_save");
                    if (save) {
                        save.click();
                    }
                },
            },
            {
                content: "Saved",
                trigger: ".o_form_view .o_form_saved",
            },
        ].map((step) => ({ timeout: TIMEOUT, ...step })),
});
