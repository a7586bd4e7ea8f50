package io.retention.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads contract events in structured or binary content mode, checking every rule of the contract, and writes them in
 * structured mode. A broken event raises {@link InvalidEventException} naming each problem.
 */
public final class EventCodec {
    /** Content type of a structured-mode event. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
    /** Header prefix of binary-mode attributes on Kafka. */
    public static final String BINARY_HEADER_PREFIX = "ce_";

    private static final List<String> BINARY_ATTRIBUTES = List.of("specversion", "id", "source", "type", "time", "subject");
    /** The contract's extension attribute that marks an event as history. */
    public static final String BACKFILL = "backfill";

    private EventCodec() {
    }

    /**
     * Reads one Kafka record.
     *
     * @param topic   the topic it was read from, or null to accept any topic
     * @param key     the record key, or null
     * @param headers the record headers (last value wins)
     * @param value   the record value
     */
    public static CloudEvent read(String topic, String key, Map<String, String> headers, byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidEventException("record has no value");
        }
        ObjectNode envelope = headers.containsKey(BINARY_HEADER_PREFIX + "specversion")
                ? binaryEnvelope(headers, value)
                : structuredEnvelope(value);
        CloudEvent event = fromJson(envelope);
        List<String> problems = new ArrayList<>();
        if (topic != null && !event.type().topic().equals(topic)) {
            problems.add("type '" + event.type().typeName() + "' belongs on topic '" + event.type().topic() + "', not '" + topic + "'");
        }
        if (key != null && !key.equals(event.subject())) {
            problems.add("record key '" + key + "' differs from subject '" + event.subject() + "'");
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        return event;
    }

    /** Reads a structured-mode event already parsed as JSON (the form HTTP ingestion receives). */
    public static CloudEvent fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidEventException("event is not a JSON object");
        }
        EventSchemas schemas = EventSchemas.get();
        List<String> problems = new ArrayList<>(schemas.validateEnvelope(json));
        String typeName = json.path("type").asText(null);
        EventType type = typeName == null ? null : EventType.byName(typeName).orElse(null);
        if (typeName != null && type == null) {
            problems.add("unknown event type '" + typeName + "'");
        }
        Instant time = null;
        if (json.path("time").isTextual()) {
            try {
                time = EventTime.parse(json.get("time").asText());
            } catch (DateTimeParseException e) {
                problems.add("time '" + json.get("time").asText() + "' is not an RFC 3339 timestamp");
            }
        }
        JsonNode backfill = json.get(BACKFILL);
        if (backfill != null && !backfill.isBoolean() && !(backfill.isTextual() && isBooleanText(backfill.asText()))) {
            problems.add("backfill must be true or false, not " + backfill);
        }
        JsonNode data = json.get("data");
        if (type != null && data != null && data.isObject()) {
            problems.addAll(schemas.validateData(type, data));
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems.stream().distinct().toList());
        }
        return new CloudEvent(json.get("id").asText(), json.get("source").asText(), type, time,
                json.get("subject").asText(), data, backfill != null && backfill.asText().equals("true"));
    }

    /** The structured-mode JSON of an event. */
    public static ObjectNode toJson(CloudEvent event) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("specversion", CloudEvent.SPEC_VERSION);
        json.put("id", event.id());
        json.put("source", event.source());
        json.put("type", event.type().typeName());
        json.put("time", event.time().toString());
        json.put("subject", event.subject());
        json.put("datacontenttype", CloudEvent.DATA_CONTENT_TYPE);
        if (event.backfill()) {
            json.put(BACKFILL, true);
        }
        json.set("data", event.data());
        return json;
    }

    /** The structured-mode bytes of an event, as services emit it. */
    public static byte[] write(CloudEvent event) {
        try {
            return Json.MAPPER.writeValueAsBytes(toJson(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event " + event.id(), e);
        }
    }

    private static ObjectNode structuredEnvelope(byte[] value) {
        JsonNode json = parse(value, "value");
        if (!json.isObject()) {
            throw new InvalidEventException("value is not a JSON object");
        }
        return (ObjectNode) json;
    }

    private static ObjectNode binaryEnvelope(Map<String, String> headers, byte[] value) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        for (String attribute : BINARY_ATTRIBUTES) {
            String headerValue = headers.get(BINARY_HEADER_PREFIX + attribute);
            if (headerValue != null) {
                envelope.put(attribute, headerValue);
            }
        }
        // every binary-mode attribute is a string on the wire; the extension is read back as the boolean it is
        String backfill = headers.get(BINARY_HEADER_PREFIX + BACKFILL);
        if (backfill != null) {
            envelope.put(BACKFILL, backfill);
        }
        String contentType = headers.get("content-type");
        if (contentType != null && !contentType.startsWith(CloudEvent.DATA_CONTENT_TYPE)) {
            throw new InvalidEventException("binary-mode content-type must be application/json, not '" + contentType + "'");
        }
        envelope.set("data", parse(value, "data"));
        return envelope;
    }

    private static JsonNode parse(byte[] bytes, String what) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidEventException(what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static boolean isBooleanText(String text) {
        return text.equals("true") || text.equals("false");
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
