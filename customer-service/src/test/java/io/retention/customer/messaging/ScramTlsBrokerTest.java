package io.retention.customer.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Fixtures;
import io.retention.contract.Topics;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.ScramTlsBrokerChecks;
import io.retention.local.testing.ScramTlsKafkaTestResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * customer-service against a broker that lets it in only over TLS as its SCRAM user, with the ACLs of its
 * {@code KafkaUser} in the prod overlay and nothing more: ingestion over HTTP, the projection of what it reads, its
 * announcements and its dead-letter topics all work with those.
 */
@QuarkusTest
@WithTestResource(
        value = ScramTlsKafkaTestResource.class,
        initArgs = @ResourceArg(name = "user", value = "customer-service"))
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ScramTlsBrokerTest extends BrokerBackedTest implements ScramTlsBrokerChecks {
    @Override
    public String user() {
        return "customer-service";
    }

    @Override
    public String inboundTopic() {
        return Topics.USAGE;
    }

    @Override
    public String topicNotWritten() {
        return Topics.RISK_SIGNALS;
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void eventsPostedOverHttpArePublishedToTheirTopic() {
        ObjectNode ticket = Fixtures.forCustomer(Fixtures.TICKET_OPENED, "cust-scram-1");
        given().contentType("application/cloudevents+json")
                .body(Fixtures.bytes(ticket))
                .post("/events")
                .then()
                .statusCode(202);

        assertThat(topics.readUntil(Topics.TICKETS, r -> "cust-scram-1".equals(r.key()), WAIT))
                .isNotEmpty();
    }

    @Test
    void aCustomerFirstSeenInAPurchaseIsAnnounced() {
        topics.publish(
                Topics.PURCHASES,
                "cust-scram-2",
                Fixtures.bytes(Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, "cust-scram-2")));

        assertThat(topics.readUntil(
                        Topics.CUSTOMERS,
                        r -> "cust-scram-2".equals(r.key())
                                && EventCodec.read(Topics.CUSTOMERS, r.key(), Map.of(), r.value())
                                                .type()
                                        == EventType.CUSTOMER_REGISTERED,
                        WAIT))
                .isNotEmpty();
    }
}
