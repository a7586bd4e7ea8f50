package io.retention.kit.messaging;

import io.retention.contract.CloudEvent;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** Applies one event's effect inside the transaction that also records the event as processed. */
@FunctionalInterface
public interface EventHandler {
    Uni<Void> handle(Mutiny.Session session, CloudEvent event);
}
