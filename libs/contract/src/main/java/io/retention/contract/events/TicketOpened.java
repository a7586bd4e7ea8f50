package io.retention.contract.events;

/** A support ticket was opened. */
public record TicketOpened(String ticketId, Category category, Priority priority) {
    public enum Category {
        QUESTION,
        COMPLAINT,
        BUG,
        BILLING,
        OTHER
    }

    public enum Priority {
        LOW,
        NORMAL,
        HIGH,
        URGENT
    }
}
