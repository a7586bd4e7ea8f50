package io.retention.risk.features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.retention.contract.CloudEvent;
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
import java.time.ZoneOffset;
import java.util.TreeMap;

/**
 * What risk-service remembers of one customer's events, kept so that applying them in any order gives the same state:
 * purchases by day, tickets by id, the latest feedback by event time, daily usage. Stored as one JSON document per
 * customer; {@link Features} derives everything the score needs from it at a given time.
 */
public class CustomerState {
    /** Usage days kept: the 14 days the drop is measured on and the 8 weeks before them. */
    static final int USAGE_WINDOW_DAYS = 70;
    /** Closed tickets are forgotten this long after both their open and close. */
    static final Duration CLOSED_TICKET_RETENTION = Duration.ofDays(365);

    /** Net amount bought per purchase-day (UTC), before refunds. */
    public TreeMap<LocalDate, BigDecimal> purchaseDays = new TreeMap<>();

    public BigDecimal refunded = BigDecimal.ZERO;
    public String currency;
    /** Tickets by id. */
    public TreeMap<String, TicketState> tickets = new TreeMap<>();

    public Integer csat;
    public Instant csatAt;
    public Integer nps;
    public Instant npsAt;
    /** Usage counts per day (UTC) in the recent window. */
    public TreeMap<LocalDate, Long> usageDays = new TreeMap<>();

    public long usageTotal;
    public Instant lastUsageAt;
    public Instant cancelledAt;
    public ChurnReason cancelReason;

    /** A ticket, whichever of its open and close arrived first. */
    public static class TicketState {
        public TicketOpened.Category category;
        public Instant openedAt;
        public Instant closedAt;

        @JsonIgnore
        public boolean isOpen() {
            return openedAt != null && closedAt == null;
        }
    }

    /**
     * The state as it stood at the end of {@code day} (UTC), from what is kept: purchases, tickets, usage days and
     * cancellation by their times. Feedback kept is the latest only, so an earlier one is not known (none); refunds are
     * kept as a total without dates, so none count; usage older than the kept window is gone.
     */
    public CustomerState asOf(LocalDate day) {
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        CustomerState past = new CustomerState();
        past.purchaseDays = new TreeMap<>(purchaseDays.headMap(day, true));
        past.currency = currency;
        tickets.forEach((id, ticket) -> {
            if (ticket.openedAt != null && ticket.openedAt.isBefore(end)) {
                TicketState then = new TicketState();
                then.category = ticket.category;
                then.openedAt = ticket.openedAt;
                then.closedAt = ticket.closedAt != null && ticket.closedAt.isBefore(end) ? ticket.closedAt : null;
                past.tickets.put(id, then);
            }
        });
        if (csatAt != null && csatAt.isBefore(end)) {
            past.csat = csat;
            past.csatAt = csatAt;
        }
        if (npsAt != null && npsAt.isBefore(end)) {
            past.nps = nps;
            past.npsAt = npsAt;
        }
        past.usageDays = new TreeMap<>(usageDays.headMap(day, true));
        past.usageTotal =
                past.usageDays.values().stream().mapToLong(Long::longValue).sum();
        past.lastUsageAt = past.usageDays.isEmpty()
                ? null
                : past.usageDays.lastKey().atStartOfDay(ZoneOffset.UTC).toInstant();
        if (cancelledAt != null && cancelledAt.isBefore(end)) {
            past.cancelledAt = cancelledAt;
            past.cancelReason = cancelReason;
        }
        return past;
    }

    /** Applies one inbound event; {@code now} only bounds what is kept. */
    public void apply(CloudEvent event, Instant now) {
        Instant at = event.time();
        switch (event.type()) {
            case PURCHASE_COMPLETED -> {
                PurchaseCompleted purchase = event.dataAs(PurchaseCompleted.class);
                purchaseDays.merge(day(at), purchase.amount(), BigDecimal::add);
                currency = currency == null ? purchase.currency() : currency;
            }
            case PURCHASE_REFUNDED ->
                refunded = refunded.add(event.dataAs(PurchaseRefunded.class).amount());
            case SUBSCRIPTION_CANCELLED -> {
                if (cancelledAt == null || at.isAfter(cancelledAt)) {
                    cancelledAt = at;
                    ChurnReason reason =
                            event.dataAs(SubscriptionCancelled.class).reason();
                    cancelReason = reason == null ? ChurnReason.UNKNOWN : reason;
                }
            }
            case TICKET_OPENED -> {
                TicketOpened opened = event.dataAs(TicketOpened.class);
                TicketState ticket = tickets.computeIfAbsent(opened.ticketId(), id -> new TicketState());
                ticket.category = opened.category();
                ticket.openedAt = earliest(ticket.openedAt, at);
            }
            case TICKET_CLOSED -> {
                TicketClosed closed = event.dataAs(TicketClosed.class);
                TicketState ticket = tickets.computeIfAbsent(closed.ticketId(), id -> new TicketState());
                ticket.closedAt = latest(ticket.closedAt, at);
                if (closed.satisfaction() != null) {
                    recordCsat(closed.satisfaction(), at);
                }
            }
            case FEEDBACK_SUBMITTED -> {
                FeedbackSubmitted feedback = event.dataAs(FeedbackSubmitted.class);
                if (feedback.csat() != null) {
                    recordCsat(feedback.csat(), at);
                }
                if (feedback.nps() != null && (npsAt == null || !at.isBefore(npsAt))) {
                    nps = feedback.nps();
                    npsAt = at;
                }
            }
            case USAGE_RECORDED -> {
                long count = event.dataAs(UsageRecorded.class).countOrOne();
                usageTotal += count;
                lastUsageAt = latest(lastUsageAt, at);
                usageDays.merge(day(at), count, Long::sum);
            }
            default ->
                throw new IllegalArgumentException(
                        "risk-service does not keep " + event.type().typeName());
        }
        forgetOld(now);
    }

    private void recordCsat(int score, Instant at) {
        if (csatAt == null || !at.isBefore(csatAt)) {
            csat = score;
            csatAt = at;
        }
    }

    private void forgetOld(Instant now) {
        LocalDate latestUsage = lastUsageAt == null ? null : day(lastUsageAt.isAfter(now) ? lastUsageAt : now);
        if (latestUsage != null) {
            usageDays.headMap(latestUsage.minusDays(USAGE_WINDOW_DAYS), false).clear();
        }
        Instant forgetBefore = now.minus(CLOSED_TICKET_RETENTION);
        tickets.values()
                .removeIf(t -> t.closedAt != null
                        && t.closedAt.isBefore(forgetBefore)
                        && (t.openedAt == null || t.openedAt.isBefore(forgetBefore)));
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static Instant earliest(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static Instant latest(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }
}
