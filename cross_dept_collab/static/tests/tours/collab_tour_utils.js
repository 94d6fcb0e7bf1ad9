// Steps the story tours share: open the app and its menus, records, activities, the status bar's
// buttons (in a dropdown on a phone), many2one pickers, screenshots. Selectors use technical names,
// menu xmlids and the data the story typed in, never translated labels: the people of the stories
// work in English, 简体中文 and 繁體中文.

import { registry } from "@web/core/registry";

// generous: the suite shares two cores with other work
export const TIMEOUT = 45000;

// A story's step: a tour started on /odoo as the person who takes it, each step waiting up to
// TIMEOUT.
export function addStoryTour(name, steps) {
    registry.category("web_tour.tours").add(name, {
        url: "/odoo",
        steps: () => steps().map((step) => ({ timeout: TIMEOUT, ...step })),
    });
}

export async function waitFor(predicate, timeout = TIMEOUT, { required = true, what = "the page" } = {}) {
    const start = Date.now();
    while (!predicate()) {
        if (Date.now() - start > timeout) {
            if (!required) {
                return;
            }
            throw new Error(`Timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

export function isoInDays(days) {
    // ISO dates are understood whatever the user's language
    const day = new Date();
    day.setDate(day.getDate() + days);
    const pad = (n) => String(n).padStart(2, "0");
    return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

// The toasts of earlier steps would hide the page in a screenshot: hidden by a style sheet, not
// removed (their nodes are Owl's: removing them breaks its next rendering of the page).
export function hideToasts() {
    if (!document.getElementById("o_collab_shot_style")) {
        const style = document.createElement("style");
        style.id = "o_collab_shot_style";
        style.textContent = ".o_notification_manager { visibility: hidden !important; }";
        document.head.appendChild(style);
    }
}

// ... and shown again once the screenshot is taken: later steps may wait for a toast.
export function showToasts() {
    document.getElementById("o_collab_shot_style")?.remove();
}

// A key step photographed for docs/screenshots/<name>.png (tests/screenshots.py takes it when
// COLLAB_SCREENSHOTS=1 and marks the body; otherwise it only marks the body).
export function screenshot(name, trigger = ".o_action_manager .o_action") {
    return [
        {
            content: `Screenshot ${name}`,
            trigger,
            async run() {
                hideToasts();
                // a settled page: fonts, avatars and images loaded, no transition running
                await document.fonts.ready;
                await waitFor(
                    () =>
                        [...document.images].every((image) => image.complete) &&
                        document.getAnimations().every((animation) => animation.playState !== "running"),
                    10000,
                    { required: false }
                );
                await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
                console.log(`collab-screenshot:${name}`);
            },
        },
        {
            content: `Screenshot ${name} taken`,
            trigger: `body.o_collab_shot_${name}`,
            run: showToasts,
        },
    ];
}

const isPhone = () => !document.querySelector(".o_navbar_apps_menu");

// The Collaboration app: the apps menu on a desktop; on a phone the app sidebar's "All Apps".
export function openApp() {
    return [
        {
            content: "Open Collaboration",
            trigger: ".o_main_navbar",
            async run() {
                if (!isPhone()) {
                    document.querySelector(".o_navbar_apps_menu button").click();
                    const app = ".o-dropdown--menu .o_app[data-menu-xmlid='cross_dept_collab.menu_collab_root']";
                    await waitFor(() => document.querySelector(app), TIMEOUT, { what: "the apps menu" });
                    document.querySelector(app).click();
                    await waitFor(
                        () => document.querySelector(".o_menu_sections [data-menu-xmlid^='cross_dept_collab.']"),
                        TIMEOUT,
                        { what: "the Collaboration menus" }
                    );
                }
            },
        },
    ];
}

// A menu of the app: on a desktop its section's dropdown in the navbar, on a phone the app's
// sidebar (the hamburger at the top left), where every menu is listed.
export function openMenu(section, item) {
    const xmlid = (name) => (name.includes(".") ? name : `cross_dept_collab.${name}`);
    return [
        ...openApp(),
        {
            content: `Open the menu ${item}`,
            trigger: ".o_main_navbar",
            async run() {
                const itemSelector = `[data-menu-xmlid='${xmlid(item)}']`;
                const before = document.querySelector(".o_action_manager .o_action");
                if (isPhone()) {
                    document.querySelector(".o_main_navbar .o_menu_toggle").click();
                    const entry = `.o_app_menu_sidebar li${itemSelector}`;
                    await waitFor(() => document.querySelector(entry), TIMEOUT, { what: item });
                    document.querySelector(entry).click();
                    await waitFor(() => !document.querySelector(".o_app_menu_sidebar"), TIMEOUT, { what: "the sidebar to close" });
                } else {
                    if (section) {
                        document.querySelector(`.o_menu_sections [data-menu-xmlid='${xmlid(section)}']`).click();
                    }
                    await waitFor(() => document.querySelector(itemSelector), TIMEOUT, { what: item });
                    const entry = document.querySelector(itemSelector);
                    const href = entry.getAttribute("href");
                    entry.click();
                    // the app opens on its landing page, which may still be loading: go on once
                    // the address is the menu's
                    if (href) {
                        const path = new URL(href, window.location.origin).pathname;
                        await waitFor(() => window.location.pathname === path, TIMEOUT, { what: item });
                    }
                }
                // the app opens on My Approvals, which may list the same record: go on only once
                // the chosen menu's view has replaced the one before
                await waitFor(
                    () => {
                        const now = document.querySelector(".o_action_manager .o_action");
                        return now && now !== before && !document.querySelector(".o_loading_indicator");
                    },
                    TIMEOUT,
                    { what: item }
                );
            },
        },
    ];
}

export function openRecord(text) {
    return {
        content: `Open the record of ${text}`,
        trigger: `.o_data_row:contains('${text}') td.o_data_cell, .o_kanban_record:contains('${text}')`,
        run: "click",
    };
}

// The activity menu (clock in the systray): the group of a model lists the records where I have an
// activity.
export function openActivities(model) {
    return [
        ...openApp(),
        {
            content: "Open my activities",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: `Open the activities on ${model}`,
            trigger: `.o-mail-ActivityGroup[data-model_name='${model}'] [name=activityTitle]`,
            run: "click",
        },
    ];
}

export function statusIs(state) {
    return {
        content: `The record is now ${state}`,
        trigger: `.o_form_view .o_statusbar_status [data-value='${state}'].o_arrow_button_current, .o_form_view .o_statusbar_status [data-value='${state}'].o_arrow_button_current:not(:visible)`,
    };
}

// A button of the form's status bar, by its method (and, where one method serves several buttons,
// its text): on a phone Odoo's own forms fold their buttons into the gear menu.
export function clickStatusButton(name, { text } = {}) {
    const matches = (button) =>
        button.getAttribute("name") === name && (!text || button.textContent.includes(text));
    const candidates = () => [...document.querySelectorAll(".o_form_view .o_statusbar_buttons button, .o-dropdown--menu button")].filter(matches);
    return {
        content: `Click ${text || name} in the status bar`,
        trigger: ".o_form_view .o_form_statusbar",
        async run() {
            let button = candidates().find((b) => b.offsetParent);
            if (!button) {
                // a phone folds Odoo's own forms' buttons into the gear menu
                const more = document.querySelector(".o_control_panel .o_cp_action_menus button");
                if (more) {
                    more.click();
                    await waitFor(() => candidates().some((b) => b.offsetParent), TIMEOUT, { what: name });
                    button = candidates().find((b) => b.offsetParent);
                }
            }
            if (!button) {
                throw new Error(`No button ${name} ${text || ""} on the form`);
            }
            button.click();
        },
    };
}

export function autocomplete(field, search, pick, scope = ".o_form_view") {
    return [
        {
            content: `Search ${search} in ${field}`,
            trigger: `${scope} .o_field_widget[name=${field}] input`,
            run: `edit ${search}`,
        },
        {
            content: `Pick ${pick}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains('${pick}')`,
            run: "click",
        },
    ];
}

export function save() {
    return [
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ];
}

// A reason dialog (collab.request.reason / the decisions' reason dialog): type the reason, confirm.
export function reasonDialog(reason, { title } = {}) {
    return [
        ...(title
            ? [
                  {
                      content: `The dialog is the ${title}`,
                      trigger: `.modal .modal-title:contains('${title}')`,
                  },
              ]
            : []),
        {
            content: "The reason",
            trigger: ".modal .o_field_widget[name=reason] textarea, .modal .o_field_widget[name=reason] input",
            run: `edit ${reason}`,
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

// A department's ask on the request form: the department, what exactly, by when.
export function askLine(department, description, due) {
    const row = ".o_field_widget[name=line_ids] .o_data_row.o_selected_row";
    return [
        {
            content: "Add an ask",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...autocomplete("department_id", department, department, row),
        {
            content: "What exactly",
            trigger: `${row} .o_field_widget[name=description] textarea`,
            run: `edit ${description}`,
        },
        {
            content: "Due date",
            trigger: `${row} .o_field_widget[name=date_due] input`,
            run: `edit ${due}`,
        },
    ];
}

// My Requests → New: the request's fields, the departments involved (searched, picked), one ask per
// department (the department searched, what, due date), saved and submitted.
export function raiseRequest({ title, departments, expected, background, goal, scope, asks }) {
    return [
        ...openMenu("menu_collab_requests", "collab_request_menu_mine"),
        {
            content: "New request",
            trigger: ".o_control_panel button.o-kanban-button-new, .o_control_panel button.o_list_button_add",
            run: "click",
        },
        {
            content: "Title",
            trigger: ".o_form_view .o_field_widget[name=title] input",
            run: `edit ${title}`,
        },
        ...departments.flatMap(([search, pick]) => autocomplete("involved_department_ids", search, pick)),
        {
            content: "Expected completion",
            trigger: ".o_form_view .o_field_widget[name=date_expected] input",
            run: `edit ${expected}`,
        },
        ...Object.entries({ background, goal, scope }).map(([name, text]) => ({
            content: `The request's ${name}`,
            trigger: `.o_form_view .o_field_widget[name=${name}] textarea`,
            run: `edit ${text}`,
        })),
        {
            content: "The asks of each department",
            trigger: ".o_notebook a[name=lines]",
            run: "click",
        },
        ...asks.flatMap(([department, description, due]) => askLine(department, description, due)),
        ...save(),
        clickStatusButton("action_submit"),
        statusIs("submitted"),
    ];
}

// A button's confirmation (Odoo's dialog for a button's ``confirm``): go ahead.
export function confirmDialog() {
    return {
        content: "Confirm",
        trigger: ".modal .modal-footer .btn-primary",
        run: "click",
    };
}
