import {
    TIMEOUT,
    addStoryTour,
    autocomplete,
    confirmDialog,
    isoInDays,
    openActivities,
    openMenu,
    openRecord,
    raiseRequest,
    screenshot,
    statusIs,
} from "@cross_dept_collab/../tests/tours/collab_tour_utils";

// The 618 promotion story clicked through by each of its people, one tour per role and step
// (tests/test_ui_full_flow.py runs them in order). Every tour starts on /odoo and goes through the
// menus, the activity menu or the record's own buttons; selectors use technical names, menu xmlids
// and the data the story typed in, never translated labels: the deciders work in 简体中文.

const TITLE = "618 大促全流程 Browser 618";

const add = addStoryTour;

// 1. An employee of Marketing raises the 618 request and submits it (English).
add("collab_618_raise", () => [
    ...raiseRequest({
        title: TITLE,
        departments: [
            ["产品部", "Product 产品部"],
            ["销售部", "Sales 销售部"],
        ],
        expected: isoInDays(45),
        background: "618 是全年第二大促销节点，去年产品、销售、物流衔接不畅导致爆款断货。",
        goal: "销售额同比提升 30%，客户满意度 ≥ 90%",
        scope: "主推 3 款产品的线上大促",
        asks: [
            ["销售部", "提供近两年618采购与销售数据，拆分销售目标", isoInDays(10)],
            ["产品部", "提供3款主推产品功能说明", isoInDays(20)],
        ],
    }),
    ...screenshot("01_employee_submitted"),
]);

// 2. The coordinator (PMO) accepts it and names Marketing the lead department (English).
add("collab_618_pmo_accept", () => [
    ...openMenu("menu_collab_requests", "collab_request_menu"),
    openRecord(TITLE),
    {
        content: "Accept",
        trigger: ".o_form_view .o_statusbar_buttons button.btn-primary[name=action_open_reason_wizard]",
        run: "click",
    },
    ...autocomplete("lead_department_id", "市场部", "Marketing 市场部", ".modal"),
    {
        content: "Confirm",
        trigger: ".modal button[name=action_confirm]",
        run: "click",
    },
    statusIs("lead_confirmation"),
]);

// 3. The head of the lead department confirms the lead from "Requests to Decide" (简体中文).
add("collab_618_lead_confirm", () => [
    ...openMenu("menu_collab_to_approve", "collab_request_menu_to_approve"),
    openRecord(TITLE),
    {
        content: "What is asked of each department",
        trigger: ".o_notebook a[name=lines]",
        run: "click",
    },
    ...screenshot("02_lead_head_confirms_zh_CN"),
    {
        content: "Confirm the lead",
        trigger: ".o_form_view button[name=action_confirm_lead]",
        run: "click",
    },
    statusIs("department_review"),
]);

// 4. A department head decides the review from the activity menu (简体中文).
function headDecides(name, decision, feedback, shot) {
    add(name, () => [
        ...openActivities("collab.approval"),
        openRecord(TITLE),
        {
            content: "The department's feedback",
            trigger: ".o_form_view .o_field_widget[name=feedback] textarea",
            run: `edit ${feedback}`,
        },
        ...(shot ? screenshot(shot) : []),
        ...(decision === "action_approve"
            ? [
                  {
                      content: "Decide",
                      trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]",
                      run: "click",
                  },
              ]
            : [
                  {
                      content: "Request changes: its reason dialog opens at once",
                      trigger:
                          ".o_form_view .o_statusbar_buttons button[name=action_open_reason_dialog]:contains('要求修改')",
                      run: "click",
                  },
                  {
                      content: "What must change",
                      trigger: ".modal .o_collab_reason_decision .o_field_widget[name=reason] textarea",
                      run: `edit ${feedback}`,
                  },
                  {
                      content: "Confirm",
                      trigger: ".modal button[name=action_confirm]",
                      run: "click",
                  },
              ]),
        {
            content: "Decided: the feedback is no longer editable",
            trigger: ".o_form_view .o_field_widget[name=feedback]:not(:has(textarea))",
        },
    ]);
}
headDecides(
    "collab_618_product_approves",
    "action_approve",
    "产品部同意：收到销售数据后 3 个工作日内提供功能说明",
    "03_head_reviews_from_activity_zh_CN",
);
headDecides(
    "collab_618_sales_requests_changes",
    "action_request_changes",
    "销售部：采购数据需到 5 月 15 日才能整理完，请调整时间",
    "04_head_requests_changes_zh_CN",
);
headDecides("collab_618_product_approves_again", "action_approve", "产品部同意");
headDecides("collab_618_sales_approves", "action_approve", "销售部同意：5 月 15 日前提供采购数据");

