package io.retention.winback.messaging;

import io.retention.contract.Topics;
import io.retention.kit.messaging.OutboundChannel;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The topic winback-service owns: offers issued, redeemed and expired, customers won back. */
@Singleton
public class WinbackChannel extends OutboundChannel {

    public WinbackChannel(@Channel(Topics.WINBACK) MutinyEmitter<byte[]> emitter) {
        super(Topics.WINBACK, emitter);
    }
}
