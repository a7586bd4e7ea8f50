package io.retention.winback.messaging;

import io.retention.contract.Topics;
import io.retention.kit.messaging.InboundEvents;
import io.retention.winback.offers.Offers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The topics winback-service reads: churn signals, and erasures from the registry. */
@ApplicationScoped
public class InboundConsumers {
    private final InboundEvents inbound;
    private final Offers offers;

    public InboundConsumers(InboundEvents inbound, Offers offers) {
        this.inbound = inbound;
        this.offers = offers;
    }

    @Incoming(Topics.RISK_SIGNALS)
    public Uni<Void> riskSignals(Message<byte[]> message) {
        return inbound.process(message, offers::apply);
    }

    @Incoming(Topics.CUSTOMERS)
    public Uni<Void> customers(Message<byte[]> message) {
        return inbound.process(message, offers::apply);
    }
}
