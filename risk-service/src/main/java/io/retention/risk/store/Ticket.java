package io.retention.risk.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A support ticket, kept by id so that out-of-order and repeated open/close events count right. */
@Entity
@Table(name = "ticket")
@IdClass(Ticket.Key.class)
public class Ticket {
    @Id
    @Column(name = "customer_id")
    public String customerId;
    @Id
    @Column(name = "ticket_id")
    public String ticketId;
    @Column(name = "category")
    public String category;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "satisfaction")
    public Integer satisfaction;

    protected Ticket() {
    }

    public Ticket(String customerId, String ticketId) {
        this.customerId = customerId;
        this.ticketId = ticketId;
    }

    /** Open: its open was seen and its close was not. */
    public boolean isOpen() {
        return openedAt != null && closedAt == null;
    }

    /** The composite key (a class with a no-argument constructor, as JPA wants). */
    public static class Key implements Serializable {
        public String customerId;
        public String ticketId;

        public Key() {
        }

        public Key(String customerId, String ticketId) {
            this.customerId = customerId;
            this.ticketId = ticketId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && customerId.equals(key.customerId) && ticketId.equals(key.ticketId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(customerId, ticketId);
        }
    }
}
