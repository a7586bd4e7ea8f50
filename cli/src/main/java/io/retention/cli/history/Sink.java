package io.retention.cli.history;

import io.retention.contract.CloudEvent;

/** Where the events read from a file go, and the rows refused. */
interface Sink {
    /** A row (or line) read, whatever becomes of it. */
    void row();

    /** An event to publish, from a row of a file. */
    void accept(CloudEvent event);

    void reject(String file, long line, String reason);

    /** A row left out on purpose (after {@code --until}). */
    void skip();
}
