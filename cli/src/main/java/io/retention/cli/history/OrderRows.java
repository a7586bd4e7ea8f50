package io.retention.cli.history;

import io.retention.contract.EventType;
import io.retention.contract.InvalidEventException;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.PurchaseRefunded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Orders: one row per order ({@code amount}) or per order line ({@code quantity} x {@code unit_price}, summed per order,
 * as shop exports list them). An order whose total is negative, or whose {@code refund} column says so, is a refund of
 * that amount. Rows are gathered per order and published at the end of the file.
 */
final class OrderRows {
    private static final Set<String> TRUE = Set.of("true", "yes", "y", "1");

    private final Columns columns;
    private final TimeReader times;
    private final HistoryEvents events;
    private final String defaultCurrency;
    private final Instant until;

    private record Key(String orderId, boolean refund) {}

    private static final class Order {
        final String customerId;
        final long line;
        Instant time;
        BigDecimal amount = BigDecimal.ZERO;
        String currency;

        Order(String customerId, long line, Instant time, String currency) {
            this.customerId = customerId;
            this.line = line;
            this.time = time;
            this.currency = currency;
        }
    }

    OrderRows(Columns columns, TimeReader times, HistoryEvents events, String defaultCurrency, Instant until) {
        this.columns = columns;
        this.times = times;
        this.events = events;
        this.defaultCurrency = defaultCurrency;
        this.until = until;
    }

    void read(NamedInput input, Sink sink) throws java.io.IOException {
        Map<Key, Order> orders = new LinkedHashMap<>();
        CsvRows.readFields(
                input,
                columns,
                List.of("customer", "order", "time"),
                at -> {
                    if (!at.containsKey("amount") && !(at.containsKey("quantity") && at.containsKey("unit-price"))) {
                        throw new IllegalArgumentException(
                                input.name() + ": orders need an amount column, or quantity and unit_price "
                                        + "columns for order lines (--map amount=<column>, or --map quantity=... --map unit-price=...)");
                    }
                },
                sink,
                (line, fields) -> {
                    Instant time = times.read(fields.required("time"));
                    if (until != null && time.isAfter(until)) {
                        sink.skip();
                        return;
                    }
                    String customerId = fields.required("customer");
                    String orderId = fields.required("order");
                    BigDecimal amount = fields.has("amount")
                            ? fields.decimal("amount")
                            : fields.decimal("quantity").multiply(fields.decimal("unit-price"));
                    boolean refundFlag = fields.has("refund")
                            && TRUE.contains(fields.optional("refund").toLowerCase(Locale.ROOT));
                    String currency = fields.has("currency")
                                    && !fields.optional("currency").isBlank()
                            ? fields.optional("currency")
                            : defaultCurrency;
                    if (currency == null) {
                        throw new IllegalArgumentException("no currency: give a currency column or --currency");
                    }
                    Order order = orders.computeIfAbsent(
                            new Key(orderId, refundFlag), key -> new Order(customerId, line, time, currency));
                    if (!order.customerId.equals(customerId)) {
                        throw new IllegalArgumentException("order '" + orderId + "' is customer '" + order.customerId
                                + "''s (line " + order.line + "), not '" + customerId + "''s");
                    }
                    order.time = time.isBefore(order.time) ? time : order.time;
                    order.amount = order.amount.add(amount);
                });
        orders.forEach((key, order) -> publish(input.name(), key, order, sink));
    }

    private void publish(String file, Key key, Order order, Sink sink) {
        boolean refund = key.refund() || order.amount.signum() < 0;
        try {
            sink.accept(
                    refund
                            ? events.event(
                                    "orders/" + key.orderId() + "/refund",
                                    EventType.PURCHASE_REFUNDED,
                                    order.customerId,
                                    order.time,
                                    new PurchaseRefunded(key.orderId(), order.amount.abs(), order.currency))
                            : events.event(
                                    "orders/" + key.orderId(),
                                    EventType.PURCHASE_COMPLETED,
                                    order.customerId,
                                    order.time,
                                    new PurchaseCompleted(key.orderId(), order.amount, order.currency, null, null)));
        } catch (InvalidEventException e) {
            sink.reject(file, order.line, "order '" + key.orderId() + "': " + String.join("; ", e.problems()));
        }
    }
}
