package io.retention.engagement.delivery;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends a message on its channel: email by SMTP, SMS and push by webhook. */
@ApplicationScoped
public class Deliveries {
    private final EmailSender email;
    private final WebhookSender webhook;

    public Deliveries(EmailSender email, WebhookSender webhook) {
        this.email = email;
        this.webhook = webhook;
    }

    public Uni<Void> send(OutgoingMessage message) {
        return switch (message.channel()) {
            case EMAIL -> email.send(message);
            case SMS, PUSH -> webhook.send(message);
            default ->
                Uni.createFrom()
                        .failure(new DeliveryException(message.channel() + " is not a channel the platform sends on"));
        };
    }
}
