package io.retention.engagement.contact;

import java.util.List;

/** What engagement-service knows of a customer from the registry's latest snapshot. */
public record Contact(
        String customerId,
        String name,
        String email,
        String phone,
        String owner,
        String tier,
        String stage,
        String timeZone,
        List<Consent> consents) {

    /** Whether the customer agreed to be contacted on a channel for a purpose, as the registry recorded it. */
    public record Consent(String channel, String purpose, boolean granted) {}
}
