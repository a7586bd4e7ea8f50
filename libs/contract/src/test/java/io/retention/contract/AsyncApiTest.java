package io.retention.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AsyncAPI document describes every event type on its topic, with schemas that exist. */
class AsyncApiTest {

    @Test
    void everyEventTypeIsOnItsTopicWithItsSchemas() throws Exception {
        JsonNode asyncApi;
        try (InputStream in = getClass().getResourceAsStream("/retention/contract/asyncapi.yaml")) {
            asyncApi = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        Map<String, String> topicOfMessage = new HashMap<>();
        asyncApi.get("channels").properties().forEach(channel -> {
            JsonNode messages = channel.getValue().get("messages");
            if (messages != null) {
                messages.properties()
                        .forEach(message -> topicOfMessage.put(
                                asyncApi.at("/components/messages/" + message.getKey() + "/name")
                                        .asText(),
                                channel.getValue().get("address").asText()));
            }
        });

        for (EventType type : EventType.values()) {
            assertThat(topicOfMessage).as(type.typeName()).containsEntry(type.typeName(), type.topic());
        }
        assertThat(topicOfMessage).hasSize(EventType.values().length);
        asyncApi.get("components").get("messages").forEach(message -> {
            String dataSchema =
                    message.at("/payload/allOf/1/properties/data/$ref").asText();
            assertThat(getClass().getResource("/retention/contract/" + dataSchema.substring(2)))
                    .as(dataSchema)
                    .isNotNull();
        });
        for (String topic : Topics.ALL) {
            assertThat(asyncApi.get("channels").findValuesAsText("address")).contains(topic, Topics.deadLetter(topic));
        }
    }
}
