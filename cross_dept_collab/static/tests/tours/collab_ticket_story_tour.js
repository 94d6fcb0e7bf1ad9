import {
    TIMEOUT,
    addStoryTour,
    autocomplete,
    clickStatusButton,
    confirmDialog,
    isoInDays,
    openActivities,
    openMenu,
    openRecord,
    raiseRequest,
    reasonDialog,
    save,
    screenshot,
    statusIs,
    waitFor,
} from "@cross_dept_collab/../tests/tours/collab_tour_utils";

// The second story (tests/test_ui_second_story.py), clicked through by its people, one tour per
// role and step: Customer Service asks for a ticket-system upgrade involving R&D, Logistics and
// Supply Chain. Its initiator and lead work in 繁體中文, R&D and the sponsor in 简体中文, the
// coordinator, Logistics and Supply Chain's head in English; some steps are taken on a phone.

const TITLE = "客服工單系統升級 Ticket system upgrade";

const add = addStoryTour;

function openFromMyApprovals(text = TITLE) {
    return [
        ...openMenu(null, "collab_my_decision_menu"),
        openRecord(text),
        {
            content: "The decision's form is open",
            trigger: ".o_form_view .o_statusbar_buttons",
        },
    ];
}

// -- Chapter 1: intake ---------------------------------------------------------------------------

// Logistics' head goes away: My Delegations → New, his deputy decides for him (English).
add("collab_ticket_delegation", () => [
    ...openMenu(null, "collab_delegation_menu_mine"),
    {
        content: "New delegation",
        trigger: ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new",
        run: "click",
    },
    // the list is editable: the new delegation is its first row
    ...autocomplete("delegate_id", "Luo Bin", "Luo Bin", ".o_selected_row"),
    {
        content: "Until",
        trigger: ".o_selected_row .o_field_widget[name=date_end] input",
        run: `edit ${isoInDays(30)}`,
    },
    {
        content: "Why",
        trigger: ".o_selected_row .o_field_widget[name=reason] input",
        run: "edit Business trip to the Shenzhen warehouse",
    },
    {
        content: "Save",
        trigger: ".o_control_panel .o_list_button_save",
        run: "click",
    },
    {
        content: "Saved: the delegation is in effect",
        trigger: ".o_data_row:not(.o_selected_row):contains('Luo Bin') td[name=in_effect] input:checked",
    },
]);

// Customer Service's employee raises the request (繁體中文, desktop).
add("collab_ticket_raise", () =>
    raiseRequest({
        title: TITLE,
        departments: [
            ["研发", "研发部"],
            ["物流", "物流部"],
            ["供应链", "供应链部"],
        ],
        expected: isoInDays(90),
        background: "客服工單系統已用五年，無法對接物流追蹤與供應鏈庫存，客訴平均處理 3 天。",
        goal: "客訴平均處理時間由 3 天降至 1 天",
        scope: "工單系統升級：物流追蹤、庫存查詢、客訴分級",
        asks: [
            ["研发部", "開發工單系統與物流、庫存的介面", isoInDays(40)],
            ["物流部", "提供物流追蹤資料介面說明", isoInDays(20)],
            ["供应链部", "提供庫存查詢權限與資料字典", isoInDays(20)],
        ],
    })
);

// The coordinator accepts it and proposes R&D as lead (English).
function pmoAccepts(name, department, pick) {
    add(name, () => [
        ...openFromMyApprovals(),
        clickStatusButton("action_open_accept_dialog"),
        ...autocomplete("lead_department_id", department, pick, ".modal"),
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        statusIs("approved"),
        {
            content: "The request waits for the lead's confirmation",
            trigger: ".o_form_view .o_field_widget[name=request_state]:contains('Lead Confirmation')",
        },
    ]);
}
pmoAccepts("collab_ticket_pmo_proposes_rd", "研发", "研发部");

