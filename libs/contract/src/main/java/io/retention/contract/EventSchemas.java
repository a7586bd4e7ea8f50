package io.retention.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The JSON Schemas of the contract: the envelope and the {@code data} of each event type. */
public final class EventSchemas {
    private static final String ENVELOPE = "/retention/contract/cloudevent.schema.json";

    private final JsonSchema envelope;
    private final Map<EventType, JsonSchema> dataSchemas = new EnumMap<>(EventType.class);

    private static final class Holder {
        static final EventSchemas INSTANCE = new EventSchemas();
    }

    private EventSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .build();
        envelope = load(factory, config, ENVELOPE);
        for (EventType type : EventType.values()) {
            dataSchemas.put(type, load(factory, config, type.schemaResource()));
        }
    }

    public static EventSchemas get() {
        return Holder.INSTANCE;
    }

    /** Problems of a structured-mode envelope; empty when it is valid. */
    public List<String> validateEnvelope(JsonNode event) {
        return messages(envelope.validate(event), "");
    }

    /** Problems of an event's {@code data}; empty when it is valid. */
    public List<String> validateData(EventType type, JsonNode data) {
        return messages(dataSchemas.get(type).validate(data), "data");
    }

    private static List<String> messages(java.util.Set<ValidationMessage> found, String prefix) {
        return found.stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(m -> prefix.isEmpty() ? m.getMessage() : m.getMessage().replaceFirst("^\\$", "\\$." + prefix))
                .toList();
    }

    private static JsonSchema load(JsonSchemaFactory factory, SchemaValidatorsConfig config, String resource) {
        try (InputStream in = EventSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema missing from the classpath: " + resource);
            }
            return factory.getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
