package io.retention.kit.store;

import io.retention.kit.rest.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conditions of a list query, each with its named parameter ({@code :name}, made positional for the reactive SQL
 * client), and one page of what matches them with the total count: what every list endpoint asks of its store. A
 * condition whose value is null (a filter not asked for) is left out.
 */
public final class Filter {
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    /** The row's {@code column} equals {@code value}. */
    public Filter equal(String column, Object value) {
        return where(column + " = :" + column, column, value);
    }

    /** A condition (SQL) using the named {@code parameter}, bound to {@code value}. */
    public Filter where(String condition, String parameter, Object value) {
        if (value != null) {
            conditions.add(condition);
            parameters.put(parameter, value);
        }
        return this;
    }

    /**
     * One page of the table's rows matching every condition (SQL), each read by {@code read}.
     *
     * @param columns what each row holds
     * @param orderBy SQL order, which should end with a unique column so pages are stable
     */
    public <T> Uni<Page<T>> page(
            SqlClient client, String table, String columns, String orderBy, int page, int size, Function<Row, T> read) {
        List<Object> values = new ArrayList<>();
        String joined = String.join(" and ", conditions);
        if (!conditions.isEmpty()) {
            for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
                values.add(
                        parameter.getValue() instanceof Instant instant
                                ? instant.atOffset(ZoneOffset.UTC)
                                : parameter.getValue());
                // not a cast (::type): a parameter is a single colon and its name
                joined = joined.replaceAll(
                        "(?<!:):" + Pattern.quote(parameter.getKey()) + "\\b",
                        Matcher.quoteReplacement("$" + values.size()));
            }
        }
        String where = conditions.isEmpty() ? "" : " where " + joined;
        List<Object> pageValues = new ArrayList<>(values);
        pageValues.add(size);
        pageValues.add((long) page * size);
        String limit = " order by " + orderBy + " limit $" + (values.size() + 1) + " offset $" + (values.size() + 2);
        return client.preparedQuery("select count(*) as total from " + table + where)
                .execute(Tuple.from(values))
                .chain(total -> client.preparedQuery("select " + columns + " from " + table + where + limit)
                        .execute(Tuple.from(pageValues))
                        .map(rows -> {
                            List<T> items = new ArrayList<>(rows.size());
                            rows.forEach(row -> items.add(read.apply(row)));
                            return new Page<>(
                                    items, page, size, total.iterator().next().getLong("total"));
                        }));
    }
}
