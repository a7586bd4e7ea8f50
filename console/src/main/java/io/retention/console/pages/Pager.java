package io.retention.console.pages;

import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Previous and next links over a service's paged list, keeping the page's other parameters (its filters).
 *
 * @param page  the page shown, from 0
 * @param pages how many pages the list has (at least 1)
 */
@TemplateData
public record Pager(String path, Map<String, String> parameters, String pageParameter, int page, int pages) {

    /** A pager over {@code total} items, {@code size} a page; empty parameters are left out of the links. */
    public static Pager of(
            String path, Map<String, String> parameters, String pageParameter, int page, int size, long total) {
        Map<String, String> kept = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                kept.put(name, value);
            }
        });
        int pages = (int) Math.max(1, (total + size - 1) / size);
        return new Pager(path, kept, pageParameter, page, pages);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < pages;
    }

    public String previous() {
        return href(page - 1);
    }

    public String next() {
        return href(page + 1);
    }

    /** The page a person reads: from 1. */
    public int number() {
        return page + 1;
    }

    private String href(int target) {
        Map<String, String> query = new LinkedHashMap<>(parameters);
        if (target > 0) {
            query.put(pageParameter, Integer.toString(target));
        }
        String encoded = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return encoded.isEmpty() ? path : path + "?" + encoded;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
