import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";
import { screenshot } from "./collab_tour_utils";

// The project library and its group, in 简体中文 (tests/test_ui_project_library.py): the project
// lead uploads a design from the project, a task owner uploads its next version, and the lead reads
// the group's post about it on a phone. Selectors use technical names and the data typed in.
const TIMEOUT = 45000;

// A stat button of the project form: in the button box, else under its "More" dropdown.
function statButton(name, content) {
    const selector = `button[name=${name}]`;
    return [
        {
            content: `${content}: show it`,
            trigger: ".o_form_view .o-form-buttonbox",
            run() {
                if (!document.querySelector(`.o_form_view .o-form-buttonbox ${selector}`)) {
                    document.querySelector(".o_form_view .o-form-buttonbox .o_button_more").click();
                }
            },
        },
        { content, trigger: `.o-form-buttonbox ${selector}`, run: "click" },
    ];
}

function add(name, steps) {
    registry.category("web_tour.tours").add(name, {
        steps: () => steps.map((step) => ({ timeout: TIMEOUT, ...step })),
    });
}

add("collab_library_lead_uploads_tour", [
    ...statButton("action_open_collab_documents", "The project's library, from its form"),
    {
        content: "The library is open",
        trigger: ".o_action_manager .o_list_view, .o_action_manager .o_kanban_view",
    },
    {
        content: "New document",
        trigger: ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new",
        run: "click",
    },
    {
        content: "Its name",
        trigger: ".o_form_view .o_field_widget[name=name] input",
        run: "edit 电池续航设计方案",
    },
    {
        content: "The file",
        trigger: ".o_form_view .o_field_widget[name=upload_datas]",
        async run() {
            const file = new File(["电池续航设计方案 第一稿"], "battery-design-v1.txt", { type: "text/plain" });
            await inputFiles(".o_form_view .o_field_widget[name=upload_datas] input[type=file]", [file]);
        },
    },
    {
        content: "The file is taken",
        trigger: ".o_form_view .o_field_widget[name=upload_datas] .o_clear_file_button",
    },
    {
        content: "What it contains",
        trigger: ".o_form_view .o_field_widget[name=upload_comment] textarea",
        run: "edit 第一稿：续航 7 天",
    },
    {
        content: "Category: the design",
        trigger: ".o_form_view .o_field_widget[name=category_id] input",
        run: "edit 设计",
    },
    {
        content: "设计方案",
        trigger: ".o-autocomplete--dropdown-item a:contains(设计方案)",
        run: "click",
    },
    {
        content: "Save",
        trigger: ".o_form_view .o_form_button_save",
        run: "click",
    },
    {
        content: "Version 1 is the current one",
        trigger: ".o_form_view .o_form_saved .o_field_widget[name=version_number]:contains(1), .o_form_view:not(:has(.o_form_dirty)) .o_field_widget[name=version_number]:contains(1)",
    },
    ...screenshot("library_lead_uploads", ".o_form_view .o_field_widget[name=version_number]"),
]);

add("collab_library_member_uploads_version_tour", [
    {
        content: "The document the lead uploaded",
        trigger: ".o_breadcrumb:contains(电池续航设计方案)",
    },
    {
        content: "Upload New Version",
        trigger: ".o_form_view button[name=action_upload_version]",
        run: "click",
    },
    {
        content: "The new file",
        trigger: ".modal .o_field_widget[name=datas]",
        async run() {
            const file = new File(["电池续航设计方案 第二稿"], "battery-design-v2.txt", { type: "text/plain" });
            await inputFiles(".modal .o_field_widget[name=datas] input[type=file]", [file]);
        },
    },
    {
        content: "The file is taken",
        trigger: ".modal .o_field_widget[name=datas] .o_clear_file_button",
    },
    {
        content: "What changed",
        trigger: ".modal .o_field_widget[name=comment] textarea",
        run: "edit 电芯改为 5000mAh，续航 9 天",
    },
    {
        content: "Upload",
        trigger: ".modal button[name=action_confirm]",
        run: "click",
    },
    {
        content: "Version 2 is the current one; version 1 is kept",
        trigger:
            ".o_form_view:not(:has(.modal)) .o_field_widget[name=version_number]:contains(2)",
    },
    {
        content: "Both versions are listed",
        trigger: ".o_form_view .o_field_widget[name=version_ids] .o_data_row:nth-child(2)",
    },
    ...screenshot("library_member_uploads_version", ".o_form_view .o_field_widget[name=version_ids]"),
]);

add("collab_library_lead_reads_the_group_tour", [
    ...statButton("action_open_collab_channel", "The project group, from the project"),
    {
        content: "The post about the new version, mentioning the lead",
        trigger: ".o-mail-Message:contains(电池续航设计方案):contains(电芯改为 5000mAh) .o_mail_redirect",
    },
    ...screenshot("library_group_post_phone", ".o-mail-Thread"),
]);
