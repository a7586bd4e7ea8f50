package io.retention.risk.engine;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.FeedbackSubmitted;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.PurchaseRefunded;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.SubscriptionCancelled;
import io.retention.contract.events.TicketClosed;
import io.retention.contract.events.TicketOpened;
import io.retention.contract.events.UsageRecorded;
import io.retention.kit.store.Outbox;
import io.retention.risk.scoring.RiskAssessment;
import io.retention.risk.scoring.RiskRules;
import io.retention.risk.store.CustomerRisk;
import io.retention.risk.store.Ticket;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Applies inbound events to a customer's state, re-assesses the risk and writes a signal to the outbox when the level
 * changes. Runs inside the transaction that records the event as processed.
 */
@ApplicationScoped
public class RiskEngine {
    static final String SOURCE = "/risk-service";

    private final Outbox outbox;
    private final Clock clock;
    private final RiskRules rules;

    public RiskEngine(Outbox outbox, Clock clock, RiskRules rules) {
        this.outbox = outbox;
        this.clock = clock;
        this.rules = rules;
    }

    public Uni<Void> apply(Mutiny.Session session, CloudEvent event) {
        if (event.type() == EventType.CUSTOMER_ERASED) {
            return erase(session, event.subject());
        }
        if (event.type().topic().equals(Topics.CUSTOMERS)) {
            // registrations and profile updates carry nothing the risk score uses
            return Uni.createFrom().voidItem();
        }
        return session.find(CustomerRisk.class, event.subject())
                .chain(found -> found != null ? Uni.createFrom().item(found) : create(session, event.subject()))
                .chain(state -> update(session, state, event).chain(() -> reassess(session, state, event)));
    }

    private Uni<CustomerRisk> create(Mutiny.Session session, String customerId) {
        CustomerRisk state = new CustomerRisk(customerId, clock.instant());
        return session.persist(state).replaceWith(state);
    }

    private Uni<Void> update(Mutiny.Session session, CustomerRisk state, CloudEvent event) {
        Instant at = event.time();
        switch (event.type()) {
            case PURCHASE_COMPLETED -> {
                PurchaseCompleted purchase = event.dataAs(PurchaseCompleted.class);
                state.purchaseDays++;
                state.netRevenue = state.netRevenue.add(purchase.amount());
                state.currency = state.currency == null ? purchase.currency() : state.currency;
                state.firstPurchaseAt = earliest(state.firstPurchaseAt, at);
                state.lastPurchaseAt = latest(state.lastPurchaseAt, at);
                // a purchase after churn means the customer is back
                state.churned = false;
                state.churnReason = null;
            }
            case PURCHASE_REFUNDED -> state.netRevenue = state.netRevenue.subtract(event.dataAs(PurchaseRefunded.class).amount());
            case USAGE_RECORDED -> {
                state.usageCount += event.dataAs(UsageRecorded.class).countOrOne();
                state.lastUsageAt = latest(state.lastUsageAt, at);
            }
            case FEEDBACK_SUBMITTED -> {
                FeedbackSubmitted feedback = event.dataAs(FeedbackSubmitted.class);
                state.lastNps = feedback.nps() != null ? feedback.nps() : state.lastNps;
                state.lastCsat = feedback.csat() != null ? feedback.csat() : state.lastCsat;
            }
            case TICKET_OPENED, TICKET_CLOSED -> {
                return updateTicket(session, state, event);
            }
            default -> {
                // SUBSCRIPTION_CANCELLED is handled by reassess; nothing to count
            }
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> updateTicket(Mutiny.Session session, CustomerRisk state, CloudEvent event) {
        return session.createQuery("from Ticket where customerId = :customer", Ticket.class)
                .setParameter("customer", state.customerId)
                .getResultList()
                .chain(found -> {
                    List<Ticket> tickets = new ArrayList<>(found);
                    String ticketId = event.type() == EventType.TICKET_OPENED
                            ? event.dataAs(TicketOpened.class).ticketId()
                            : event.dataAs(TicketClosed.class).ticketId();
                    Ticket ticket = tickets.stream().filter(t -> t.ticketId.equals(ticketId)).findFirst().orElse(null);
                    Uni<Void> stored = Uni.createFrom().voidItem();
                    if (ticket == null) {
                        ticket = new Ticket(state.customerId, ticketId);
                        stored = session.persist(ticket);
                        tickets.add(ticket);
                    }
                    if (event.type() == EventType.TICKET_OPENED) {
                        ticket.openedAt = earliest(ticket.openedAt, event.time());
                        ticket.category = event.dataAs(TicketOpened.class).category().name();
                    } else {
                        TicketClosed closed = event.dataAs(TicketClosed.class);
                        ticket.closedAt = latest(ticket.closedAt, event.time());
                        ticket.satisfaction = closed.satisfaction() != null ? closed.satisfaction() : ticket.satisfaction;
                        state.lastCsat = closed.satisfaction() != null ? closed.satisfaction() : state.lastCsat;
                    }
                    state.openTickets = (int) tickets.stream().filter(Ticket::isOpen).count();
                    return stored;
                });
    }

    private Uni<Void> reassess(Mutiny.Session session, CustomerRisk state, CloudEvent event) {
        Instant now = clock.instant();
        state.updatedAt = now;
        if (event.type() == EventType.SUBSCRIPTION_CANCELLED) {
            if (state.churned) {
                return Uni.createFrom().voidItem();
            }
            SubscriptionCancelled cancelled = event.dataAs(SubscriptionCancelled.class);
            state.churned = true;
            state.churnReason = cancelled.reason();
            return outbox.add(session, CloudEvent.create(SOURCE, EventType.CUSTOMER_CHURNED, state.customerId, now,
                    new CustomerChurned(CustomerChurned.Basis.CANCELLED, cancelled.reason() == null ? ChurnReason.UNKNOWN : cancelled.reason(),
                            state.lastPurchaseAt, state.netRevenue.max(BigDecimal.ZERO), state.currency)));
        }
        RiskAssessment assessment = rules.assess(state.openTickets);
        RiskLevel previous = state.level;
        state.score = assessment.score();
        state.level = assessment.level();
        return RiskRules.signal(previous, assessment, null)
                .map(signal -> outbox.add(session, CloudEvent.create(SOURCE, signalType(signal), state.customerId, now, signal)))
                .orElse(Uni.createFrom().voidItem());
    }

    private Uni<Void> erase(Mutiny.Session session, String customerId) {
        return session.createMutationQuery("delete from Ticket where customerId = :customer")
                .setParameter("customer", customerId).executeUpdate()
                .chain(() -> session.createMutationQuery("delete from CustomerRisk where customerId = :customer")
                        .setParameter("customer", customerId).executeUpdate())
                .replaceWithVoid();
    }

    private static EventType signalType(Record signal) {
        return signal instanceof RiskRaised ? EventType.RISK_RAISED : EventType.RISK_CLEARED;
    }

    private static Instant earliest(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static Instant latest(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }
}
