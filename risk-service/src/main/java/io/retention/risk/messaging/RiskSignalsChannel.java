package io.retention.risk.messaging;

import io.retention.contract.Topics;
import io.retention.kit.messaging.OutboundChannel;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The topic risk-service owns: at-risk, cleared and churned signals. */
@Singleton
public class RiskSignalsChannel extends OutboundChannel {

    public RiskSignalsChannel(@Channel(Topics.RISK_SIGNALS) MutinyEmitter<byte[]> emitter) {
        super(Topics.RISK_SIGNALS, emitter);
    }
}
