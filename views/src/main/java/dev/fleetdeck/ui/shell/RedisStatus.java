package dev.fleetdeck.ui.shell;

import dev.fleetdeck.cache.CacheReport;
import dev.fleetdeck.cache.CacheWatch;
import dev.fleetdeck.cache.RedisServerMonitor;
import dev.fleetdeck.ui.common.FxLatest;
import java.util.function.Consumer;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/**
 * The status bar's word on Redis. It rides on the cache watch, which already asks the server on
 * a thread of its own every few seconds: the FX thread never waits on Redis, and no second
 * connection is opened just for the status bar.
 */
public final class RedisStatus {
    private static final int MAX_REASON = 60;

    private final CacheWatch watch;
    private final Label label = new Label();
    private final Tooltip tip = new Tooltip();
    private final FxLatest<CacheReport> onFx = new FxLatest<>(this::show);
    private final Consumer<CacheReport> listener = onFx;

    public RedisStatus(CacheWatch watch) {
        this.watch = watch;
        label.setId("status-redis");
        // The agents' list may be cut short in a crowded status bar; Redis's state may not.
        label.setMinWidth(Region.USE_PREF_SIZE);
        label.setText(watch.registry().redisConfigured() ? "Redis: checking…" : describe(null));
    }

    public Label label() {
        return label;
    }

    public void attach() {
        watch.addListener(listener);
        CacheReport last = watch.latest();
        if (last != null) {
            onFx.accept(last);
        }
    }

    public void detach() {
        watch.removeListener(listener);
    }

    private void show(CacheReport report) {
        String text = describe(report);
        label.setText(text.length() > MAX_REASON + 16 ? text.substring(0, MAX_REASON + 13) + "…)" : text);
        String full = report == null
                ? null
                : report.redis()
                        .map(r -> r.server() + ": " + text
                                + (r.persistence() == null
                                        ? ""
                                        : "\n" + r.persistence().detail()))
                        .orElse(null);
        tip.setText(full == null ? "" : full);
        label.setTooltip(full == null ? null : tip);
        label.pseudoClassStateChanged(
                PseudoClass.getPseudoClass("down"), text.startsWith("Redis: down") || text.contains(NOTHING_ON_DISK));
    }

    static final String NOTHING_ON_DISK = "keeps nothing on disk";

    /**
     * "Redis: not configured", "Redis: up", "Redis: up · keeps nothing on disk" (a restart forgets
     * every cordon and drain) or "Redis: down (reason)", from a cache report.
     */
    public static String describe(CacheReport report) {
        if (report == null || report.redis().isEmpty()) {
            return "Redis: not configured";
        }
        RedisServerMonitor.Reading r = report.redis().get();
        if (!r.available()) {
            return "Redis: down (" + (r.error() == null ? "no answer" : r.error()) + ")";
        }
        return r.persistence() != null && r.persistence().nothingOnDisk()
                ? "Redis: up · " + NOTHING_ON_DISK
                : "Redis: up";
    }
}