// 5. Second coordination: the coordinator adopts Sales' proposed date in its ask and restarts
// the department review with a comment to the departments (English).
add("collab_618_pmo_restart", () => [
    ...openMenu("menu_collab_requests", "collab_request_menu"),
    openRecord(TITLE),
    statusIs("second_coordination"),
    {
        content: "The asks of each department",
        trigger: ".o_notebook a[name=lines]",
        run: "click",
    },
    {
        content: "Revise the Sales ask",
        trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('销售部') td[name=date_due]",
        run: "click",
    },
    {
        content: "Sales' proposed date",
        trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=date_due] input",
        run: `edit ${isoInDays(30)}`,
    },
    {
        content: "Save",
        trigger: ".o_form_view .o_form_button_save",
        run: "click",
    },
    {
        content: "Saved",
        trigger: ".o_form_view .o_form_saved",
    },
    {
        content: "Restart the department review",
        trigger: ".o_form_view .o_statusbar_buttons button.btn-primary[name=action_open_reason_wizard]",
        run: "click",
    },
    {
        content: "Comment to the departments",
        trigger: ".modal .o_field_widget[name=reason] textarea, .modal .o_field_widget[name=reason] input",
        run: "edit 已采纳销售部建议的日期，请再次审核",
    },
    {
        content: "Confirm",
        trigger: ".modal button[name=action_confirm]",
        run: "click",
    },
    statusIs("department_review"),
]);

// 6. The sponsor approves: the project is opened (简体中文).
add("collab_618_sponsor_approves", () => [
    ...openMenu("menu_collab_to_approve", "collab_request_menu_to_approve"),
    openRecord(TITLE),
    {
        content: "The department reviews are all there",
        trigger: ".o_notebook a[name=approvals]",
        run: "click",
    },
    ...screenshot("05_sponsor_approves_zh_CN"),
    {
        content: "Approve",
        trigger: ".o_form_view button[name=action_sponsor_approve]",
        run: "click",
    },
    statusIs("approved"),
    {
        content: "The project is there",
        trigger: "button.oe_stat_button[name=action_open_project]",
    },
]);

// 7. The project lead (head of the lead department) opens the project, plans the two tasks (owners,
// dependency, deliverable), reschedules, exports the plan and asks the owners to sign it (简体中文).
function editTask(department, owner, extra) {
    return [
        {
            content: `Open the task of ${department}`,
            trigger: `.o_data_row:contains('${department}') td.o_data_cell[name=name]`,
            run: "click",
        },
        {
            content: "Remove the liaison as owner",
            trigger: ".o_form_view .o_field_widget[name=user_ids] .o_tag .o_delete:not(:visible)",
            run: "click",
        },
        ...autocomplete("user_ids", owner, owner),
        {
            content: "The plan tab",
            trigger: ".o_notebook a[name=collab_plan]",
            run: "click",
        },
        ...extra,
        {
            content: "Save the task",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Back to the plan",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a:contains('WBS')",
            run: "click",
        },
    ];
}

