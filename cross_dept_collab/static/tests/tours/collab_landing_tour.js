import { registry } from "@web/core/registry";

// The first screen after login ("/odoo", no action): the Collaboration app, on what the user must
// do. Selectors use names and classes, not texts, except where the text is the point.

function screenshot(name, trigger = ".o_action_manager .o_action") {
    return [
        {
            content: `Screenshot ${name}`,
            trigger,
            run() {
                console.log(`collab-screenshot:${name}`);
            },
        },
        {
            content: `Screenshot ${name} taken`,
            trigger: `body.o_collab_shot_${name}`,
        },
    ];
}

// Going offline and back reconnects the shared websocket: Odoo then asks whether notifications were
// missed and, for a tab that had received none, showed "The page is out of date" on every page.
const reconnectWithoutOutdatedNotice = [
    {
        content: "The bus goes offline and comes back",
        trigger: ".o_action_manager .o_action",
        async run() {
            const bus = odoo.__WOWL_DEBUG__.root.env.services.bus_service;
            const connected = new Promise((resolve) =>
                bus.addEventListener("connect", resolve, { once: true })
            );
            window.dispatchEvent(new Event("offline"));
            window.dispatchEvent(new Event("online"));
            await connected;
            // the watcher's question to the server, then its notice, would come now
            await new Promise((resolve) => setTimeout(resolve, 3000));
            document.body.classList.add("o_collab_reconnected");
        },
    },
    {
        content: "No notice that the page is out of date",
        trigger: "body.o_collab_reconnected",
        run() {
            const notices = [...document.querySelectorAll(".o_notification")].map((n) => n.innerText);
            if (notices.some((text) => /out of date|已过期|已過期/.test(text))) {
                throw new Error(`The page says it is out of date: ${notices.join(" | ")}`);
            }
        },
    },
];

registry.category("web_tour.tours").add("collab_landing_employee_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The Collaboration app opened on My Requests",
            trigger: ".o_main_navbar .o_menu_brand:contains(Collaboration)",
        },
        {
            content: "An empty My Requests points to New",
            trigger: ".o_view_nocontent:contains(Raise your first collaboration request)",
        },
        {
            content: "The New button is there",
            trigger: ".o_control_panel .o-kanban-button-new",
        },
        ...screenshot("landing_employee_en"),
        ...reconnectWithoutOutdatedNotice,
        {
            content: "New opens the request form",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "The request form",
            trigger: ".o_form_view .o_field_widget[name=title]",
        },
    ],
});

registry.category("web_tour.tours").add("collab_landing_decider_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The Collaboration app opened on My Approvals with the waiting review",
            trigger: ".o_list_view .o_data_row:contains(618)",
        },
        {
            content: "It is My Approvals: the kind of each decision",
            trigger: ".o_list_view .o_data_row .o_field_widget[name=kind]",
        },
        ...screenshot("landing_head_zh_cn"),
        ...reconnectWithoutOutdatedNotice,
    ],
});

registry.category("web_tour.tours").add("collab_landing_coordinator_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The coordinator lands on My Approvals: the requests waiting for PMO review",
            trigger: ".o_list_view .o_data_row .o_field_widget[name=kind]:contains(PMO review)",
        },
        ...screenshot("landing_coordinator_en"),
    ],
});
