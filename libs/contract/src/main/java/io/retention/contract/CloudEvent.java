package io.retention.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event of the contract, already validated: {@code subject} is the customer id and {@code time} is
 * event time (when it happened, not when it arrived). {@code backfill} is the contract's extension attribute: the
 * producer marks the event as history, to update state and trigger nothing by itself.
 */
public record CloudEvent(
        String id, String source, EventType type, Instant time, String subject, JsonNode data, boolean backfill) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(data, "data");
    }

    /** A live event (no {@code backfill} mark). */
    public CloudEvent(String id, String source, EventType type, Instant time, String subject, JsonNode data) {
        this(id, source, type, time, subject, data, false);
    }

    /** The same event marked as history. */
    public CloudEvent asBackfill() {
        return backfill ? this : new CloudEvent(id, source, type, time, subject, data, true);
    }

    /** A new event with a fresh random id, for a producer of the platform. */
    public static CloudEvent create(String source, EventType type, String subject, Instant time, Record data) {
        if (!type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException(
                    type.typeName() + " carries " + type.dataClass().getSimpleName() + ", not "
                            + data.getClass().getSimpleName());
        }
        return new CloudEvent(UUID.randomUUID().toString(), source, type, time, subject, Json.MAPPER.valueToTree(data));
    }

    /** The {@code data} as the record of its type. */
    public <T extends Record> T dataAs(Class<T> dataClass) {
        try {
            // read straight off the tree: convertValue would write it out to a buffer first
            return Json.MAPPER.treeToValue(data, dataClass);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("data of event " + id + " is not a " + dataClass.getSimpleName(), e);
        }
    }
}
