package io.retention.winback.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.kit.testing.RealTimeAfterEach;
import io.retention.kit.testing.TestClock;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.ScramTlsBrokerChecks;
import io.retention.local.testing.ScramTlsKafkaTestResource;
import io.retention.winback.experiment.Holdout;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * winback-service against a broker that lets it in only over TLS as its SCRAM user, with the ACLs of its
 * {@code KafkaUser} in the prod overlay and nothing more: it reads churn signals, announces the offers it issues and
 * dead-letters what it cannot read.
 */
@QuarkusTest
@WithTestResource(
        value = ScramTlsKafkaTestResource.class,
        initArgs = @ResourceArg(name = "user", value = "winback-service"))
@ExtendWith(RealTimeAfterEach.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ScramTlsBrokerTest extends BrokerBackedTest implements ScramTlsBrokerChecks {
    @Override
    public String user() {
        return "winback-service";
    }

    @Override
    public String inboundTopic() {
        return Topics.RISK_SIGNALS;
    }

    @Override
    public String topicNotWritten() {
        return Topics.CUSTOMERS;
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeEach
    void aDayOfItsOwn() {
        // far from the days other tests of the service spend their daily budget on
        TestClock.CLOCK.set(Instant.now()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(3_000))
                .plus(Duration.ofHours(10)));
    }

    @Test
    void aChurnedCustomerIsOfferedAndTheOfferAnnounced() {
        Holdout holdout = new Holdout(0.10, "retention-holdout-1");
        String customer = IntStream.range(0, 100)
                .mapToObj(i -> "wb-scram-" + i)
                .filter(id -> !holdout.isHeldOut(id))
                .findFirst()
                .orElseThrow();
        Instant now = TestClock.CLOCK.instant();
        CloudEvent churned = CloudEvent.create(
                "/risk-service",
                EventType.CUSTOMER_CHURNED,
                customer,
                now,
                new CustomerChurned(
                        CustomerChurned.Basis.CANCELLED,
                        ChurnReason.PRICE,
                        now.minus(Duration.ofDays(40)),
                        new BigDecimal("100.00"),
                        "EUR"));
        topics.publish(Topics.RISK_SIGNALS, customer, EventCodec.write(churned));

        assertThat(topics.readUntil(
                        Topics.WINBACK,
                        r -> customer.equals(r.key())
                                && EventCodec.read(Topics.WINBACK, r.key(), Map.of(), r.value())
                                                .type()
                                        == EventType.OFFER_ISSUED,
                        WAIT))
                .isNotEmpty();
    }
}
