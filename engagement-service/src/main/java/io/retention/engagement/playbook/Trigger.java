package io.retention.engagement.playbook;

/**
 * What starts a playbook.
 *
 * @param value the tier (A, B, C) or the risk reason code; none for the other events
 */
public record Trigger(Event event, String value) {
    /** The events that start playbooks. */
    public enum Event {
        /** {@code retention.customer.registered} for a customer not yet past onboarding. */
        CUSTOMER_REGISTERED,
        /** The customer's revenue tier is the value: the cadence follows a tier change. */
        TIER,
        /** {@code retention.risk.raised} with the value as one of its reasons. */
        RISK_REASON,
        /** {@code retention.offer.issued}: delivery of a win-back offer. */
        OFFER_ISSUED
    }
}
