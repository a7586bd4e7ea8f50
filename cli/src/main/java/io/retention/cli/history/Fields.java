package io.retention.cli.history;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The values of one CSV row by field, as {@link Columns} located them in the header. */
final class Fields {
    private final List<String> row;
    private final Map<String, Integer> at;

    Fields(List<String> row, Map<String, Integer> at) {
        this.row = row;
        this.at = at;
    }

    boolean has(String field) {
        return at.containsKey(field);
    }

    String optional(String field) {
        Integer index = at.get(field);
        return index == null || index >= row.size() ? "" : row.get(index).trim();
    }

    String required(String field) {
        String value = optional(field);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return value;
    }

    BigDecimal decimal(String field) {
        String value = required(field);
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not a number");
        }
    }

    int integer(String field) {
        String value = required(field);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not a whole number");
        }
    }
}
