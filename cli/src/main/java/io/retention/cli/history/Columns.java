package io.retention.cli.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which CSV column holds which field: the default names, unless {@code --map field=column} (every kind of file) or
 * {@code --map orders.field=column} (one kind: orders, tickets, usage) says otherwise. Columns are found by header
 * name, case-insensitively.
 */
public final class Columns {
    /** Every field the files can have, with its default column name. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("customer", "customer_id"),
            Map.entry("order", "order_id"),
            Map.entry("time", "time"),
            Map.entry("amount", "amount"),
            Map.entry("currency", "currency"),
            Map.entry("refund", "refund"),
            Map.entry("quantity", "quantity"),
            Map.entry("unit-price", "unit_price"),
            Map.entry("ticket", "ticket_id"),
            Map.entry("opened", "opened"),
            Map.entry("closed", "closed"),
            Map.entry("category", "category"),
            Map.entry("priority", "priority"),
            Map.entry("csat", "csat"),
            Map.entry("feature", "feature"),
            Map.entry("count", "count"));

    private final Map<String, String> columnByField;

    private Columns(Map<String, String> columnByField) {
        this.columnByField = columnByField;
    }

    /** The kinds of file a mapping can be limited to. */
    static final List<String> KINDS = List.of("orders", "tickets", "usage");

    /**
     * The columns of one kind of file: the defaults, then the overrides for every kind, then those for this kind. An
     * unknown field or kind is refused with the known ones.
     */
    public static Columns of(Map<String, String> overrides, String kind) {
        Map<String, String> columns = new HashMap<>(DEFAULTS);
        Map<String, String> ofKind = new HashMap<>();
        overrides.forEach((key, column) -> {
            int dot = key.indexOf('.');
            String field = dot < 0 ? key : key.substring(dot + 1);
            if (dot >= 0 && !KINDS.contains(key.substring(0, dot))) {
                throw new IllegalArgumentException("--map: unknown kind of file '" + key.substring(0, dot)
                        + "'; kinds: " + String.join(", ", KINDS));
            }
            if (!DEFAULTS.containsKey(field)) {
                throw new IllegalArgumentException("--map: unknown field '" + field + "'; fields: "
                        + String.join(", ", DEFAULTS.keySet().stream().sorted().toList()));
            }
            if (dot < 0) {
                columns.put(field, column);
            } else if (key.startsWith(kind + ".")) {
                ofKind.put(field, column);
            }
        });
        columns.putAll(ofKind);
        return new Columns(columns);
    }

    /** The position of each field in this header that has a column; fields without one are absent. */
    Map<String, Integer> locate(List<String> header, List<String> required, String file) {
        Map<String, Integer> positions = new HashMap<>();
        for (Map.Entry<String, String> field : columnByField.entrySet()) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).trim().equalsIgnoreCase(field.getValue())) {
                    positions.put(field.getKey(), i);
                }
            }
        }
        for (String field : required) {
            if (!positions.containsKey(field)) {
                throw new IllegalArgumentException(file + ": no column '" + columnByField.get(field) + "' for " + field
                        + " (header: " + String.join(",", header) + "); name it with --map " + field + "=<column>");
            }
        }
        return positions;
    }
}
