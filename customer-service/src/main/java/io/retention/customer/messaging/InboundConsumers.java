package io.retention.customer.messaging;

import io.retention.contract.Topics;
import io.retention.customer.activity.ActivityProjection;
import io.retention.kit.messaging.InboundBatches;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every topic that says something about a customer, in batches: what they buy, their tickets and feedback, their usage,
 * the risk signals, the follow-ups and messages, the win-back offers. All of it feeds the registry's single view.
 */
@ApplicationScoped
public class InboundConsumers {
    private final InboundBatches inbound;
    private final ActivityProjection projection;

    public InboundConsumers(InboundBatches inbound, ActivityProjection projection) {
        this.inbound = inbound;
        this.projection = projection;
    }

    @Incoming(Topics.PURCHASES)
    public Uni<Void> purchases(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.TICKETS)
    public Uni<Void> tickets(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.USAGE)
    public Uni<Void> usage(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.RISK_SIGNALS)
    public Uni<Void> riskSignals(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.ENGAGEMENTS)
    public Uni<Void> engagements(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.WINBACK)
    public Uni<Void> winback(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    private Uni<Void> process(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.process(batch, projection::apply);
    }
}
