package io.retention.local.testing;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of a service's {@code @QuarkusTest}s that talk to the test broker as an outside system would. */
public abstract class BrokerBackedTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    protected TopicClient topics;

    @BeforeEach
    void connectToBroker() {
        topics = new TopicClient(bootstrapServers);
    }

    @AfterEach
    void disconnectFromBroker() {
        topics.close();
    }
}
