package io.retention.local.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/**
 * What every service's test against the SCRAM/TLS broker ({@link ScramTlsKafkaTestResource}) checks the same way: the
 * service, signed in as its own user, dead-letters over that listener; its user may not write a topic the service does
 * not emit; a client with the wrong password is turned away. A service's test implements this beside the checks of what
 * it does itself over the listener.
 */
public interface ScramTlsBrokerChecks {

    /** The service's Kafka user, as the prod overlay's {@code KafkaUser} names it. */
    String user();

    /** A topic the service reads. */
    String inboundTopic();

    /** A topic the service does not write. */
    String topicNotWritten();

    /** The test's own client, on the broker's plain listener. */
    TopicClient topics();

    /** How the service signs in. */
    Map<String, Object> serviceClientSettings();

    @Test
    default void garbageIsDeadLetteredOverTheSameListener() {
        String key = user() + "-scram-garbage";
        topics().publish(inboundTopic(), key, "not json".getBytes(StandardCharsets.UTF_8));

        assertThat(topics().readUntil(inboundTopic() + ".dlq", r -> key.equals(r.key()), Duration.ofSeconds(30)))
                .isNotEmpty();
    }

    @Test
    default void theServicesUserMayNotWriteWhatTheServiceDoesNotEmit() {
        Throwable refused;
        try (TopicClient asTheService = new TopicClient(signIn(serviceClientSettings()))) {
            refused = catchThrowable(() -> asTheService.publish(
                    topicNotWritten(), user() + "-scram-refused", "{}".getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(causes(refused)).hasAtLeastOneElementOfType(TopicAuthorizationException.class);
    }

    @Test
    default void aClientWithTheWrongPasswordIsTurnedAway() {
        Map<String, Object> settings = signIn(serviceClientSettings());
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, ScramTlsKafkaTestResource.jaasConfig(user(), "guess"));

        Throwable refused;
        try (TopicClient intruder = new TopicClient(settings)) {
            refused = catchThrowable(() -> intruder.publish(
                    inboundTopic(), user() + "-scram-intruder", "{}".getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(causes(refused)).hasAtLeastOneElementOfType(SaslAuthenticationException.class);
    }

    /** The service's sign-in, giving up on the broker sooner. */
    private static Map<String, Object> signIn(Map<String, Object> service) {
        Map<String, Object> settings = new HashMap<>(service);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return settings;
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
