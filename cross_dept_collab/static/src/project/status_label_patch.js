import { _t } from "@web/core/l10n/translation";
import { projectStatusWithColorSelectionField } from "@project/components/project_status_with_color_selection/project_status_with_color_selection_field";

// Odoo's project form labels its status button with status_label="Dashboard", an attribute Odoo
// never translates: every reader, in Chinese too, saw "Dashboard" in English on the project. The
// labels Odoo's views give it, in the reader's language.
const LABELS = {
    Dashboard: _t("Dashboard"),
};

const extractProps = projectStatusWithColorSelectionField.extractProps;
projectStatusWithColorSelectionField.extractProps = (fieldInfo, dynamicInfo) => {
    const props = extractProps(fieldInfo, dynamicInfo);
    if (props.statusLabel && props.statusLabel in LABELS) {
        props.statusLabel = String(LABELS[props.statusLabel]);
    }
    return props;
};
