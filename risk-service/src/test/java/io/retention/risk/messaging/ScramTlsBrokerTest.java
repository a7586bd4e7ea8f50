package io.retention.risk.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retention.contract.CloudEvent;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * risk-service against a broker that, like the production cluster, lets clients in only over TLS with a SCRAM-SHA-512
 * user and allows that user only the ACLs of its {@code KafkaUser} in the prod overlay, configured by the same settings
 * the prod overlay gives the service: its consumers, its signal producer and its dead-letter producer all sign in and
 * find what they need allowed. The test itself publishes and reads on the broker's plain listener, as the systems
 * around the service (with users of their own) would.
 */
@QuarkusTest
@WithTestResource(
        value = ScramTlsKafkaTestResource.class,
        initArgs = @ResourceArg(name = "user", value = "risk-service"))
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ScramTlsBrokerTest extends BrokerBackedTest implements ScramTlsBrokerChecks {
    @Override
    public String user() {
        return "risk-service";
    }

    @Override
    public String inboundTopic() {
        return Topics.TICKETS;
    }

    @Override
    public String topicNotWritten() {
        return Topics.CUSTOMERS;
    }

    @Test
    void signedInOverTlsTheServiceReadsTicketsAndSignalsRisk() {
        String customer = "risk-scram-1";
        for (int i = 1; i <= 3; i++) {
            topics.publish(
                    Topics.TICKETS,
                    customer,
                    Fixtures.bytes(Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "scram-" + i)));
        }

        List<ConsumerRecord<String, byte[]>> signals =
                topics.readUntil(Topics.RISK_SIGNALS, r -> customer.equals(r.key()), Duration.ofSeconds(30));

        assertThat(signals).as("a risk signal over the SCRAM/TLS listener").isNotEmpty();
        CloudEvent signal = EventCodec.read(
                Topics.RISK_SIGNALS,
                customer,
                Map.of(),
                signals.get(signals.size() - 1).value());
        assertThat(signal.type()).isEqualTo(EventType.RISK_RAISED);
    }
}
