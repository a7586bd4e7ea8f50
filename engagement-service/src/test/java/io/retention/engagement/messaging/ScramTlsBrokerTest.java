package io.retention.engagement.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.engagement.testing.EngagementTestBase;
import io.retention.engagement.testing.WebhookReceiver;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.ScramTlsBrokerChecks;
import io.retention.local.testing.ScramTlsKafkaTestResource;
import io.retention.local.testing.SmtpTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * engagement-service against a broker that lets it in only over TLS as its SCRAM user, with the ACLs of its
 * {@code KafkaUser} in the prod overlay and nothing more: it reads the signals, announces the follow-ups it schedules
 * and dead-letters what it cannot read.
 */
@QuarkusTest
@WithTestResource(
        value = ScramTlsKafkaTestResource.class,
        initArgs = @ResourceArg(name = "user", value = "engagement-service"))
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpTestResource.class)
@WithTestResource(WebhookReceiver.class)
class ScramTlsBrokerTest extends EngagementTestBase implements ScramTlsBrokerChecks {
    @Override
    public String user() {
        return "engagement-service";
    }

    @Override
    public String inboundTopic() {
        return Topics.RISK_SIGNALS;
    }

    @Override
    public String topicNotWritten() {
        return Topics.CUSTOMERS;
    }

    @BeforeEach
    void morning() {
        setClock(MONDAY_MORNING);
    }

    @Test
    void aRaisedSignalSchedulesAFollowUpAndAnnouncesIt() {
        String customer = "eng-scram-1";
        publish(CloudEvent.create(
                "/risk-service",
                EventType.RISK_RAISED,
                customer,
                now(),
                new RiskRaised(
                        RiskLevel.MEDIUM,
                        60,
                        null,
                        List.of(new RiskReason(RiskReason.ReasonCode.OPEN_TICKETS, "3 open tickets", 45)),
                        RiskLevel.LOW)));

        assertThat(topics.readUntil(
                        Topics.ENGAGEMENTS,
                        r -> customer.equals(r.key())
                                && EventCodec.read(Topics.ENGAGEMENTS, r.key(), Map.of(), r.value())
                                                .type()
                                        == EventType.FOLLOWUP_SCHEDULED,
                        WAIT))
                .isNotEmpty();
    }
}
