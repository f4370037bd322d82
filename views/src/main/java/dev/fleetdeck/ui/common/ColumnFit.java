package dev.fleetdeck.ui.common;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * Keeps a table's columns whole on a narrow window: each column is never narrower than its
 * minimum width (set for what it shows), and when the visible columns' minimums do not fit the
 * table, columns are hidden in the order given, least needed first, and shown again as the
 * window widens. The table's menu button is the column chooser: a column a person hides there
 * stays hidden, and one a person shows again stays shown (the others give way first).
 */
public final class ColumnFit {
    /** Room for the vertical scroll bar and the table's border, which the columns cannot use. */
    private static final double CHROME = 24;

    private final TableView<?> table;
    private final List<? extends TableColumn<?, ?>> hideFirst;
    private final Set<TableColumn<?, ?>> hiddenByFit = new HashSet<>();
    private final Set<TableColumn<?, ?>> chosen = new HashSet<>();
    private boolean fitting;

    private ColumnFit(TableView<?> table, List<? extends TableColumn<?, ?>> hideFirst) {
        this.table = table;
        this.hideFirst = hideFirst;
    }

    /** Installs the fit on {@code table}; {@code hideFirst} lists the columns that may hide, in order. */
    public static ColumnFit install(TableView<?> table, List<? extends TableColumn<?, ?>> hideFirst) {
        ColumnFit fit = new ColumnFit(table, hideFirst);
        table.setTableMenuButtonVisible(true);
        table.widthProperty().addListener((o, was, now) -> fit.fit());
        for (TableColumn<?, ?> c : table.getColumns()) {
            c.visibleProperty().addListener((o, was, now) -> fit.chosenByPerson(c, now));
        }
        return fit;
    }

    private void chosenByPerson(TableColumn<?, ?> c, boolean visible) {
        if (fitting) {
            return;
        }
        hiddenByFit.remove(c);
        if (visible) {
            chosen.add(c);
        } else {
            chosen.remove(c);
        }
        fit();
    }

    /** Hides or shows columns so that the visible ones fit at their minimum widths. */
    public void fit() {
        double room = table.getWidth() - CHROME;
        if (room <= 0) {
            return;
        }
        fitting = true;
        try {
            // Show again, most needed first, while there is room.
            for (int i = hideFirst.size() - 1; i >= 0; i--) {
                TableColumn<?, ?> c = hideFirst.get(i);
                if (hiddenByFit.contains(c) && needed() + c.getMinWidth() <= room) {
                    c.setVisible(true);
                    hiddenByFit.remove(c);
                }
            }
            for (TableColumn<?, ?> c : hideFirst) {
                if (needed() <= room) {
                    break;
                }
                if (c.isVisible() && !chosen.contains(c)) {
                    c.setVisible(false);
                    hiddenByFit.add(c);
                }
            }
        } finally {
            fitting = false;
        }
    }

    private double needed() {
        return table.getColumns().stream()
                .filter(TableColumn::isVisible)
                .mapToDouble(TableColumn::getMinWidth)
                .sum();
    }

    /** True if the fit hid {@code c} for want of room (not a person's choice). */
    public boolean hidden(TableColumn<?, ?> c) {
        return hiddenByFit.contains(c);
    }
}
