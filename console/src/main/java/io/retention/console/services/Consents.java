package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;

/** A customer's consents as customer-service keeps them: those in force, and every one recorded, latest first. */
@TemplateData
public record Consents(String customerId, List<Consent> consents, List<Consent> history) {

    /** A consent to be contacted on a channel for a purpose; {@code recordedAt} when the registry learned of it. */
    @TemplateData
    public record Consent(
            String channel,
            String purpose,
            boolean granted,
            Instant at,
            String method,
            String evidence,
            Instant recordedAt) {}

    /** A consent given or withdrawn, as the registry takes it. */
    public record Change(String channel, String purpose, boolean granted, String method, String evidence) {}
}
