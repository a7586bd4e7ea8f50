package io.retention.customer.rest;

import io.retention.customer.store.Customer;
import java.time.Instant;

/** A customer's profile as frontends see it. */
public record CustomerView(
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

    static CustomerView of(Customer c) {
        return new CustomerView(
                c.customerId,
                c.name,
                c.email,
                c.phone,
                c.tier,
                c.lifecycleStage,
                c.owner,
                c.timeZone,
                c.referredBy,
                c.createdAt,
                c.updatedAt);
    }
}
