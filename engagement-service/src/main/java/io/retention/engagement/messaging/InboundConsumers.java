package io.retention.engagement.messaging;

import io.retention.contract.Topics;
import io.retention.engagement.followup.Reactions;
import io.retention.kit.messaging.InboundBatches;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The topics engagement-service reacts to: the registry's snapshots and erasures, risk signals, win-back offers. */
@ApplicationScoped
public class InboundConsumers {
    private final InboundBatches inbound;
    private final Reactions reactions;

    public InboundConsumers(InboundBatches inbound, Reactions reactions) {
        this.inbound = inbound;
        this.reactions = reactions;
    }

    @Incoming(Topics.CUSTOMERS)
    public Uni<Void> customers(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.RISK_SIGNALS)
    public Uni<Void> riskSignals(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    @Incoming(Topics.WINBACK)
    public Uni<Void> winback(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch);
    }

    private Uni<Void> process(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.process(batch, reactions::apply);
    }
}
