package io.retention.contract;

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
import io.retention.contract.events.OfferRedeemed;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.PurchaseRefunded;
import io.retention.contract.events.RiskCleared;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.SubscriptionCancelled;
import io.retention.contract.events.TicketClosed;
import io.retention.contract.events.TicketOpened;
import io.retention.contract.events.UsageRecorded;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the contract, the topic it travels on and the record its {@code data} maps to. */
public enum EventType {
    PURCHASE_COMPLETED("retention.purchase.completed", Topics.PURCHASES, PurchaseCompleted.class),
    PURCHASE_REFUNDED("retention.purchase.refunded", Topics.PURCHASES, PurchaseRefunded.class),
    SUBSCRIPTION_CANCELLED("retention.subscription.cancelled", Topics.PURCHASES, SubscriptionCancelled.class),
    TICKET_OPENED("retention.ticket.opened", Topics.TICKETS, TicketOpened.class),
    TICKET_CLOSED("retention.ticket.closed", Topics.TICKETS, TicketClosed.class),
    FEEDBACK_SUBMITTED("retention.feedback.submitted", Topics.TICKETS, FeedbackSubmitted.class),
    USAGE_RECORDED("retention.usage.recorded", Topics.USAGE, UsageRecorded.class),
    CUSTOMER_REGISTERED("retention.customer.registered", Topics.CUSTOMERS, CustomerProfile.class),
    CUSTOMER_UPDATED("retention.customer.updated", Topics.CUSTOMERS, CustomerProfile.class),
    CUSTOMER_ERASED("retention.customer.erased", Topics.CUSTOMERS, CustomerErased.class),
    RISK_RAISED("retention.risk.raised", Topics.RISK_SIGNALS, RiskRaised.class),
    RISK_CLEARED("retention.risk.cleared", Topics.RISK_SIGNALS, RiskCleared.class),
    CUSTOMER_CHURNED("retention.customer.churned", Topics.RISK_SIGNALS, CustomerChurned.class),
    FOLLOWUP_SCHEDULED("retention.followup.scheduled", Topics.ENGAGEMENTS, FollowUpScheduled.class),
    FOLLOWUP_COMPLETED("retention.followup.completed", Topics.ENGAGEMENTS, FollowUpCompleted.class),
    MESSAGE_SENT("retention.message.sent", Topics.ENGAGEMENTS, MessageSent.class),
    OFFER_ISSUED("retention.offer.issued", Topics.WINBACK, OfferIssued.class),
    OFFER_REDEEMED("retention.offer.redeemed", Topics.WINBACK, OfferRedeemed.class),
    OFFER_EXPIRED("retention.offer.expired", Topics.WINBACK, OfferExpired.class),
    CUSTOMER_WON_BACK("retention.customer.won-back", Topics.WINBACK, CustomerWonBack.class);

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

    private final String typeName;
    private final String topic;
    private final Class<? extends Record> dataClass;

    EventType(String typeName, String topic, Class<? extends Record> dataClass) {
        this.typeName = typeName;
        this.topic = topic;
        this.dataClass = dataClass;
    }

    /** The CloudEvents {@code type} attribute, for example {@code retention.ticket.opened}. */
    public String typeName() {
        return typeName;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends Record> dataClass() {
        return dataClass;
    }

    /** Classpath location of the JSON Schema of this type's {@code data}. */
    public String schemaResource() {
        return "/retention/contract/data/" + typeName + ".schema.json";
    }

    public static Optional<EventType> byName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }
}
