package io.retention.engagement.messaging;

import io.retention.contract.Topics;
import io.retention.kit.messaging.OutboundChannel;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The topic engagement-service owns: follow-ups scheduled and completed, messages sent. */
@Singleton
public class EngagementsChannel extends OutboundChannel {

    public EngagementsChannel(@Channel(Topics.ENGAGEMENTS) MutinyEmitter<byte[]> emitter) {
        super(Topics.ENGAGEMENTS, emitter);
    }
}
