package io.retention.customer.registry;

/** Where a customer is in their life with the business. */
public enum LifecycleStage {
    NEW,
    ONBOARDING,
    ACTIVE,
    AT_RISK,
    CHURNED,
    WON_BACK
}
