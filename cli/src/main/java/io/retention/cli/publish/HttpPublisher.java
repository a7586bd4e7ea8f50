package io.retention.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes through customer-service's {@code POST /events} (CloudEvents batched mode), for a network that reaches the
 * platform's API but not its broker. Events go in batches; the service publishes a batch all or nothing, so a refused
 * batch fails each of its events with the service's {@code detail}.
 */
public final class HttpPublisher implements Publisher {
    private static final int BATCH = 500;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI events;
    private final String token;
    private final List<CloudEvent> batch = new ArrayList<>(BATCH);
    private final List<Outcome> outcomes = new ArrayList<>(BATCH);

    /** @param baseUrl customer-service, such as {@code http://localhost:8081}; @param token a bearer token with role ingest */
    public HttpPublisher(String baseUrl, String token) {
        this.events = URI.create(baseUrl.replaceAll("/+$", "") + "/events");
        this.token = token;
    }

    @Override
    public void send(CloudEvent event, Outcome outcome) {
        batch.add(event);
        outcomes.add(outcome);
        if (batch.size() == BATCH) {
            flush();
        }
    }

    @Override
    public void flush() {
        if (batch.isEmpty()) {
            return;
        }
        ArrayNode body = Json.MAPPER.createArrayNode();
        batch.forEach(event -> body.add(EventCodec.toJson(event)));
        String failure = post(body);
        for (int i = 0; i < batch.size(); i++) {
            if (failure == null) {
                outcomes.get(i).published(batch.get(i));
            } else {
                outcomes.get(i).failed(batch.get(i), failure);
            }
        }
        batch.clear();
        outcomes.clear();
    }

    /** Null when the service took the batch; otherwise why not. */
    private String post(ArrayNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(events)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return null;
            }
            JsonNode problem = Json.MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
            return "POST /events answered " + response.statusCode() + ": "
                    + problem.path("detail").asText(response.body());
        } catch (IOException e) {
            return "POST /events failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        flush();
    }
}
