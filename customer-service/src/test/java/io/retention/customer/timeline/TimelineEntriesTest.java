package io.retention.customer.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.MessageSent;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.contract.events.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineEntriesTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static CloudEvent event(EventType type, Record data) {
        return CloudEvent.create("/test", type, "c-1", NOW, data);
    }

    @Test
    void eachInteractionSaysWhatHappenedInOneLine() {
        assertThat(TimelineEntries.of(event(
                        EventType.PURCHASE_COMPLETED,
                        new PurchaseCompleted("o-1", new BigDecimal("49.90"), "EUR", null, "WB-123"))))
                .isEqualTo(new TimelineEntries.Entry(
                        TimelineEntries.Kind.PURCHASE, null, "Bought order o-1 for 49.9 EUR with offer WB-123"));
        assertThat(TimelineEntries.of(event(
                                EventType.RISK_RAISED,
                                new RiskRaised(
                                        RiskLevel.HIGH,
                                        75,
                                        0.4,
                                        List.of(new RiskReason(
                                                RiskReason.ReasonCode.OPEN_TICKETS, "3 open tickets", 45)),
                                        RiskLevel.LOW)))
                        .summary())
                .isEqualTo("Risk HIGH (score 75): 3 open tickets");
        assertThat(TimelineEntries.of(event(
                                EventType.CUSTOMER_CHURNED,
                                new CustomerChurned(
                                        CustomerChurned.Basis.CANCELLED,
                                        ChurnReason.PRICE,
                                        null,
                                        new BigDecimal("120.00"),
                                        "EUR")))
                        .summary())
                .isEqualTo("Churned: cancelled, reason PRICE, lifetime value 120 EUR");
        TimelineEntries.Entry message =
                TimelineEntries.of(event(EventType.MESSAGE_SENT, new MessageSent("EMAIL", "welcome", "f-1")));
        assertThat(message.kind()).isEqualTo(TimelineEntries.Kind.MESSAGE);
        assertThat(message.channel()).isEqualTo("email");
    }

    @Test
    void usageIsNotAnEntryOfItsOwn() {
        assertThat(TimelineEntries.of(event(EventType.USAGE_RECORDED, new UsageRecorded("search", 3))))
                .isNull();
    }
}
