package io.retention.cli.publish;

import io.retention.contract.CloudEvent;

/** Where imported events go: the contract's topics, or {@code POST /events}. */
public interface Publisher extends AutoCloseable {

    /** What became of an event once the destination answered. */
    interface Outcome {
        void published(CloudEvent event);

        void failed(CloudEvent event, String reason);
    }

    /** Sends the event; the outcome is told when the destination has answered (possibly later, on another thread). */
    void send(CloudEvent event, Outcome outcome);

    /** Waits until every event sent has its outcome. */
    void flush();

    @Override
    void close();
}
