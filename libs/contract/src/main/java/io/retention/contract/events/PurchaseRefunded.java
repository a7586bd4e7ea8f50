package io.retention.contract.events;

import java.math.BigDecimal;

/** Money given back for an order, wholly or in part. */
public record PurchaseRefunded(String orderId, BigDecimal amount, String currency) {}
