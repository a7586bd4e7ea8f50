package io.retention.risk.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.FeedbackSubmitted;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.PurchaseRefunded;
import io.retention.contract.events.SubscriptionCancelled;
import io.retention.contract.events.TicketClosed;
import io.retention.contract.events.TicketOpened;
import io.retention.contract.events.UsageRecorded;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CustomerStateTest {
    static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");

    static CloudEvent event(EventType type, Duration ago, Record data) {
        return CloudEvent.create("/test", type, "c-1", NOW.minus(ago), data);
    }

    static List<CloudEvent> history() {
        List<CloudEvent> events = new ArrayList<>();
        events.add(event(
                EventType.PURCHASE_COMPLETED,
                Duration.ofDays(100),
                new PurchaseCompleted("o1", new BigDecimal("40.00"), "EUR", null, null)));
        events.add(event(
                EventType.PURCHASE_COMPLETED,
                Duration.ofDays(60),
                new PurchaseCompleted("o2", new BigDecimal("20.00"), "EUR", null, null)));
        events.add(event(
                EventType.PURCHASE_COMPLETED,
                Duration.ofDays(60).plusHours(2),
                new PurchaseCompleted("o3", new BigDecimal("10.00"), "EUR", null, null)));
        events.add(event(
                EventType.PURCHASE_COMPLETED,
                Duration.ofDays(20),
                new PurchaseCompleted("o4", new BigDecimal("30.00"), "EUR", null, null)));
        events.add(event(
                EventType.PURCHASE_REFUNDED,
                Duration.ofDays(19),
                new PurchaseRefunded("o4", new BigDecimal("5.00"), "EUR")));
        events.add(event(
                EventType.TICKET_OPENED,
                Duration.ofDays(50),
                new TicketOpened("t1", TicketOpened.Category.COMPLAINT, TicketOpened.Priority.HIGH)));
        events.add(event(EventType.TICKET_CLOSED, Duration.ofDays(45), new TicketClosed("t1", 2)));
        events.add(event(
                EventType.TICKET_OPENED,
                Duration.ofDays(120),
                new TicketOpened("t0", TicketOpened.Category.COMPLAINT, TicketOpened.Priority.LOW)));
        events.add(event(
                EventType.TICKET_OPENED,
                Duration.ofDays(3),
                new TicketOpened("t2", TicketOpened.Category.BUG, TicketOpened.Priority.NORMAL)));
        events.add(event(EventType.FEEDBACK_SUBMITTED, Duration.ofDays(10), new FeedbackSubmitted(9, 4, null)));
        events.add(event(EventType.FEEDBACK_SUBMITTED, Duration.ofDays(30), new FeedbackSubmitted(3, 1, null)));
        for (int day = 69; day >= 15; day--) {
            events.add(event(EventType.USAGE_RECORDED, Duration.ofDays(day), new UsageRecorded("search", 2)));
        }
        events.add(event(EventType.USAGE_RECORDED, Duration.ofDays(2), new UsageRecorded(null, null)));
        return events;
    }

    static Features featuresOf(List<CloudEvent> events) {
        CustomerState state = new CustomerState();
        events.forEach(event -> state.apply(event, NOW));
        return Features.of(state, NOW);
    }

    @Test
    void featuresSayWhatTheEventsShow() {
        Features features = featuresOf(history());

        assertThat(features.purchaseDays()).isEqualTo(3);
        assertThat(features.firstPurchaseDay()).isEqualTo(LocalDate.parse("2026-03-22"));
        assertThat(features.daysSinceLastPurchase()).isEqualTo(20);
        assertThat(features.meanDaysBetweenPurchases()).isEqualTo(40.0);
        assertThat(features.netRevenue()).isEqualByComparingTo("95.00");
        assertThat(features.meanRepeatPurchaseValue()).isEqualByComparingTo("30.00"); // (20 + 10 on one day, 30) / 2
        assertThat(features.openTickets()).isEqualTo(2); // t0 never closed, t2 open
        assertThat(features.complaintsLast90Days()).isEqualTo(1); // t1; t0 is 120 days old
        assertThat(features.lastCsat()).isEqualTo(4);
        assertThat(features.lastNps()).isEqualTo(9);
        assertThat(features.usageLast14Days()).isEqualTo(1);
        assertThat(features.usagePer14DaysBefore()).isEqualTo(2 * 55 / 4.0);
        assertThat(features.daysSinceLastUsage()).isEqualTo(2);
        assertThat(features.purchaseHistory().x()).isEqualTo(2);
        assertThat(features.purchaseHistory().tx()).isEqualTo(80 / 7.0);
        assertThat(features.purchaseHistory().T()).isEqualTo(100 / 7.0);
        assertThat(features.cancelled()).isFalse();
    }

    @Test
    void anyOrderOfTheSameEventsGivesTheSameFeatures() {
        Features inOrder = featuresOf(history());
        Random random = new Random(7);
        for (int shuffle = 0; shuffle < 20; shuffle++) {
            List<CloudEvent> events = history();
            Collections.shuffle(events, random);
            assertThat(featuresOf(events)).isEqualTo(inOrder);
        }
    }

    @Test
    void aCancellationCountsUntilTheCustomerBuysAgain() {
        List<CloudEvent> events = history();
        events.add(event(
                EventType.SUBSCRIPTION_CANCELLED,
                Duration.ofDays(5),
                new SubscriptionCancelled(ChurnReason.PRICE, null)));
        assertThat(featuresOf(events).cancelReason()).isEqualTo(ChurnReason.PRICE);

        events.add(event(
                EventType.PURCHASE_COMPLETED,
                Duration.ofDays(1),
                new PurchaseCompleted("o5", BigDecimal.TEN, "EUR", null, null)));
        assertThat(featuresOf(events).cancelled()).isFalse();
    }

    @Test
    void usageOutsideTheWindowIsForgottenButStillCounted() {
        CustomerState state = new CustomerState();
        state.apply(event(EventType.USAGE_RECORDED, Duration.ofDays(200), new UsageRecorded(null, 5)), NOW);
        state.apply(event(EventType.USAGE_RECORDED, Duration.ofDays(1), new UsageRecorded(null, 1)), NOW);

        assertThat(state.usageDays).hasSize(1);
        assertThat(Features.of(state, NOW).usageTotal()).isEqualTo(6);
    }

    @Test
    void theStateAsOfAnEarlierDayHoldsOnlyWhatHadHappenedByItsEnd() {
        CustomerState state = new CustomerState();
        java.time.LocalDate day = java.time.LocalDate.parse("2026-03-05");
        state.purchaseDays.put(day.minusDays(10), java.math.BigDecimal.ONE);
        state.purchaseDays.put(day, java.math.BigDecimal.TEN);
        state.purchaseDays.put(day.plusDays(1), java.math.BigDecimal.valueOf(2));
        CustomerState.TicketState ticket = new CustomerState.TicketState();
        ticket.openedAt = day.atTime(9, 0).toInstant(java.time.ZoneOffset.UTC);
        ticket.closedAt = day.plusDays(2).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC);
        state.tickets.put("t-1", ticket);
        CustomerState.TicketState later = new CustomerState.TicketState();
        later.openedAt = day.plusDays(3).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC);
        state.tickets.put("t-2", later);
        state.csat = 1;
        state.csatAt = day.plusDays(2).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC);
        state.cancelledAt = day.plusDays(4).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);

        CustomerState past = state.asOf(day);

        assertThat(past.purchaseDays).containsOnlyKeys(day.minusDays(10), day);
        assertThat(past.tickets).containsOnlyKeys("t-1");
        assertThat(past.tickets.get("t-1").isOpen()).as("closed only later").isTrue();
        assertThat(past.csat).as("given later").isNull();
        assertThat(past.cancelledAt).isNull();
        assertThat(state.purchaseDays).as("the state itself unchanged").hasSize(3);
    }
}
