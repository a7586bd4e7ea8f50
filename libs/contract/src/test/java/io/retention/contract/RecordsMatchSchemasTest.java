package io.retention.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.CustomerErased;
import io.retention.contract.events.CustomerProfile;
import io.retention.contract.events.CustomerWonBack;
import io.retention.contract.events.FeedbackSubmitted;
import io.retention.contract.events.FollowUpCompleted;
import io.retention.contract.events.FollowUpScheduled;
import io.retention.contract.events.MessageSent;
import io.retention.contract.events.OfferExpired;
import io.retention.contract.events.OfferIssued;
import io.retention.contract.events.OfferKind;
import io.retention.contract.events.OfferRedeemed;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.PurchaseRefunded;
import io.retention.contract.events.RiskCleared;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.contract.events.SubscriptionCancelled;
import io.retention.contract.events.TicketClosed;
import io.retention.contract.events.TicketOpened;
import io.retention.contract.events.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every payload record, serialised as producers serialise it, satisfies the JSON Schema of its event type. */
class RecordsMatchSchemasTest {
    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");

    static Map<EventType, Record> samples() {
        Map<EventType, Record> samples = new EnumMap<>(EventType.class);
        samples.put(
                EventType.PURCHASE_COMPLETED,
                new PurchaseCompleted(
                        "o",
                        new BigDecimal("10.00"),
                        "EUR",
                        List.of(new PurchaseCompleted.Item("s", 1, new BigDecimal("10.00"))),
                        null));
        samples.put(EventType.PURCHASE_REFUNDED, new PurchaseRefunded("o", BigDecimal.ONE, "EUR"));
        samples.put(EventType.SUBSCRIPTION_CANCELLED, new SubscriptionCancelled(ChurnReason.SERVICE, null));
        samples.put(
                EventType.TICKET_OPENED,
                new TicketOpened("t", TicketOpened.Category.BILLING, TicketOpened.Priority.NORMAL));
        samples.put(EventType.TICKET_CLOSED, new TicketClosed("t", null));
        samples.put(EventType.FEEDBACK_SUBMITTED, new FeedbackSubmitted(null, 4, null));
        samples.put(EventType.USAGE_RECORDED, new UsageRecorded(null, null));
        CustomerProfile profile = new CustomerProfile(
                "c-1",
                "Ada",
                "ada@example.com",
                null,
                "A",
                "NEW",
                "am-1",
                "Europe/Berlin",
                List.of(new CustomerProfile.Consent("EMAIL", "marketing", true)),
                "c-0");
        samples.put(EventType.CUSTOMER_REGISTERED, profile);
        samples.put(EventType.CUSTOMER_UPDATED, profile);
        samples.put(EventType.CUSTOMER_ERASED, new CustomerErased("c-1"));
        samples.put(
                EventType.RISK_RAISED,
                new RiskRaised(
                        RiskLevel.MEDIUM,
                        55,
                        null,
                        List.of(new RiskReason(RiskReason.ReasonCode.OPEN_TICKETS, "3 open tickets", 30)),
                        RiskLevel.LOW));
        samples.put(EventType.RISK_CLEARED, new RiskCleared(10, RiskLevel.MEDIUM));
        samples.put(
                EventType.CUSTOMER_CHURNED,
                new CustomerChurned(
                        CustomerChurned.Basis.CANCELLED, ChurnReason.PRICE, T, new BigDecimal("120.50"), "EUR"));
        samples.put(
                EventType.FOLLOWUP_SCHEDULED,
                new FollowUpScheduled("f-1", "at-risk", "support-escalation", "TASK", "support", T, "OPEN_TICKETS"));
        samples.put(
                EventType.FOLLOWUP_COMPLETED,
                new FollowUpCompleted("f-1", "called, resolved", "at-risk", "support-escalation"));
        samples.put(EventType.MESSAGE_SENT, new MessageSent("EMAIL", "welcome", "f-2"));
        samples.put(
                EventType.OFFER_ISSUED,
                new OfferIssued("ABCDEFGH2345", OfferKind.DISCOUNT, 20, T, "discount-20", "PRICE"));
        samples.put(EventType.OFFER_REDEEMED, new OfferRedeemed("ABCDEFGH2345", OfferKind.DISCOUNT, null));
        samples.put(EventType.OFFER_EXPIRED, new OfferExpired("ABCDEFGH2345"));
        samples.put(EventType.CUSTOMER_WON_BACK, new CustomerWonBack("ABCDEFGH2345", "o-2"));
        return samples;
    }

    @Test
    void everyEventTypeHasASampleAndItValidates() {
        Map<EventType, Record> samples = samples();
        assertThat(samples.keySet()).containsExactlyInAnyOrder(EventType.values());
        samples.forEach((type, data) -> {
            CloudEvent event = CloudEvent.create("/test", type, "c-1", T, data);
            assertThat(EventSchemas.get().validateEnvelope(EventCodec.toJson(event)))
                    .as(type + " envelope")
                    .isEmpty();
            assertThat(EventSchemas.get().validateData(type, event.data()))
                    .as(type + " data")
                    .isEmpty();
        });
    }
}
