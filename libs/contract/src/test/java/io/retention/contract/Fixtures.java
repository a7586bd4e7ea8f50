package io.retention.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Sample inbound events of the contract, as outside systems publish them; shared with the services' consumer tests. */
public final class Fixtures {
    public static final String PURCHASE_COMPLETED = "purchase-completed.json";
    public static final String PURCHASE_REFUNDED = "purchase-refunded.json";
    public static final String SUBSCRIPTION_CANCELLED = "subscription-cancelled.json";
    public static final String TICKET_OPENED = "ticket-opened.json";
    public static final String TICKET_CLOSED = "ticket-closed.json";
    public static final String FEEDBACK_SUBMITTED = "feedback-submitted.json";
    public static final String USAGE_RECORDED = "usage-recorded.json";

    public static final String[] ALL = {
        PURCHASE_COMPLETED,
        PURCHASE_REFUNDED,
        SUBSCRIPTION_CANCELLED,
        TICKET_OPENED,
        TICKET_CLOSED,
        FEEDBACK_SUBMITTED,
        USAGE_RECORDED
    };

    private Fixtures() {}

    /** The fixture as published. */
    public static ObjectNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fixture for another customer, as a live event: a fresh event id and the time a minute ago (the fixtures' own
     * times are long past, and an event older than the grace period is history, which triggers nothing by itself; a
     * minute back, it is not ahead of a test clock set when the test began either).
     */
    public static ObjectNode forCustomer(String name, String customerId) {
        ObjectNode event = load(name);
        event.put("id", UUID.randomUUID().toString());
        event.put("subject", customerId);
        event.put(
                "time",
                Instant.now()
                        .minus(Duration.ofMinutes(1))
                        .truncatedTo(ChronoUnit.MILLIS)
                        .toString());
        return event;
    }

    /** The fixture for another customer as history: marked {@code backfill}, at the given time. */
    public static ObjectNode history(String name, String customerId, Instant time) {
        ObjectNode event = forCustomer(name, customerId);
        event.put("time", time.toString());
        event.put("backfill", true);
        return event;
    }

    /** The fixture for another customer with some of its data fields replaced. */
    public static ObjectNode forCustomer(String name, String customerId, String dataField, String value) {
        ObjectNode event = forCustomer(name, customerId);
        ((ObjectNode) event.get("data")).put(dataField, value);
        return event;
    }

    public static byte[] bytes(ObjectNode event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
