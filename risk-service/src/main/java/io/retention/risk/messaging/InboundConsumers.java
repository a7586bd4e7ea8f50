package io.retention.risk.messaging;

import io.retention.contract.Topics;
import io.retention.kit.messaging.InboundEvents;
import io.retention.risk.engine.RiskEngine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The topics risk-service reads: what customers buy, their tickets and feedback, their usage, and erasures. */
@ApplicationScoped
public class InboundConsumers {
    private final InboundEvents inbound;
    private final RiskEngine engine;

    public InboundConsumers(InboundEvents inbound, RiskEngine engine) {
        this.inbound = inbound;
        this.engine = engine;
    }

    @Incoming(Topics.PURCHASES)
    public Uni<Void> purchases(Message<byte[]> message) {
        return inbound.process(message, engine::apply);
    }

    @Incoming(Topics.TICKETS)
    public Uni<Void> tickets(Message<byte[]> message) {
        return inbound.process(message, engine::apply);
    }

    @Incoming(Topics.USAGE)
    public Uni<Void> usage(Message<byte[]> message) {
        return inbound.process(message, engine::apply);
    }

    @Incoming(Topics.CUSTOMERS)
    public Uni<Void> customers(Message<byte[]> message) {
        return inbound.process(message, engine::apply);
    }
}
