package io.retention.engagement.playbook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * One step of a playbook: what to do, through which channel, by whom, and when it falls due.
 *
 * @param owner    whose work queue the step goes to ({@code account-manager} stands for the customer's own); none for a
 *                 message the platform sends to the customer itself
 * @param offset   how long after the anchor the step falls due (negative before it, as a reminder before expiry)
 * @param every    for a recurring step, how long after one occurrence the next falls due; none for a single step
 * @param anchor   what the offset counts from
 * @param template the message template of a step the platform sends
 * @param purpose  what the customer must have agreed to be contacted for ({@code SERVICE} or {@code MARKETING})
 */
@JsonIgnoreProperties(value = "task", allowGetters = true) // shown by GET /playbooks, derived from owner when read
public record Step(
        String name,
        Channel channel,
        String owner,
        Duration offset,
        Duration every,
        Anchor anchor,
        String template,
        String purpose) {
    public static final String ACCOUNT_MANAGER = "account-manager";
    /** The owner of the messages the platform sends itself: their queue shows what is due to go out. */
    public static final String PLATFORM = "platform";

    public static final String SERVICE = "SERVICE";
    public static final String MARKETING = "MARKETING";

    /** How a step reaches the customer, or the internal task it is. */
    public enum Channel {
        TASK,
        CALL,
        MEETING,
        EMAIL,
        SMS,
        PUSH;

        /** The consent channel a message on this channel needs (as customer-service records consents). */
        public String consentChannel() {
            return this == CALL ? "PHONE" : name();
        }
    }

    /** What a step's offset counts from. */
    public enum Anchor {
        TRIGGER,
        OFFER_EXPIRY
    }

    public Step {
        anchor = anchor == null ? Anchor.TRIGGER : anchor;
    }

    /** A task for someone's work queue; otherwise a message the platform delivers to the customer. */
    public boolean isTask() {
        return owner != null;
    }
}
