import { Activity } from "@mail/core/web/activity";
import { ActivityListPopoverItem } from "@mail/core/web/activity_list_popover_item";

import { Component, useState } from "@odoo/owl";

import { DateTimeInput } from "@web/core/datetime/datetime_input";
import { Dialog } from "@web/core/dialog/dialog";
import { deserializeDate, serializeDate } from "@web/core/l10n/dates";
import { useService } from "@web/core/utils/hooks";
import { patch } from "@web/core/utils/patch";

/**
 * Decision activities carry the decision (docs/api.md, "Deciding from the activity"): the server sends,
 * with each activity of a decision kind, ``collab_decision`` = the choices the current user may
 * take (Approve / Request Changes / Reject, Sign / Refuse, Pass / Fail …, labels in the user's
 * language), the record to open and whether the activity may be cancelled. A choice calls
 * ``mail.activity.action_collab_decide`` — the same path as RPC callers; a choice with inputs
 * (feedback, reason, a date) asks for them in a small dialog first.
 */
export class CollabDecisionDialog extends Component {
    static template = "cross_dept_collab.DecisionDialog";
    static components = { DateTimeInput, Dialog };
    static props = ["choice", "labels", "onConfirm", "close"];

    /** A date input's value as the picker wants it (the state keeps the server's "YYYY-MM-DD"). */
    dateValue(name) {
        return this.state.values[name] ? deserializeDate(this.state.values[name]) : false;
    }

    onDateChange(name, value) {
        this.state.values[name] = value ? serializeDate(value) : "";
    }

    setup() {
        this.state = useState({
            values: Object.fromEntries(this.props.choice.inputs.map((input) => [input.name, ""])),
            missing: [],
            busy: false,
        });
    }

    async confirm() {
        const missing = this.props.choice.inputs
            .filter((input) => input.required && !this.state.values[input.name].trim())
            .map((input) => input.name);
        this.state.missing = missing;
        if (missing.length || this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            await this.props.onConfirm({ ...this.state.values });
            this.props.close();
        } finally {
            this.state.busy = false;
        }
    }
}

export class CollabActivityDecision extends Component {
    static template = "cross_dept_collab.ActivityDecision";
    static props = ["activity", "showOpen?", "onDecided?"];
    static defaultProps = { showOpen: true };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.dialog = useService("dialog");
        // one decision at a time: a second tap while the first is on its way does nothing
        this.state = useState({ busy: false });
    }

    get info() {
        return this.props.activity.collab_decision;
    }

    onClickChoice(choice) {
        if (!choice.inputs.length) {
            return this.decide(choice, {});
        }
        this.dialog.add(CollabDecisionDialog, {
            choice,
            labels: this.info.labels,
            onConfirm: (values) => this.decide(choice, values),
        });
    }

    async decide(choice, values) {
        if (this.state.busy) {
            return;
        }
        const activity = this.props.activity;
        this.state.busy = true;
        let result;
        try {
            // in a form's chatter: what was typed on the form (feedback, a proposed date, a
            // comment) is saved first — the decision would otherwise make it uneditable, and lost
            const root = this.env.model?.root;
            if (root?.isDirty && !(await root.save())) {
                return;
            }
            result = await this.orm.call("mail.activity", "action_collab_decide", [
                [activity.id],
                choice.key,
                values,
            ]);
        } finally {
            this.state.busy = false;
        }
        activity.remove();
        await this.props.onDecided?.();
        await this.action.doAction(result);
    }

    onClickOpen() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: this.info.res_model,
            res_id: this.info.res_id,
            views: [[false, "form"]],
        });
    }
}

// the chatter's activity: the decision's buttons instead of "Mark Done"
Activity.components = { ...Activity.components, CollabActivityDecision };
patch(Activity.prototype, {
    get collabShowOpen() {
        const info = this.props.activity.collab_decision;
        // in the chatter of the decision itself, its form is already open
        return (
            Boolean(info) &&
            (info.res_model !== this.props.activity.res_model ||
                info.res_id !== this.props.activity.res_id)
        );
    },
    async collabOnDecided() {
        this.props.onActivityChanged(this.thread);
    },
});

// the activity popover (list and kanban activity widgets, the activity view)
ActivityListPopoverItem.components = {
    ...ActivityListPopoverItem.components,
    CollabActivityDecision,
};
patch(ActivityListPopoverItem.prototype, {
    get hasMarkDoneButton() {
        return !this.props.activity.collab_decision && super.hasMarkDoneButton;
    },
    get hasCancelButton() {
        const info = this.props.activity.collab_decision;
        return (!info || info.can_cancel) && super.hasCancelButton;
    },
    async collabOnDecided() {
        await this.props.onActivityChanged?.();
        // the popover's close callback (the same the Edit button uses)
        this.props.onClickEditActivityButton?.();
    },
});
