/** @odoo-module **/
/**
 * "The page is out of date" after every reconnection of the bus: Odoo's watcher asks the server
 * whether notifications were missed while disconnected, with the id of the last notification
 * *this tab* received — null in a tab that has received none yet. The server answers "missed" for
 * null (no notification has that id), so the notice came up on every page whenever the shared
 * websocket reconnected: logging in as someone else in the same browser, a network blip, the
 * laptop waking up. The last id the browser received is kept across tabs (multi_tab's
 * "last_notification_id", which the bus service updates on each notification): the check uses it,
 * as later Odoo 18 versions do, and is skipped when the browser has received nothing to compare.
 */
import { OutdatedPageWatcherService } from "@bus/outdated_page_watcher_service";
import { patch } from "@web/core/utils/patch";

patch(OutdatedPageWatcherService.prototype, {
    setup(env, services) {
        super.setup(...arguments);
        const { bus_service, multi_tab } = services;
        this.lastNotificationId = multi_tab.getSharedValue("last_notification_id");
        // registered after Odoo's own listener, which records the tab's own (possibly null) id
        bus_service.addEventListener("disconnect", () => {
            this.lastNotificationId = multi_tab.getSharedValue("last_notification_id");
        });
    },

    async checkHasMissedNotifications() {
        if (!this.lastNotificationId) {
            return;
        }
        return super.checkHasMissedNotifications(...arguments);
    },
});
