package io.retention.kit.rest;

import java.util.List;

/** One page of a list: the items, which page of what size, and how many there are in all. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
