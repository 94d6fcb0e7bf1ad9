import { registry } from "@web/core/registry";

// On a phone the WBS plan opens as cards (not a kanban grouped "None" with no card), each with
// its WBS code, planned dates and status.
registry.category("web_tour.tours").add("collab_wbs_mobile_tour", {
    url: "/odoo/action-cross_dept_collab.project_task_action_wbs",
    steps: () => [
        {
            content: "The WBS plan shows its tasks as cards, not grouped",
            trigger: ".o_kanban_view.o_collab_wbs_kanban:not(:has(.o_kanban_group)) .o_kanban_record",
        },
        {
            content: "A card shows the WBS code, the planned dates and the status",
            trigger: ".o_kanban_record:contains('1.1'):contains('/20'):contains(' → '):has(.badge)",
        },
    ],
});

// Nothing chases the reader: My Follow-ups says so instead of a blank page.
registry.category("web_tour.tours").add("collab_follow_ups_empty_tour", {
    url: "/odoo/action-cross_dept_collab.project_task_action_follow_ups",
    steps: () => [
        {
            content: "The empty state explains the page",
            trigger: ".o_view_nocontent .o_view_nocontent_smiling_face",
        },
    ],
});
