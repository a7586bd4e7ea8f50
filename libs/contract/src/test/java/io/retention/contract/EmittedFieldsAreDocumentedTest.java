package io.retention.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every field a payload record can emit is in its event type's JSON Schema (nested records and lists of them
 * included): a field added to a record without the contract's documents fails here, since the schemas alone accept
 * unknown fields.
 */
class EmittedFieldsAreDocumentedTest {

    @Test
    void everyRecordFieldIsAPropertyOfItsSchema() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (EventType type : EventType.values()) {
            try (InputStream schema = EventType.class.getResourceAsStream(type.schemaResource())) {
                assertThat(schema).as(type.schemaResource()).isNotNull();
                undocumented.addAll(undocumented(type.typeName(), type.dataClass(), Json.MAPPER.readTree(schema)));
            }
        }
        assertThat(undocumented)
                .as("record fields the contract's schemas do not name")
                .isEmpty();
    }

    @Test
    void theEnvelopeSchemaNamesEveryAttributeTheCodecWrites() throws IOException {
        CloudEvent event = CloudEvent.create(
                        "/test",
                        EventType.USAGE_RECORDED,
                        "c-1",
                        java.time.Instant.parse("2026-05-01T12:00:00Z"),
                        new io.retention.contract.events.UsageRecorded("search", 1))
                .asBackfill();
        try (InputStream schema = EventType.class.getResourceAsStream("/retention/contract/cloudevent.schema.json")) {
            JsonNode properties = Json.MAPPER.readTree(schema).path("properties");
            List<String> undocumented = new ArrayList<>();
            EventCodec.toJson(event).fieldNames().forEachRemaining(name -> {
                if (!properties.has(name)) {
                    undocumented.add(name);
                }
            });
            assertThat(undocumented)
                    .as("envelope attributes the schema does not name")
                    .isEmpty();
        }
    }

    private static List<String> undocumented(String path, Class<?> recordClass, JsonNode schema) {
        List<String> missing = new ArrayList<>();
        JsonNode properties = schema.path("properties");
        for (RecordComponent component : recordClass.getRecordComponents()) {
            String name = component.getName();
            JsonNode property = properties.get(name);
            if (property == null) {
                missing.add(path + "." + name);
                continue;
            }
            Class<?> nested = nestedRecord(component.getGenericType());
            if (nested != null) {
                JsonNode nestedSchema = property.has("items") ? property.get("items") : property;
                missing.addAll(undocumented(path + "." + name, nested, nestedSchema));
            }
        }
        return missing;
    }

    /** The record a component holds, alone or as the elements of a list; null for anything else. */
    private static Class<?> nestedRecord(Type type) {
        if (type instanceof Class<?> plain) {
            return plain.isRecord() ? plain : null;
        }
        if (type instanceof ParameterizedType list
                && list.getActualTypeArguments().length == 1
                && list.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element.isRecord() ? element : null;
        }
        return null;
    }
}
