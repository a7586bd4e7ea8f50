package io.retention.customer.consent;

import java.time.Instant;
import java.util.List;

/** A customer's consents in force and every change to them, newest first. */
public record ConsentView(String customerId, List<Consent> consents, List<Consent> history) {

    /** A consent; {@code recordedAt} (history only) is when the registry learned of it. */
    public record Consent(
            String channel,
            String purpose,
            boolean granted,
            Instant at,
            String method,
            String evidence,
            Instant recordedAt) {}
}
