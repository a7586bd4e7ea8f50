package io.retention.contract.events;

import java.util.List;

/**
 * A full snapshot of a customer's profile, carried by registered and updated events.
 *
 * @param referredBy the customer who referred this one, if any (added in contract 1.1; absent in older events)
 */
public record CustomerProfile(
        String customerId,
        String name,
        String email,
        String phone,
        String tier,
        String lifecycleStage,
        String owner,
        String timeZone,
        List<Consent> consents,
        String referredBy) {
    /** Whether the customer agreed to be contacted on a channel for a purpose. */
    public record Consent(String channel, String purpose, boolean granted) {}
}
