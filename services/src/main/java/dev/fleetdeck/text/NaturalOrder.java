package dev.fleetdeck.text;

import java.util.Comparator;

/**
 * Names as people sort them: runs of digits compare as numbers, so {@code scale-1-2} comes after
 * {@code scale-1-1} and before {@code scale-1-10}; letters compare ignoring case. Names equal under
 * that rule fall back to plain text order, so the order is total and stable. Every table and list
 * that sorts names uses {@link #NAMES}.
 */
public final class NaturalOrder implements Comparator<String> {
    public static final Comparator<String> NAMES = new NaturalOrder();

    private static final Comparator<Object> VALUES = NaturalOrder::compareValues;

    private NaturalOrder() {}

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                int byNumber = compareNumbers(a.substring(i, ei), b.substring(j, ej));
                if (byNumber != 0) {
                    return byNumber;
                }
                i = ei;
                j = ej;
            } else {
                int byChar = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
                if (byChar != 0) {
                    return byChar;
                }
                i++;
                j++;
            }
        }
        int byLength = Integer.compare(a.length() - i, b.length() - j);
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    /** Strings in natural order; anything else by its own order; nulls last. For table columns. */
    @SuppressWarnings("unchecked")
    public static <T> Comparator<T> values() {
        return (Comparator<T>) VALUES;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? 1 : -1;
        }
        if (a instanceof String sa && b instanceof String sb) {
            return NAMES.compare(sa, sb);
        }
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        return NAMES.compare(a.toString(), b.toString());
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    /** Digit runs of any length (no overflow): fewer significant digits is smaller. */
    private static int compareNumbers(String x, String y) {
        String a = stripZeros(x);
        String b = stripZeros(y);
        int byLength = Integer.compare(a.length(), b.length());
        if (byLength != 0) {
            return byLength;
        }
        int byDigits = a.compareTo(b);
        // "01" and "1" are the same number; the one with fewer leading zeros first.
        return byDigits != 0 ? byDigits : Integer.compare(x.length(), y.length());
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
