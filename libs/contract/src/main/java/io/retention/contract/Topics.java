package io.retention.contract;

import java.util.List;

/** The Kafka topics of the public contract. A SmallRye channel carries the same name as its topic. */
public final class Topics {
    public static final String PURCHASES = "retention.purchases";
    public static final String TICKETS = "retention.tickets";
    public static final String USAGE = "retention.usage";
    public static final String CUSTOMERS = "retention.customers";
    public static final String RISK_SIGNALS = "retention.risk-signals";
    public static final String ENGAGEMENTS = "retention.engagements";
    public static final String WINBACK = "retention.winback";

    /** Topics that systems outside the platform publish to. */
    public static final List<String> INBOUND = List.of(PURCHASES, TICKETS, USAGE);
    /** Every topic of the contract. */
    public static final List<String> ALL =
            List.of(PURCHASES, TICKETS, USAGE, CUSTOMERS, RISK_SIGNALS, ENGAGEMENTS, WINBACK);

    private Topics() {}

    /** The dead-letter topic of a topic: unreadable records go there with the reason in a header. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
