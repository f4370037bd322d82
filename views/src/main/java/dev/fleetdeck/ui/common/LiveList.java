package dev.fleetdeck.ui.common;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Keeps a table's shown rows in line with the rows that pass its filter, in its order, with the
 * fewest list changes: rows that stop matching leave, new matches join, and the list is permuted
 * only if out of order. Rows that stay are the same objects, so the table keeps them selected and
 * does not rebuild its cells, as it would for a list replaced on every refresh.
 */
public final class LiveList {
    private LiveList() {}

    /** FX thread. */
    public static <R> void reconcile(ObservableList<R> shown, List<R> all, Predicate<R> filter, Comparator<R> order) {
        Set<R> current = new HashSet<>(all);
        shown.removeIf(r -> !current.contains(r) || !filter.test(r));
        Set<R> present = new HashSet<>(shown);
        List<R> joining =
                all.stream().filter(r -> !present.contains(r) && filter.test(r)).toList();
        if (!joining.isEmpty()) {
            shown.addAll(joining);
        }
        for (int i = 1; i < shown.size(); i++) {
            if (order.compare(shown.get(i - 1), shown.get(i)) > 0) {
                FXCollections.sort(shown, order);
                return;
            }
        }
    }
}
