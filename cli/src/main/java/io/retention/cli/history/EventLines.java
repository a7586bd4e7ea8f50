package io.retention.cli.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.InvalidEventException;
import io.retention.contract.Json;
import io.retention.contract.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Newline-delimited CloudEvents in structured mode, one event a line, each kept with its own id. */
final class EventLines {
    private final HistoryEvents events;
    private final Instant until;

    EventLines(HistoryEvents events, Instant until) {
        this.events = events;
        this.until = until;
    }

    void read(NamedInput input, Sink sink) throws IOException {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(input.stream(), StandardCharsets.UTF_8))) {
            long line = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                sink.row();
                try {
                    JsonNode json = Json.MAPPER.readTree(text);
                    EventType.byName(json.path("type").asText())
                            .filter(type -> !Topics.INBOUND.contains(type.topic()))
                            .ifPresent(type -> {
                                throw new InvalidEventException(HistoryEvents.notInbound(type));
                            });
                    CloudEvent event = HistoryEvents.checked(EventCodec.fromJson(json));
                    if (until != null && event.time().isAfter(until)) {
                        sink.skip();
                    } else {
                        sink.accept(events.marked(event));
                    }
                } catch (InvalidEventException e) {
                    sink.reject(input.name(), line, String.join("; ", e.problems()));
                } catch (JsonProcessingException e) {
                    sink.reject(input.name(), line, "not valid JSON: " + e.getOriginalMessage());
                }
            }
        }
    }
}
