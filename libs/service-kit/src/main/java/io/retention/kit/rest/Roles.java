package io.retention.kit.rest;

/**
 * The roles a bearer token carries (its {@code groups} claim, or the claim {@code smallrye.jwt.path.groups} names), and
 * what each is for.
 */
public final class Roles {
    /** Runs the platform: everything, including erasure, templates, model fits and tier recomputes. */
    public static final String ADMIN = "admin";
    /** Works with customers: profiles, consents, the follow-up queue, redeeming offers for them. */
    public static final String ACCOUNT_MANAGER = "account-manager";
    /** Reads: customers, risk, follow-ups, offers, KPIs and win-back statistics. */
    public static final String ANALYST = "analyst";
    /** Systems that feed the platform: events over HTTP, registrations, consents from forms, redemptions at checkout. */
    public static final String INGEST = "ingest";

    private Roles() {}
}
