package io.retention.customer.messaging;

import io.retention.contract.Topics;
import io.retention.kit.messaging.OutboundChannel;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The topic customer-service owns: registrations, profile snapshots and erasures. */
@Singleton
public class CustomersChannel extends OutboundChannel {

    public CustomersChannel(@Channel(Topics.CUSTOMERS) MutinyEmitter<byte[]> emitter) {
        super(Topics.CUSTOMERS, emitter);
    }
}
