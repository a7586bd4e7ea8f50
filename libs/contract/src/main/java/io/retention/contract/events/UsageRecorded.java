package io.retention.contract.events;

/** The customer used the product; {@code count} defaults to 1. */
public record UsageRecorded(String feature, Integer count) {
    public int countOrOne() {
        return count == null ? 1 : count;
    }
}
