package dev.fleetdeck.ui.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javafx.collections.ObservableListBase;

/**
 * A table's shown rows, changed only by plans worked out off the FX thread: the thread that
 * prepares the rows calls {@link #plan} with the list as it should be, and the FX thread then
 * {@link #apply}s the plan, which costs it a few array swaps and at most three list changes
 * (rows that left, rows that joined, one permutation for the new order), however long the list.
 * Rows that stay are the same objects in every change, so the table keeps them selected and
 * keeps its scroll position, as with {@link LiveList}, but without comparing or sorting 25,000
 * rows on the FX thread.
 *
 * <p>Two states, each confined to its thread: what the table sees (FX thread) and what it will
 * see once every plan made so far is applied (the preparing thread, one at a time). So plans
 * must be applied in the order they were made, each exactly once: {@link #apply} refuses any
 * other. The list cannot be changed otherwise.
 */
public final class PlannedList<R> extends ObservableListBase<R> {
    private List<R> shown = List.of();
    private List<R> planned = List.of();

    /**
     * One step from {@code base} to {@code result}.
     *
     * @param leaving     indexes in {@code base} of the rows that leave, ascending
     * @param afterLeave  {@code base} without them
     * @param joining     rows that join, appended to {@code afterLeave} before the permutation
     * @param afterJoin   {@code afterLeave} and then {@code joining}
     * @param permutation for each index of {@code afterLeave + joining}, that row's index in
     *                    {@code result}; {@code null} when already in order
     */
    public record Plan<R>(
            List<R> base,
            int[] leaving,
            List<R> afterLeave,
            List<R> joining,
            List<R> afterJoin,
            int[] permutation,
            List<R> result) {
        /** List changes the FX thread will fire (0 to 3). */
        public int listChanges() {
            return (leaving.length > 0 ? 1 : 0) + (joining.isEmpty() ? 0 : 1) + (permutation != null ? 1 : 0);
        }
    }

    /**
     * Works out how to get from the list as it will be to {@code target} (rows compared by
     * identity); the preparing thread only. {@code target} must not hold a row twice.
     */
    public Plan<R> plan(List<R> target) {
        List<R> base = planned;
        List<R> result = List.copyOf(target);
        IdentityHashMap<R, Integer> position = new IdentityHashMap<>(result.size() * 2);
        for (int i = 0; i < result.size(); i++) {
            position.put(result.get(i), i);
        }
        int[] leaving = new int[base.size()];
        int left = 0;
        List<R> afterLeave = new ArrayList<>(Math.min(base.size(), result.size()));
        Set<R> staying = Collections.newSetFromMap(new IdentityHashMap<>(base.size() * 2));
        for (int i = 0; i < base.size(); i++) {
            R r = base.get(i);
            if (position.containsKey(r)) {
                afterLeave.add(r);
                staying.add(r);
            } else {
                leaving[left++] = i;
            }
        }
        List<R> joining = new ArrayList<>();
        for (R r : result) {
            if (!staying.contains(r)) {
                joining.add(r);
            }
        }
        List<R> afterJoin = new ArrayList<>(result.size());
        afterJoin.addAll(afterLeave);
        afterJoin.addAll(joining);
        int[] permutation = new int[result.size()];
        boolean inOrder = true;
        for (int i = 0; i < result.size(); i++) {
            permutation[i] = position.get(afterJoin.get(i));
            inOrder &= permutation[i] == i;
        }
        planned = result;
        return new Plan<>(
                base,
                Arrays.copyOf(leaving, left),
                Collections.unmodifiableList(afterLeave),
                Collections.unmodifiableList(joining),
                Collections.unmodifiableList(afterJoin),
                inOrder ? null : permutation,
                result);
    }

    /** Applies the next plan; FX thread. */
    public void apply(Plan<R> plan) {
        if (plan.base() != shown) {
            throw new IllegalStateException("plans must be applied once each, in the order they were made");
        }
        if (plan.leaving().length > 0) {
            beginChange();
            List<R> before = shown;
            shown = plan.afterLeave();
            int removed = 0;
            for (int index : plan.leaving()) {
                // Indexes of a change's parts count the parts before them as done.
                nextRemove(index - removed, before.get(index));
                removed++;
            }
            endChange();
        }
        if (!plan.joining().isEmpty()) {
            beginChange();
            int from = shown.size();
            shown = plan.afterJoin();
            nextAdd(from, shown.size());
            endChange();
        }
        if (plan.permutation() != null) {
            beginChange();
            shown = plan.result();
            nextPermutation(0, shown.size(), plan.permutation());
            endChange();
        }
        shown = plan.result();
    }

    @Override
    public R get(int index) {
        return shown.get(index);
    }

    @Override
    public int size() {
        return shown.size();
    }
}
