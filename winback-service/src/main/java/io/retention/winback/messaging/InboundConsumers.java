package io.retention.winback.messaging;

import io.retention.contract.Topics;
import io.retention.kit.messaging.InboundBatches;
import io.retention.winback.lost.LostCustomers;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The topics winback-service reads, in batches: churn signals, erasures from the registry, purchases (offer codes and
 * customers coming back) and tickets (complaints lower a lost customer's priority).
 */
@ApplicationScoped
public class InboundConsumers {
    private final InboundBatches inbound;
    private final LostCustomers lost;

    public InboundConsumers(InboundBatches inbound, LostCustomers lost) {
        this.inbound = inbound;
        this.lost = lost;
    }

    @Incoming(Topics.RISK_SIGNALS)
    public Uni<Void> riskSignals(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.CUSTOMERS)
    public Uni<Void> customers(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.PURCHASES)
    public Uni<Void> purchases(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.TICKETS)
    public Uni<Void> tickets(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    private Uni<Void> process(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.process(batch, lost::apply);
    }
}
