package io.retention.risk.model;

/**
 * What the purchase model expects of one customer over the scoring horizon: probability alive, probability of no
 * purchase at all, expected purchases, and the expected value of them (CLV over the horizon; null without a spend model).
 */
public record PurchaseOutlook(double pAlive, double pNoPurchase, double expectedPurchases, Double expectedValue) {}
