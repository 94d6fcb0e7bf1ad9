import { registry } from "@web/core/registry";
import { formView } from "@web/views/form/form_view";
import { FormCompiler } from "@web/views/form/form_compiler";
import { FormController } from "@web/views/form/form_controller";

/**
 * The request and its decision forms (request stages, department reviews, acceptances, sign-offs,
 * change requests): on a phone Odoo folds a form's header buttons into the gear menu, so a decider
 * would look for "Approve" (and an initiator for "Urge" or "Withdraw") behind a cog. Here they stay on the form, above the sheet, as on a desktop —
 * the way DingTalk and Feishu put the decision at hand.
 */
export class CollabDecisionFormCompiler extends FormCompiler {
    compileHeader(el, params) {
        const statusBar = super.compileHeader(el, params);
        if (!params.asDropdownItems) {
            for (const buttons of statusBar.querySelectorAll("StatusBarButtons")) {
                buttons.removeAttribute("t-if");
            }
        }
        return statusBar;
    }
}

export class CollabDecisionFormController extends FormController {
    setup() {
        super.setup();
        // the buttons are on the form: not a second time in the gear menu
        this.statusBarDropdownItemsTemplate = null;
    }
}

registry.category("views").add("collab_decision_form", {
    ...formView,
    Compiler: CollabDecisionFormCompiler,
    Controller: CollabDecisionFormController,
});
