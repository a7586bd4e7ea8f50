package io.retention.contract.events;

import java.math.BigDecimal;
import java.util.List;

/** A completed purchase; {@code offerCode} when a win-back offer was used. */
public record PurchaseCompleted(
        String orderId, BigDecimal amount, String currency, List<Item> items, String offerCode) {
    /** One line of the order. */
    public record Item(String sku, int quantity, BigDecimal unitPrice) {}
}
