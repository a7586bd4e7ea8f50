package io.retention.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text the platform can store: Unicode without the NUL character. PostgreSQL's text and jsonb cannot hold U+0000, and
 * an unpaired surrogate ({@code \ud800} alone, which JSON's escapes can spell) is no character at all; an event or a
 * request carrying either would be kept by one service and fail in another's database. Pure.
 */
public final class StorableText {
    private StorableText() {}

    /** Why {@code text} cannot be stored, or null when it can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains the NUL character (U+0000), which is not stored";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + "), which is not Unicode text";
            }
        }
        return null;
    }

    /** Each field name and text value of a JSON tree that cannot be stored, as "$.data.orderId: contains ...". */
    public static List<String> problems(JsonNode json) {
        List<String> problems = new ArrayList<>();
        collect(json, "$", problems);
        return problems;
    }

    private static void collect(JsonNode node, String path, List<String> problems) {
        if (node.isTextual()) {
            String problem = problem(node.textValue());
            if (problem != null) {
                problems.add(path + ": " + problem);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String problem = problem(field.getKey());
                if (problem != null) {
                    problems.add(path + ": a field name " + problem);
                } else {
                    collect(field.getValue(), path + "." + field.getKey(), problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }
}