// R&D's head objects to leading it, on his phone: the objection's dialog opens at once (简体中文).
add("collab_ticket_rd_objects", () => [
    ...openFromMyApprovals(),
    {
        content: "The form says which department is proposed",
        trigger: ".o_form_view div[name=proposed_lead]:contains('研发部')",
    },
    ...screenshot("ticket_rd_head_objects_phone_zh_cn"),
    clickStatusButton("action_open_reason_dialog", { text: "提出异议" }),
    ...reasonDialog("研发部不宜牵头：客服部是工单系统的使用方，应由客服部牵头", { title: "提出异议" }),
    statusIs("returned"),
]);

// The coordinator picks Customer Service instead (English).
pmoAccepts("collab_ticket_pmo_picks_cs", "客服", "客服部");

// Customer Service's head confirms the lead from My Approvals (繁體中文).
add("collab_ticket_cs_confirms", () => [
    ...openFromMyApprovals(),
    {
        content: "The proposed lead is Customer Service",
        trigger: ".o_form_view div[name=proposed_lead]:contains('客服部')",
    },
    clickStatusButton("action_approve"),
    statusIs("approved"),
]);

// R&D's head adds Product's head after himself, then approves (简体中文, from the activity menu).
add("collab_ticket_rd_adds_after", () => [
    ...openActivities("collab.approval"),
    openRecord(TITLE),
    clickStatusButton("action_open_add_approver_wizard"),
    ...autocomplete("user_ids", "郭敏", "郭敏", ".modal"),
    {
        content: "After me",
        trigger: ".modal .o_field_widget[name=mode] input[data-value=after]",
        run: "click",
    },
    ...reasonDialog("接口涉及产品规划，请产品部在研发之后确认"),
    {
        content: "The department's feedback",
        trigger: ".o_form_view .o_field_widget[name=feedback] textarea",
        run: "edit 研发部同意：需 6 周开发接口",
    },
    clickStatusButton("action_approve"),
    {
        content: "Decided: the feedback is no longer editable",
        trigger: ".o_form_view .o_field_widget[name=feedback]:not(:has(textarea))",
    },
]);

// The initiator, on her phone: urges, withdraws with a reason, revises the goal and resubmits
// (繁體中文).
add("collab_ticket_initiator_withdraws", () => [
    ...openMenu("menu_collab_requests", "collab_request_menu_mine"),
    openRecord(TITLE),
    clickStatusButton("action_open_reason_wizard", { text: "催辦" }),
    ...reasonDialog("請儘快審核，客訴量本月翻倍"),
    clickStatusButton("action_open_reason_wizard", { text: "撤回" }),
    ...reasonDialog("補充客訴分級需求後再送審"),
    statusIs("draft"),
    {
        content: "Revise the scope",
        trigger: ".o_form_view .o_field_widget[name=scope] textarea",
        run: "edit 工單系統升級：物流追蹤、庫存查詢、客訴分級（含 VIP 客戶優先）",
    },
    ...save(),
    ...screenshot("ticket_initiator_resubmits_phone_zh_tw"),
    clickStatusButton("action_submit"),
    statusIs("submitted"),
]);

// -- Chapter 2: the department reviews -----------------------------------------------------------

function decides(name, { from = "activity", feedback, shot }) {
    add(name, () => [
        ...(from === "activity" ? [...openActivities("collab.approval"), openRecord(TITLE)] : openFromMyApprovals()),
        {
            content: "The department's feedback",
            trigger: ".o_form_view .o_field_widget[name=feedback] textarea",
            run: `edit ${feedback}`,
        },
        ...(shot ? screenshot(shot) : []),
        clickStatusButton("action_approve"),
        {
            content: "Decided: the feedback is no longer editable",
            trigger: ".o_form_view .o_field_widget[name=feedback]:not(:has(textarea))",
        },
    ]);
}
// 会签: Supply Chain's head and his deputy each approve (English desktop, 简体中文 phone)
decides("collab_ticket_scm_head_approves", { feedback: "Supply Chain agrees: read access to stock in 2 weeks" });
decides("collab_ticket_scm_deputy_approves", {
    from: "my_approvals",
    feedback: "供应链部副职同意：库存数据字典两周内提供",
    shot: "ticket_scm_deputy_cosigns_phone_zh_cn",
});
// Logistics' head is away: his delegate decides for him (English)
decides("collab_ticket_log_delegate_approves", {
    feedback: "Logistics agrees: tracking API documentation in 10 days",
    shot: "ticket_log_delegate_decides_en",
});
// the approver R&D added after him decides from My Approvals (简体中文)
decides("collab_ticket_prod_head_approves", { from: "my_approvals", feedback: "产品部同意接口规划" });

