package io.retention.local.testing;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HeaderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import io.retention.local.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of a service's {@code @QuarkusTest}s that talk to the test broker as an outside system would, and to the REST
 * API with an admin's bearer token unless a test asks for another ({@link #as}, {@link #anonymous}).
 */
public abstract class BrokerBackedTest {

    /** The Kafka client settings a test broker may ask for, beside the bootstrap servers (as the service reads them). */
    private static final List<String> SIGN_IN_SETTINGS = List.of(
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            SaslConfigs.SASL_MECHANISM,
            SaslConfigs.SASL_JAAS_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    /** The configuration of the application under test (not ConfigProvider's, which may still be an earlier test's). */
    @Inject
    Config config;

    @JwtTestResource.InjectTokens
    protected Tokens tokens;

    protected TopicClient topics;

    @BeforeEach
    void connectToBroker() {
        topics = new TopicClient(clientSettings());
        if (tokens != null) {
            RestAssured.requestSpecification = new RequestSpecBuilder()
                    .setConfig(RestAssuredConfig.config()
                            .headerConfig(HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization")))
                    .addHeader("Authorization", "Bearer " + tokens.token("test-admin", Duration.ofHours(1), "admin"))
                    .build();
        }
    }

    @AfterEach
    void disconnectFromBroker() {
        topics.close();
        RestAssured.requestSpecification = null;
    }

    /**
     * How the test's own client talks to the broker, as the systems around the service would: on the broker's plain
     * listener where the test broker keeps one for tests ({@link ScramTlsKafkaTestResource}, whose SCRAM users may do
     * only what their ACLs allow), otherwise as the service does.
     */
    protected Map<String, Object> clientSettings() {
        return config.getOptionalValue(ScramTlsKafkaTestResource.PLAIN_BOOTSTRAP, String.class)
                .<Map<String, Object>>map(plain -> Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, plain))
                .orElseGet(this::serviceClientSettings);
    }

    /** The settings the service's own Kafka clients have: its bootstrap servers and how it signs in. */
    public Map<String, Object> serviceClientSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        SIGN_IN_SETTINGS.forEach(name ->
                config.getOptionalValue("kafka." + name, String.class).ifPresent(value -> settings.put(name, value)));
        return settings;
    }

    /** The test's own client of the broker (see {@link #clientSettings}). */
    public TopicClient topics() {
        return topics;
    }

    /** A request by a user with these roles. */
    protected RequestSpecification as(String... roles) {
        return RestAssured.given()
                .header("Authorization", "Bearer " + tokens.token("test-user", Duration.ofHours(1), roles));
    }

    /** A request by the user {@code subject} (an account manager's owner name) with these roles. */
    protected RequestSpecification asUser(String subject, String... roles) {
        return RestAssured.given()
                .header("Authorization", "Bearer " + tokens.token(subject, Duration.ofHours(1), roles));
    }

    /** A request without a token. */
    protected RequestSpecification anonymous() {
        return RestAssured.given().header("Authorization", "");
    }
}
