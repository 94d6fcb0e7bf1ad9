import { registry } from "@web/core/registry";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { graphView } from "@web/views/graph/graph_view";

/**
 * A graph whose value axis is titled with its measure ("Lead Time (h)"): Odoo's bar chart leaves
 * the axis bare, so a reader sees numbers without their unit. Used by ``js_class="collab_unit_graph"``.
 */
export class CollabUnitGraphRenderer extends GraphRenderer {
    getScaleOptions() {
        const scales = super.getScaleOptions();
        if (scales.y?.title) {
            scales.y.title.display = true;
        }
        return scales;
    }
}

registry.category("views").add("collab_unit_graph", {
    ...graphView,
    Renderer: CollabUnitGraphRenderer,
});
