package io.retention.local.testing;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HeaderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import io.retention.local.Tokens;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of a service's {@code @QuarkusTest}s that talk to the test broker as an outside system would, and to the REST
 * API with an admin's bearer token unless a test asks for another ({@link #as}, {@link #anonymous}).
 */
public abstract class BrokerBackedTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    @JwtTestResource.InjectTokens
    protected Tokens tokens;

    protected TopicClient topics;

    @BeforeEach
    void connectToBroker() {
        topics = new TopicClient(bootstrapServers);
        if (tokens != null) {
            RestAssured.requestSpecification = new RequestSpecBuilder()
                    .setConfig(RestAssuredConfig.config().headerConfig(HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization")))
                    .addHeader("Authorization", "Bearer " + tokens.token("test-admin", Duration.ofHours(1), "admin"))
                    .build();
        }
    }

    @AfterEach
    void disconnectFromBroker() {
        topics.close();
        RestAssured.requestSpecification = null;
    }

    /** A request by a user with these roles. */
    protected RequestSpecification as(String... roles) {
        return RestAssured.given().header("Authorization", "Bearer " + tokens.token("test-user", Duration.ofHours(1), roles));
    }

    /** A request without a token. */
    protected RequestSpecification anonymous() {
        return RestAssured.given().header("Authorization", "");
    }
}
