package io.retention.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads contract events in structured or binary content mode, checking every rule of the contract, and writes them in
 * structured mode. A broken event raises {@link InvalidEventException} naming each problem.
 */
public final class EventCodec {
    /** Content type of a structured-mode event. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
    /** Header prefix of binary-mode attributes on Kafka. */
    public static final String BINARY_HEADER_PREFIX = "ce_";

    private static final List<String> BINARY_ATTRIBUTES =
            List.of("specversion", "id", "source", "type", "time", "subject");
    /** The contract's extension attribute that marks an event as history. */
    public static final String BACKFILL = "backfill";

    private EventCodec() {}

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
            problems.add("type '" + event.type().typeName() + "' belongs on topic '"
                    + event.type().topic() + "', not '" + topic + "'");
        }
        if (key != null && !key.equals(event.subject())) {
            problems.add("record key '" + key + "' differs from subject '" + event.subject() + "'");
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        return event;
    }

    /**
     * Reads an event as {@link #write} wrote it, from the service's own storage: it was validated when it came in, so
     * it is not validated again (a service that holds events and applies them later reads them back in bulk).
     */
    public static CloudEvent readWritten(byte[] value) {
        try {
            JsonNode json = Json.MAPPER.readTree(value);
            return new CloudEvent(
                    json.get("id").asText(),
                    json.get("source").asText(),
                    EventType.byName(json.get("type").asText()).orElseThrow(),
                    EventTime.parse(json.get("time").asText()),
                    json.get("subject").asText(),
                    json.get("data"),
                    json.path(BACKFILL).asBoolean(false));
        } catch (IOException e) {
            throw new IllegalStateException("an event this service wrote cannot be read back", e);
        }
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
        problems.addAll(StorableText.problems(json));
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems.stream().distinct().toList());
        }
        return new CloudEvent(
                json.get("id").asText(),
                json.get("source").asText(),
                type,
                time,
                json.get("subject").asText(),
                data,
                backfill != null && backfill.asText().equals("true"));
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
        ObjectNode envelope =
                binaryAttributes(name -> headers.get(BINARY_HEADER_PREFIX + name), headers.get("content-type"));
        envelope.set("data", parse(value, "data"));
        return envelope;
    }

    /**
     * The envelope of an event received over HTTP in binary content mode (CloudEvents HTTP binding): attributes from the
     * {@code ce-} headers (percent-encoded as the binding says), the body as the data. The envelope is read like a
     * structured-mode one by {@link #fromJson}.
     *
     * @param header      a request header by name, case-insensitive; null when absent
     * @param contentType the request's content type (the data's)
     * @param data        the body
     */
    public static ObjectNode fromHttpBinary(Function<String, String> header, String contentType, JsonNode data) {
        ObjectNode envelope = binaryAttributes(
                name -> {
                    String value = header.apply("ce-" + name);
                    return value == null ? null : percentDecoded(value);
                },
                contentType);
        envelope.set("data", data);
        return envelope;
    }

    /** Whether an HTTP request carries an event in binary content mode. */
    public static boolean isHttpBinary(Function<String, String> header) {
        return header.apply("ce-specversion") != null;
    }

    private static ObjectNode binaryAttributes(Function<String, String> attribute, String contentType) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        for (String name : BINARY_ATTRIBUTES) {
            String value = attribute.apply(name);
            if (value != null) {
                envelope.put(name, value);
            }
        }
        // every binary-mode attribute is a string on the wire; the extension is read back as the boolean it is
        String backfill = attribute.apply(BACKFILL);
        if (backfill != null) {
            envelope.put(BACKFILL, backfill);
        }
        if (contentType != null && !contentType.startsWith(CloudEvent.DATA_CONTENT_TYPE)) {
            throw new InvalidEventException(
                    "binary-mode content-type must be application/json, not '" + contentType + "'");
        }
        return envelope;
    }

    /** The HTTP binding percent-encodes a header value's non-printable, non-ASCII, '"' and '%' characters as UTF-8. */
    static String percentDecoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); ) {
            if (value.charAt(i) == '%'
                    && i + 2 < value.length()
                    && Character.digit(value.charAt(i + 1), 16) >= 0
                    && Character.digit(value.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(value, i + 1, i + 3, 16));
                i += 3;
            } else {
                int codePoint = value.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
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
