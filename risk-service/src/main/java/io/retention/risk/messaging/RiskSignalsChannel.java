package io.retention.risk.messaging;

import io.retention.contract.Topics;
import io.retention.kit.messaging.OutboundChannel;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The topic risk-service owns: at-risk, cleared and churned signals. */
@ApplicationScoped
public class RiskSignalsChannel implements OutboundChannel {
    private final MutinyEmitter<byte[]> emitter;

    public RiskSignalsChannel(@Channel(Topics.RISK_SIGNALS) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    @Override
    public String topic() {
        return Topics.RISK_SIGNALS;
    }

    @Override
    public Uni<Void> send(String key, byte[] structuredEvent) {
        return OutboundChannel.send(emitter, key, structuredEvent);
    }
}
