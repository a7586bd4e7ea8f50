package io.retention.cli.history;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.InvalidEventException;
import io.retention.contract.Json;
import io.retention.contract.PlausibleTime;
import io.retention.contract.Topics;
import java.time.Instant;

/**
 * Builds the contract's events from a business's rows: ids derived from the source and the row's own id (an order, a
 * ticket), so that importing the same file twice publishes the same events and the platform applies them once; marked
 * {@code backfill} unless the import is live. Each event is checked against the contract before it is published.
 */
final class HistoryEvents {
    private final String source;
    private final boolean backfill;

    HistoryEvents(String source, boolean backfill) {
        this.source = source;
        this.backfill = backfill;
    }

    /** A checked event with the id {@code <source>/<path>}; an event that breaks the contract fails with every reason. */
    CloudEvent event(String path, EventType type, String customerId, Instant time, Record data) {
        CloudEvent event = new CloudEvent(
                source + "/" + path, source, type, time, customerId, Json.MAPPER.valueToTree(data), backfill);
        return checked(event);
    }

    /**
     * The event as the contract reads it: the schemas and the bounds on time decide, as they will in every service (with
     * its default bounds).
     */
    static CloudEvent checked(CloudEvent event) {
        CloudEvent read = EventCodec.fromJson(EventCodec.toJson(event));
        PlausibleTime.DEFAULTS.check(read.time(), Instant.now());
        if (!Topics.INBOUND.contains(read.type().topic())) {
            throw new InvalidEventException(notInbound(read.type()));
        }
        return read;
    }

    static String notInbound(EventType type) {
        return "type '" + type.typeName()
                + "' is emitted by the platform itself; only purchase, ticket, feedback and usage "
                + "events are imported";
    }

    CloudEvent marked(CloudEvent event) {
        return backfill ? event.asBackfill() : event;
    }
}