add("collab_618_lead_plans", () => [
    ...openMenu("menu_collab_requests", "collab_request_menu"),
    openRecord(TITLE),
    {
        content: "Open the project",
        trigger: "button.oe_stat_button[name=action_open_project]",
        run: "click",
    },
    {
        content: "Open its WBS",
        trigger: "button.oe_stat_button[name=action_open_wbs]",
        run: "click",
    },
    ...editTask("销售部", "Huang Qiang", []),
    ...editTask("产品部", "He Ping", [
        ...autocomplete("depend_on_ids", "销售部", "销售部"),
        {
            content: "Warned that the task starts before its predecessor ends: reschedule it later",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The deliverable",
            trigger:
                ".o_form_view .o_field_widget[name=deliverable] textarea, .o_form_view .o_field_widget[name=deliverable] input",
            run: "edit 3 款主推产品功能说明",
        },
        {
            content: "The acceptance standard",
            trigger:
                ".o_form_view .o_field_widget[name=acceptance_standard] textarea, .o_form_view .o_field_widget[name=acceptance_standard] input",
            run: "edit 覆盖卖点、参数、售后政策",
        },
    ]),
    {
        content: "Both tasks have their owners",
        trigger: ".o_list_view .o_data_row:contains('产品部'):contains('He Ping')",
    },
    {
        content: "Back to the project",
        trigger: ".o_breadcrumb .breadcrumb-item:not(.active):last a",
        run: "click",
    },
    {
        content: "Schedule the tasks after their predecessors",
        trigger: ".o_form_view button[name=action_recompute_schedule]",
        run: "click",
    },
    {
        // rescheduling reloads the form, back on its first page: open the timeline until it shows
        content: "The timeline, drawn with the task names kept in view",
        trigger: ".o_notebook a[name=collab_timeline]",
        async run() {
            const start = Date.now();
            while (!document.querySelector(".o_collab_timeline .o_collab_timeline_names")) {
                if (Date.now() - start > TIMEOUT) {
                    throw new Error("The timeline is not drawn");
                }
                const tab = document.querySelector(".o_notebook a[name=collab_timeline]");
                if (tab && !tab.classList.contains("active")) {
                    tab.click();
                }
                await new Promise((resolve) => setTimeout(resolve, 300));
            }
        },
    },
    ...screenshot("06_project_lead_plans_zh_CN"),
    {
        content: "Export the plan",
        trigger: ".o_form_view button[name=action_export_plan_xlsx]",
        run: "click",
    },
    {
        content: "Ask the owners to sign the plan",
        trigger: ".o_form_view button[name=action_request_plan_signoff]",
        run: "click",
    },
    {
        content: "The sign-offs are asked",
        trigger: ".o_form_view:not(:has(button[name=action_request_plan_signoff]))",
    },
]);

// 8. Each owner signs the plan from the activity menu.
function ownerSigns(name, shot) {
    add(name, () => [
        ...openActivities("collab.signoff"),
        openRecord("大促全流程"),
        ...(shot ? screenshot(shot) : []),
        {
            content: "Sign",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_sign]",
            run: "click",
        },
        {
            content: "Signed",
            trigger: ".o_form_view .o_statusbar_status [data-value='signed'].o_arrow_button_current",
        },
    ]);
}
ownerSigns("collab_618_product_owner_signs", "07_owner_signs_plan_zh_CN");
ownerSigns("collab_618_sales_owner_signs");

// 9. The owner of the Product task posts progress and submits the deliverable (简体中文).
function openMyTask() {
    return [
        ...openMenu("menu_collab_projects", "project_task_menu_follow_ups"),
        {
            content: "My follow-ups are shown, filtered on what needs attention",
            trigger: ".o_list_view th[data-name=wbs_code]",
        },
        {
            content: "All my open tasks, not only those needing attention",
            trigger: ".o_searchview .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the Product task",
            trigger: ".o_data_row:contains('产品部') td.o_data_cell[name=name]",
            run: "click",
        },
    ];
}

add("collab_618_owner_progress", () => [
    ...openMyTask(),
    {
        content: "Progress",
        trigger: ".o_notebook a[name=collab_progress]",
        run: "click",
    },
    {
        content: "Post an update",
        trigger: ".o_field_widget[name=progress_update_ids] .o_field_x2many_list_row_add a",
        run: "click",
    },
    {
        // the progress bar redraws its input when it gets the focus: type once it has it
        content: "How far",
        trigger: ".modal .o_field_widget[name=progress] input",
        run: "click",
    },
    {
        content: "80 %",
        trigger: ".modal .o_field_widget[name=progress] input:focus",
        run: "edit 80",
    },
    {
        content: "Where it stands",
        trigger: ".modal .o_field_widget[name=summary] textarea",
        run: "edit 功能说明初稿完成，待销售确认卖点",
    },
    {
        content: "The percentage is taken",
        trigger: ".modal .o_field_widget[name=progress] .o_progress[aria-valuenow='80']",
    },
    ...screenshot("08_owner_posts_progress_zh_CN"),
    {
        content: "Save the update",
        trigger: ".modal .o_form_button_save",
        run: "click",
    },
    {
        content: "The update is listed",
        trigger: ".o_field_widget[name=progress_update_ids] .o_data_row:contains('功能说明初稿完成')",
    },
    {
        content: "Submit the deliverable for acceptance",
        trigger: ".o_form_view button[name=action_submit_for_acceptance]",
        run: "click",
    },
    {
        content: "Submitted",
        trigger: ".o_form_view:not(:has(button[name=action_submit_for_acceptance]))",
    },
]);

