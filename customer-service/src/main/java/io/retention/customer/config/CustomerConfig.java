package io.retention.customer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the customer registry. */
@ConfigMapping(prefix = "retention.customer")
public interface CustomerConfig {

    /** IANA time zone of a customer registered without one; quiet hours are kept in it. */
    @WithDefault("UTC")
    String defaultTimeZone();

    /** How long after first being seen a customer counts as ONBOARDING (12 weeks). */
    @WithDefault("P84D")
    Duration onboarding();

    /** How long a won-back customer counts as WON_BACK before ACTIVE again. */
    @WithDefault("P90D")
    Duration wonBack();

    /** How often stages that end with time (onboarding, won back) are moved on. */
    @WithDefault("1h")
    Duration stageCheckEvery();

    /** Revenue tiers. */
    Tiers tiers();

    /** Pareto tiers A/B/C by trailing net revenue. */
    interface Tiers {
        /** Share of total revenue made by tier A customers. */
        @WithDefault("0.80")
        double aShare();

        /** Share of total revenue made by tier B customers (the rest is C). */
        @WithDefault("0.15")
        double bShare();

        /** The trailing period whose net revenue ranks customers. */
        @WithDefault("P365D")
        Duration period();

        /** How often tiers are recomputed (any instance; the others skip while one holds the lock). */
        @WithDefault("6h")
        Duration recomputeEvery();

        /**
         * A scheduled recompute waits until this instance has read no history for this long, so that an import is not
         * ranked on half its revenue (and no tier cadence starts for a customer about to be judged lost).
         */
        @WithDefault("2m")
        Duration settleAfter();
    }
}
