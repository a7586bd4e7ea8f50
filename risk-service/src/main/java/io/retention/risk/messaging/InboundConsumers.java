package io.retention.risk.messaging;

import io.retention.contract.Topics;
import io.retention.kit.messaging.InboundBatches;
import io.retention.risk.engine.HeldEventRelease;
import io.retention.risk.engine.RiskEngine;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The topics risk-service reads, in batches (what customers buy, their tickets and feedback, their usage, erasures):
 * each polled batch is taken in in one transaction, and then held live events that it let pass are applied.
 */
@ApplicationScoped
public class InboundConsumers {
    private final InboundBatches inbound;
    private final RiskEngine engine;
    private final HeldEventRelease release;

    public InboundConsumers(InboundBatches inbound, RiskEngine engine, HeldEventRelease release) {
        this.inbound = inbound;
        this.engine = engine;
        this.release = release;
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

    @Incoming(Topics.CUSTOMERS)
    public Uni<Void> customers(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    private Uni<Void> process(KafkaRecordBatch<String, byte[]> batch) {
        // the batch may have moved the watermark past held events, or held new ones
        return inbound.process(batch, engine::apply).invoke(release::wakeUp);
    }
}
