package io.retention.kit.store;

import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The idempotency record: ids of the events a service has processed. Written in the transaction of the event's effect,
 * so an event is either processed and recorded, or neither.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** Records the event id; false when it was already recorded, and so the event must change nothing. */
    public Uni<Boolean> markNew(Mutiny.Session session, String eventId) {
        return session.createNativeQuery(
                        "insert into processed_event (event_id, processed_at) values (:id, now()) on conflict do nothing")
                .setParameter("id", eventId)
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }
}
