package io.retention.cli.history;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.TicketClosed;
import io.retention.contract.events.TicketOpened;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Tickets: one row per ticket with when it was opened and, if it was, closed; category (default OTHER), priority
 * (default NORMAL) and the customer's CSAT (1..5) at closing. A row gives {@code ticket.opened} and, when closed,
 * {@code ticket.closed}.
 */
final class TicketRows {
    private final Columns columns;
    private final TimeReader times;
    private final HistoryEvents events;
    private final Instant until;

    TicketRows(Columns columns, TimeReader times, HistoryEvents events, Instant until) {
        this.columns = columns;
        this.times = times;
        this.events = events;
        this.until = until;
    }

    void read(NamedInput input, Sink sink) throws IOException {
        CsvRows.readFields(input, columns, List.of("customer", "ticket", "opened"), at -> {}, sink, (line, fields) -> {
            Instant opened = times.read(fields.required("opened"));
            if (until != null && opened.isAfter(until)) {
                sink.skip();
                return;
            }
            String customerId = fields.required("customer");
            String ticketId = fields.required("ticket");
            TicketOpened.Category category = value(
                    TicketOpened.Category.class, "category", fields.optional("category"), TicketOpened.Category.OTHER);
            TicketOpened.Priority priority = value(
                    TicketOpened.Priority.class, "priority", fields.optional("priority"), TicketOpened.Priority.NORMAL);
            List<CloudEvent> ticket = new ArrayList<>(2);
            ticket.add(events.event(
                    "tickets/" + ticketId + "/opened",
                    EventType.TICKET_OPENED,
                    customerId,
                    opened,
                    new TicketOpened(ticketId, category, priority)));
            String closedText = fields.optional("closed");
            if (!closedText.isEmpty()) {
                Instant closed = times.read(closedText);
                if (until == null || !closed.isAfter(until)) {
                    ticket.add(events.event(
                            "tickets/" + ticketId + "/closed",
                            EventType.TICKET_CLOSED,
                            customerId,
                            closed,
                            new TicketClosed(
                                    ticketId, fields.optional("csat").isEmpty() ? null : fields.integer("csat"))));
                }
            }
            ticket.forEach(sink::accept);
        });
    }

    private static <E extends Enum<E>> E value(Class<E> type, String field, String text, E fallback) {
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + " '" + text + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
