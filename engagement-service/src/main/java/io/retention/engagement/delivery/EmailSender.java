package io.retention.engagement.delivery;

import io.retention.engagement.config.EngagementConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends email through the configured SMTP server with the Vert.x mail client (what Quarkus Mailer wraps). */
@ApplicationScoped
public class EmailSender {
    private final MailClient client;
    private final String from;

    public EmailSender(Vertx vertx, EngagementConfig config) {
        EngagementConfig.Smtp smtp = config.smtp();
        MailConfig mail = new MailConfig()
                .setHostname(smtp.host())
                .setPort(smtp.port())
                .setStarttls(StartTLSOptions.valueOf(smtp.starttls()))
                .setKeepAlive(true)
                .setMaxPoolSize(8);
        smtp.username().ifPresent(mail::setUsername);
        smtp.password().ifPresent(mail::setPassword);
        this.client = MailClient.create(vertx, mail);
        this.from = smtp.from();
    }

    public Uni<Void> send(OutgoingMessage message) {
        MailMessage mail = new MailMessage()
                .setFrom(from)
                .setTo(message.to())
                .setSubject(message.subject())
                .setText(message.body())
                .addHeader("Message-ID", "<" + message.messageId() + "@retention>")
                .addHeader("X-Retention-Template", message.template());
        return client.sendMail(mail)
                .onFailure()
                .transform(failure -> new DeliveryException("SMTP: " + failure.getMessage(), failure))
                .replaceWithVoid();
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