// 10. Acceptance: the Product head fails it, the owner resubmits, the lead head passes it (简体中文).
function acceptorDecides(name, decision, notes, shot, extra = []) {
    add(name, () => [
        ...openActivities("collab.acceptance"),
        openRecord("3 款主推产品功能说明"),
        {
            content: "Notes",
            trigger: ".o_form_view .o_field_widget[name=improvement_notes] textarea",
            run: `edit ${notes}`,
        },
        ...(shot ? screenshot(shot) : []),
        ...extra,
        {
            content: "Decide",
            trigger: `.o_form_view .o_statusbar_buttons button[name=${decision}]`,
            run: "click",
        },
        ...(decision === "action_open_reason_dialog"
            ? [
                  {
                      content: "What must be improved",
                      trigger: ".modal .o_collab_reason_decision .o_field_widget[name=reason] textarea",
                      run: `edit ${notes}`,
                  },
                  {
                      content: "Rework deadline",
                      trigger: ".modal .o_field_widget[name=date_value] input",
                      run: `edit ${isoInDays(7)}`,
                  },
                  {
                      content: "Confirm",
                      trigger: ".modal button[name=action_confirm]",
                      run: "click",
                  },
              ]
            : []),
        {
            content: "Decided",
            trigger: ".o_form_view .o_field_widget[name=improvement_notes]:not(:has(textarea))",
        },
    ]);
}
// failing opens its reason dialog at once (the notes and the rework deadline)
acceptorDecides(
    "collab_618_acceptance_fails",
    "action_open_reason_dialog",
    "缺少售后政策说明，请补充",
    "09_acceptance_fails_zh_CN",
);

add("collab_618_owner_resubmits", () => [
    ...openMyTask(),
    {
        content: "Submit the reworked deliverable",
        trigger: ".o_form_view button[name=action_submit_for_acceptance]",
        run: "click",
    },
    {
        content: "Submitted",
        trigger: ".o_form_view:not(:has(button[name=action_submit_for_acceptance]))",
    },
]);

acceptorDecides("collab_618_acceptance_passes", "action_pass", "已补充售后政策，通过");

// 11. The lead head writes the retrospective (简体中文).
add("collab_618_retrospective", () => [
    ...openActivities("collab.retrospective"),
    openRecord("大促全流程"),
    {
        content: "What was achieved",
        trigger: ".o_form_view .o_field_widget[name=achievement] textarea",
        run: "edit 销售额同比 +35%，满意度 92%",
    },
    {
        content: "Goal exceeded",
        trigger: ".o_form_view .o_field_widget[name=goal_met] input[data-value=exceeded]",
        run: "click",
    },
    {
        content: "The review",
        trigger: ".o_notebook a[name=review]",
        run: "click",
    },
    {
        content: "Suggestions",
        trigger: ".o_form_view .o_field_widget[name=suggestions] textarea",
        run: "edit 大促前两周完成库存压力测试",
    },
    ...screenshot("10_retrospective_zh_CN"),
    {
        content: "Done",
        trigger: ".o_form_view button[name=action_done]",
        run: "click",
    },
    {
        content: "The retrospective is done",
        trigger: ".o_form_view .o_statusbar_status [data-value='done'].o_arrow_button_current",
    },
]);

// 12. The coordinator closes the request and prints its dossier (English).
add("collab_618_close_and_print", () => [
    ...openMenu("menu_collab_requests", "collab_request_menu"),
    {
        content: "All requests are shown, filtered on the open ones",
        trigger: ".o_list_view th[data-name=waiting_label]",
    },
    {
        content: "Also requests that are no longer open",
        trigger: ".o_searchview .o_facet_remove",
        run: "click",
    },
    openRecord(TITLE),
    statusIs("accepted"),
    {
        content: "Close",
        trigger: ".o_form_view button[name=action_close]",
        run: "click",
    },
    // what is still open is archived as it is: the coordinator confirms
    confirmDialog(),
    statusIs("closed"),
    {
        content: "Print the dossier",
        trigger: ".o_form_view button[name=action_print_dossier]",
        run: "click",
    },
    {
        content: "The dossier is downloaded",
        trigger: "body:not(:has(.o_blockUI))",
    },
]);