// The sponsor approves from My Approvals on her phone: the project is opened (简体中文).
add("collab_ticket_sponsor_approves", () => [
    ...openFromMyApprovals(),
    {
        content: "The request's goal is shown",
        trigger: ".o_form_view:contains('1 天')",
    },
    ...screenshot("ticket_sponsor_approves_phone_zh_cn"),
    clickStatusButton("action_approve"),
    statusIs("approved"),
]);

// -- Chapter 3: plan, execution, closure ---------------------------------------------------------

function openProject() {
    return [
        ...openMenu("menu_collab_projects", "project_project_menu_collab"),
        openRecord("工單系統"),
        {
            content: "The project's form, in the reader's language: its status button too",
            trigger: ".o_form_view .oe_stat_button:contains('儀表板')",
        },
        {
            content: "and what it calls its tasks",
            trigger: ".o_form_view .o_field_widget[name=label_tasks] input",
            run({ anchor }) {
                if (anchor.value !== "任務") {
                    throw new Error(`The project calls its tasks "${anchor.value}"`);
                }
            },
        },
    ];
}

// The lead (Customer Service's head) imports the 30-task plan with 5 phases from Excel, reads what
// was imported and asks the owners to sign it (繁體中文, desktop).
add("collab_ticket_lead_imports", () => [
    {
        content: "The lead's first screen: the project waiting for its plan",
        trigger: ".o_action_manager .o_kanban_record:contains('工單系統'), .o_action_manager .o_data_row:contains('工單系統')",
    },
    ...screenshot("landing_project_lead_zh_tw"),
    ...openProject(),
    {
        content: "Import the plan",
        trigger: ".o_form_view button[name=action_open_plan_import]",
        run: "click",
    },
    {
        content: "Choose the file (the test left it as an attachment named in a cookie)",
        trigger: ".modal .o_field_widget[name=file] input[type=file]:not(:visible)",
        async run() {
            const id = document.cookie.match(/collab_plan_file=(\d+)/)[1];
            const response = await fetch(`/web/content/${id}?download=true`);
            const blob = await response.blob();
            const file = new File([blob], "工單系統升級計劃.xlsx", { type: blob.type });
            const input = document.querySelector(".modal .o_field_widget[name=file] input[type=file]");
            const transfer = new DataTransfer();
            transfer.items.add(file);
            input.files = transfer.files;
            input.dispatchEvent(new Event("change", { bubbles: true }));
        },
    },
    {
        content: "The file is loaded",
        trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
    },
    {
        content: "Import",
        trigger: ".modal .modal-footer button.btn-primary",
        run: "click",
    },
    {
        content: "What was imported, per phase",
        trigger: ".modal .o_field_widget[name=result]:contains('30')",
    },
    ...screenshot("ticket_lead_import_result_zh_tw", ".modal"),
    {
        content: "Close the result",
        trigger: ".modal button[name=action_close_result]",
        run: "click",
    },
    {
        content: "The task counter (top-level tasks: the 5 phases) is right without a reload",
        trigger: ".o_form_view .oe_stat_button:contains('/ 5 ')",
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

// An owner on her phone: posts progress on one task, blocks another (繁體中文).
add("collab_ticket_owner_phone", () => [
    {
        content: "The owner's first screen: her open tasks",
        trigger: ".o_action_manager .o_kanban_record:contains('客訴分級規則')",
    },
    ...screenshot("landing_task_owner_phone_zh_tw"),
    // the task starting tomorrow is among what needs her attention
    ...openMenu("menu_collab_projects", "project_task_menu_follow_ups"),
    openRecord("客訴分級規則"),
    {
        content: "Progress",
        trigger: ".o_notebook a[name=collab_progress]",
        run: "click",
    },
    {
        content: "Post an update",
        trigger: ".o_field_widget[name=progress_update_ids] .o_field_x2many_list_row_add a, .o_field_widget[name=progress_update_ids] .o-kanban-button-new, .o_field_widget[name=progress_update_ids] button.o-kanban-button-new",
        run: "click",
    },
    {
        content: "How far",
        trigger: ".modal .o_field_widget[name=progress] input",
        run: "click",
    },
    {
        content: "50 %",
        trigger: ".modal .o_field_widget[name=progress] input:focus",
        run: "edit 50",
    },
    {
        content: "Where it stands",
        trigger: ".modal .o_field_widget[name=summary] textarea",
        run: "edit 分級規則初稿完成，待物流確認時效",
    },
    {
        content: "Save the update",
        trigger: ".modal .o_form_button_save",
        run: "click",
    },
    {
        content: "The update is listed",
        trigger: ".o_field_widget[name=progress_update_ids]:contains('分級規則初稿完成')",
    },
    clickStatusButton("action_open_collab_block"),
    {
        content: "Why it is blocked",
        trigger: ".modal .o_field_widget[name=reason] textarea, .modal .o_field_widget[name=reason] input",
        run: "edit 等待物流部提供時效資料",
    },
    {
        content: "Confirm",
        trigger: ".modal .modal-footer button.btn-primary",
        run: "click",
    },
    {
        content: "The form says blocked at once, and why",
        trigger: ".o_form_view .alert-warning:contains('等待物流部提供時效資料')",
    },
    {
        content: "The plan tab",
        trigger: ".o_notebook a[name=collab_plan]",
        run: "click",
    },
    {
        content: "Its status badge says blocked too, without a reload",
        trigger: ".o_form_view .o_field_widget[name=collab_status] .text-bg-warning",
    },
    ...screenshot("ticket_owner_blocks_phone_zh_tw"),
]);

// The lead holds the kick-off meeting: Meetings → New, the project picked from the list (繁體中文).
add("collab_ticket_lead_meeting", () => [
    ...openMenu("menu_collab_projects", "collab_meeting_menu"),
    {
        content: "New meeting",
        trigger: ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new",
        run: "click",
    },
    {
        content: "Title",
        trigger: ".o_form_view .o_field_widget[name=name] input",
        run: "edit 工單系統升級啟動會",
    },
    ...autocomplete("project_id", "工單", "工單系統"),
    ...save(),
]);

// An owner submits a deliverable whose predecessors are still open: refused, saying why (繁體中文).
add("collab_ticket_predecessors_refused", () => [
    ...openMenu("menu_collab_projects", "project_task_menu_follow_ups"),
    {
        content: "All my open tasks",
        trigger: ".o_searchview .o_facet_remove",
        run: "click",
    },
    openRecord("上線驗收報告"),
    clickStatusButton("action_submit_for_acceptance"),
    {
        content: "Refused: the predecessors are named",
        trigger: ".modal .modal-body:contains('前置任務完成之前'), .o_notification:contains('前置任務完成之前')",
    },
    ...screenshot("ticket_predecessors_refused_zh_tw", ".modal, .o_notification"),
    {
        content: "Close the message",
        trigger: ".modal .modal-footer button, .o_notification .o_notification_close",
        run: "click",
    },
]);

// The coordinator closes the request and prints its dossier (English).
add("collab_ticket_close_and_print", () => [
    ...openMenu("menu_collab_requests", "collab_request_menu"),
    {
        content: "Also requests that are no longer open",
        trigger: ".o_searchview .o_facet_remove",
        run: "click",
    },
    openRecord(TITLE),
    statusIs("accepted"),
    clickStatusButton("action_close"),
    confirmDialog(),
    statusIs("closed"),
    clickStatusButton("action_print_dossier"),
    {
        content: "The dossier is downloaded",
        trigger: "body:not(:has(.o_blockUI))",
        async run() {
            await waitFor(() => !document.querySelector(".o_blockUI"), TIMEOUT, { what: "the download" });
        },
    },
]);
