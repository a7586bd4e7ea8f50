package io.retention.engagement.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retention.engagement.config.EngagementConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

/**
 * Delivers SMS and push messages to the configured webhook as signed JSON ({@link WebhookSignature}); the
 * {@code Idempotency-Key} header is the message id, the same on every attempt, so the receiver can drop a repeat.
 */
@ApplicationScoped
public class WebhookSender {
    private final EngagementConfig.Webhook config;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;

    public WebhookSender(EngagementConfig config, ObjectMapper json, Clock clock) {
        this.config = config.webhook();
        this.json = json;
        this.clock = clock;
        this.http =
                HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    public Uni<Void> send(OutgoingMessage message) {
        if (config.url().isEmpty() || config.secret().isEmpty()) {
            return Uni.createFrom()
                    .failure(new DeliveryException("no webhook is configured for " + message.channel()
                            + " (retention.engagement.webhook.url and .secret)"));
        }
        String body;
        try {
            body = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new DeliveryException("cannot write the message as JSON", e));
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.url().get()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", message.messageId())
                .header(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(timestamp))
                .header(
                        WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.sign(config.secret().get(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .onFailure()
                .transform(failure -> new DeliveryException("webhook: " + failure, failure))
                .invoke(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new DeliveryException("webhook answered " + response.statusCode());
                    }
                })
                .replaceWithVoid();
    }
}
