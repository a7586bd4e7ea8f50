package io.retention.customer.timeline;

import io.retention.contract.CloudEvent;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.CustomerWonBack;
import io.retention.contract.events.FeedbackSubmitted;
import io.retention.contract.events.FollowUpCompleted;
import io.retention.contract.events.FollowUpScheduled;
import io.retention.contract.events.MessageSent;
import io.retention.contract.events.OfferExpired;
import io.retention.contract.events.OfferIssued;
import io.retention.contract.events.OfferRedeemed;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.PurchaseRefunded;
import io.retention.contract.events.RiskCleared;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.contract.events.SubscriptionCancelled;
import io.retention.contract.events.TicketClosed;
import io.retention.contract.events.TicketOpened;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an event looks like on a customer's timeline: its kind, the channel it went through, and one line saying it. */
public final class TimelineEntries {

    private TimelineEntries() {}

    /** Kinds of timeline entries, for filtering. */
    public enum Kind {
        PURCHASE,
        SUBSCRIPTION,
        TICKET,
        FEEDBACK,
        USAGE,
        SIGNAL,
        FOLLOW_UP,
        MESSAGE,
        OFFER,
        PROFILE,
        CONSENT
    }

    /** One entry; {@code channel} is null where the event names none. */
    public record Entry(Kind kind, String channel, String summary) {}

    /** The entry of an event, or null for events that are not interactions (usage is summarised per day instead). */
    public static Entry of(CloudEvent event) {
        return switch (event.type()) {
            case PURCHASE_COMPLETED -> {
                PurchaseCompleted p = event.dataAs(PurchaseCompleted.class);
                yield new Entry(
                        Kind.PURCHASE,
                        null,
                        "Bought order " + p.orderId() + " for " + money(p.amount(), p.currency())
                                + (p.offerCode() == null ? "" : " with offer " + p.offerCode()));
            }
            case PURCHASE_REFUNDED -> {
                PurchaseRefunded r = event.dataAs(PurchaseRefunded.class);
                yield new Entry(
                        Kind.PURCHASE,
                        null,
                        "Refunded " + money(r.amount(), r.currency()) + " on order " + r.orderId());
            }
            case SUBSCRIPTION_CANCELLED -> {
                SubscriptionCancelled c = event.dataAs(SubscriptionCancelled.class);
                yield new Entry(
                        Kind.SUBSCRIPTION,
                        null,
                        "Cancelled the subscription" + (c.reason() == null ? "" : " (reason " + c.reason() + ")")
                                + quoted(c.comment()));
            }
            case TICKET_OPENED -> {
                TicketOpened t = event.dataAs(TicketOpened.class);
                yield new Entry(
                        Kind.TICKET,
                        null,
                        "Opened ticket " + t.ticketId() + " (" + t.category() + ", "
                                + (t.priority() == null ? "NORMAL" : t.priority()) + " priority)");
            }
            case TICKET_CLOSED -> {
                TicketClosed t = event.dataAs(TicketClosed.class);
                yield new Entry(
                        Kind.TICKET,
                        null,
                        "Ticket " + t.ticketId() + " closed"
                                + (t.satisfaction() == null ? "" : ", satisfaction " + t.satisfaction() + "/5"));
            }
            case FEEDBACK_SUBMITTED -> {
                FeedbackSubmitted f = event.dataAs(FeedbackSubmitted.class);
                yield new Entry(
                        Kind.FEEDBACK,
                        null,
                        "Feedback" + (f.csat() == null ? "" : ": CSAT " + f.csat() + "/5")
                                + (f.nps() == null ? "" : (f.csat() == null ? ":" : ",") + " NPS " + f.nps() + "/10")
                                + quoted(f.comment()));
            }
            case RISK_RAISED -> {
                RiskRaised r = event.dataAs(RiskRaised.class);
                yield new Entry(
                        Kind.SIGNAL,
                        null,
                        "Risk " + r.level() + " (score " + r.score() + "): "
                                + r.reasons().stream().map(RiskReason::detail).collect(Collectors.joining("; ")));
            }
            case RISK_CLEARED ->
                new Entry(
                        Kind.SIGNAL,
                        null,
                        "Risk cleared (score " + event.dataAs(RiskCleared.class).score() + ")");
            case CUSTOMER_CHURNED -> {
                CustomerChurned c = event.dataAs(CustomerChurned.class);
                yield new Entry(
                        Kind.SIGNAL,
                        null,
                        "Churned: " + (c.basis() == CustomerChurned.Basis.CANCELLED ? "cancelled" : "lapsed")
                                + (c.churnReason() == null ? "" : ", reason " + c.churnReason())
                                + (c.lifetimeValue() == null
                                        ? ""
                                        : ", lifetime value " + money(c.lifetimeValue(), c.currency())));
            }
            case FOLLOWUP_SCHEDULED -> {
                FollowUpScheduled f = event.dataAs(FollowUpScheduled.class);
                yield new Entry(
                        Kind.FOLLOW_UP,
                        lower(f.channel()),
                        "Follow-up scheduled: " + f.step() + " (" + f.playbook() + ") for " + f.owner()
                                + (f.dueAt() == null ? "" : ", due " + f.dueAt()));
            }
            case FOLLOWUP_COMPLETED -> {
                FollowUpCompleted f = event.dataAs(FollowUpCompleted.class);
                yield new Entry(
                        Kind.FOLLOW_UP,
                        null,
                        "Follow-up done: " + (f.step() == null ? f.followUpId() : f.step()) + ", outcome "
                                + f.outcome());
            }
            case MESSAGE_SENT -> {
                MessageSent m = event.dataAs(MessageSent.class);
                yield new Entry(
                        Kind.MESSAGE, lower(m.channel()), "Sent '" + m.template() + "' by " + lower(m.channel()));
            }
            case OFFER_ISSUED -> {
                OfferIssued o = event.dataAs(OfferIssued.class);
                yield new Entry(
                        Kind.OFFER,
                        null,
                        "Offer " + o.offerCode() + " issued: " + o.kind()
                                + (o.discountPercent() == null ? "" : " " + o.discountPercent() + "% off")
                                + (o.validUntil() == null ? "" : ", valid until " + o.validUntil()));
            }
            case OFFER_REDEEMED -> {
                OfferRedeemed o = event.dataAs(OfferRedeemed.class);
                yield new Entry(
                        Kind.OFFER,
                        null,
                        "Offer " + o.offerCode() + " redeemed"
                                + (o.orderId() == null ? "" : " on order " + o.orderId()));
            }
            case OFFER_EXPIRED ->
                new Entry(
                        Kind.OFFER,
                        null,
                        "Offer " + event.dataAs(OfferExpired.class).offerCode() + " expired unused");
            case CUSTOMER_WON_BACK -> {
                CustomerWonBack w = event.dataAs(CustomerWonBack.class);
                yield new Entry(
                        Kind.SIGNAL,
                        null,
                        "Won back" + (w.offerCode() == null ? "" : " with offer " + w.offerCode())
                                + (w.orderId() == null ? "" : " (order " + w.orderId() + ")"));
            }
            default -> null;
        };
    }

    private static String money(BigDecimal amount, String currency) {
        return amount.stripTrailingZeros().toPlainString() + (currency == null ? "" : " " + currency);
    }

    private static String quoted(String comment) {
        return comment == null || comment.isBlank() ? "" : ": \"" + comment.strip() + "\"";
    }

    private static String lower(String channel) {
        return channel == null ? null : channel.toLowerCase(Locale.ROOT);
    }
}
