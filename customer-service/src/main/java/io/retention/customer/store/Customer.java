package io.retention.customer.store;

import io.retention.contract.events.CustomerProfile;
import java.time.Instant;
import java.util.List;

/** A customer's profile in the registry, as the store reads it and frontends see it. */
public record Customer(
        String customerId,
        String name,
        String email,
        String phone,
        String tier,
        String lifecycleStage,
        String owner,
        String timeZone,
        String referredBy,
        Instant createdAt,
        Instant updatedAt) {

    /** The snapshot that {@code retention.customer.registered} and {@code .updated} carry, with these consents. */
    public CustomerProfile profile(List<CustomerProfile.Consent> consents) {
        return new CustomerProfile(
                customerId, name, email, phone, tier, lifecycleStage, owner, timeZone, consents, referredBy);
    }

    /** The same customer with the fields a profile patch may change, changed at {@code at}. */
    public Customer withProfile(String name, String email, String phone, String owner, String timeZone, Instant at) {
        return new Customer(
                customerId, name, email, phone, tier, lifecycleStage, owner, timeZone, referredBy, createdAt, at);
    }
}
