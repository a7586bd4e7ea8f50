package io.retention.engagement.messaging;

import io.retention.contract.Topics;
import io.retention.engagement.followup.FollowUps;
import io.retention.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The topics engagement-service reacts to: risk signals, and erasures from the registry. */
@ApplicationScoped
public class InboundConsumers {
    private final InboundEvents inbound;
    private final FollowUps followUps;

    public InboundConsumers(InboundEvents inbound, FollowUps followUps) {
        this.inbound = inbound;
        this.followUps = followUps;
    }

    @Incoming(Topics.RISK_SIGNALS)
    public Uni<Void> riskSignals(Message<byte[]> message) {
        return inbound.process(message, followUps::apply);
    }

    @Incoming(Topics.CUSTOMERS)
    public Uni<Void> customers(Message<byte[]> message) {
        return inbound.process(message, followUps::apply);
    }
}
