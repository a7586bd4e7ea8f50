package io.retention.engagement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;

/** Settings of engagement-service: playbooks, the dispatcher, the communication policy and delivery. */
@ConfigMapping(prefix = "retention.engagement")
public interface EngagementConfig {

    /** A JSON playbook catalog on disk to use instead of the standard one (same shape as {@code playbooks.json}). */
    Optional<String> playbooksFile();

    /** How late a step may still be scheduled when its playbook starts; older steps are left out. */
    @WithDefault("P2D")
    Duration staleAfter();

    /**
     * A tier's cadence starts or stops once the registry's snapshot of the customer has held this long: the registry
     * announces a stage on each signal it reads (at risk, then churned a moment later), and a cadence planned on one
     * that is at once superseded would be noise.
     */
    @WithDefault("PT1M")
    Duration cadenceSettle();

    /** How often customers whose cadence waits to be decided are looked for. */
    @WithDefault("5s")
    Duration cadenceCheckEvery();

    /** The dispatcher that fires due follow-ups. */
    Dispatch dispatch();

    /** The communication policy for messages to customers. */
    Policy policy();

    /** Email delivery by SMTP. */
    Smtp smtp();

    /** SMS and push delivery by webhook. */
    Webhook webhook();

    interface Dispatch {
        /** How often the dispatcher looks for due follow-ups (it goes on at once while it finds full batches). */
        @WithDefault("1s")
        Duration every();

        /** Follow-ups claimed per transaction. */
        @WithDefault("200")
        int batchSize();

        /** Messages of one batch sent at the same time. */
        @WithDefault("32")
        int concurrency();

        /** How long a claimed send may take before another round assumes its sender crashed and sends again. */
        @WithDefault("PT5M")
        Duration lease();

        /** Attempts of a failed delivery before the follow-up is FAILED. */
        @WithDefault("5")
        int attempts();

        /** Wait after the first failed attempt; doubled after each further one. */
        @WithDefault("PT1M")
        Duration retryBackoff();
    }

    interface Policy {
        /** Most messages to one customer within the cap's window. */
        @WithDefault("2")
        int capMessages();

        /** The frequency cap's window. */
        @WithDefault("P7D")
        Duration capWindow();

        /** Local time quiet hours begin, in the customer's time zone. */
        @WithDefault("21:00")
        LocalTime quietStart();

        /** Local time quiet hours end. */
        @WithDefault("08:00")
        LocalTime quietEnd();

        /** IANA time zone of customers whose profile has none. */
        @WithDefault("UTC")
        String defaultTimeZone();
    }

    interface Smtp {
        /** SMTP server host. */
        @WithDefault("localhost")
        String host();

        /** SMTP server port. */
        @WithDefault("2525")
        int port();

        /** Use STARTTLS: DISABLED, OPTIONAL or REQUIRED. */
        @WithDefault("OPTIONAL")
        String starttls();

        /** SMTP user name, if the server asks for one (password from RETENTION_ENGAGEMENT_SMTP_PASSWORD). */
        Optional<String> username();

        /** SMTP password; set it by environment variable, never in a file. */
        Optional<String> password();

        /** Sender address of messages to customers. */
        @WithDefault("Customer Care <care@retention.local>")
        String from();
    }

    interface Webhook {
        /** URL that receives SMS and push messages as signed JSON; without it those channels fail and are retried. */
        Optional<String> url();

        /** HMAC-SHA256 key of the signature header; set it by environment variable, never in a file. */
        Optional<String> secret();

        /** How long a webhook call may take. */
        @WithDefault("PT10S")
        Duration timeout();
    }
}
