package dev.fleetdeck.startup.digest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The type and agent names of a digest, each stored once and referred to by number. One table is
 * shared by the copies a parallel read feeds, so their encoded records can be joined byte for byte.
 */
final class DigestStrings {
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> strings = new ArrayList<>();

    DigestStrings() {}

    DigestStrings(List<String> existing) {
        existing.forEach(this::number);
    }

    synchronized int number(String s) {
        Integer n = numbers.get(s);
        if (n == null) {
            n = strings.size();
            strings.add(s);
            numbers.put(s, n);
        }
        return n;
    }

    synchronized List<String> all() {
        return List.copyOf(strings);
    }
}
