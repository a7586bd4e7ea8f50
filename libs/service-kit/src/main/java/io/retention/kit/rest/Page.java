package io.retention.kit.rest;

import java.util.List;

/** One page of a list: the items, which page of what size, and how many there are in all. */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** One page of a list held whole in memory (a catalogue of a few dozen entries). */
    /** An empty page: nothing to list. */
    public static <T> Page<T> empty(int page, int size) {
        return new Page<>(List.of(), page, size, 0);
    }

    public static <T> Page<T> of(List<T> all, int page, int size) {
        int from = (int) Math.min((long) page * size, all.size());
        return new Page<>(all.subList(from, Math.min(from + size, all.size())), page, size, all.size());
    }
}
