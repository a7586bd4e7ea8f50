package io.retention.engagement.playbook;

import java.time.Duration;

/**
 * One step of a playbook: what to do, through which channel, by whom, and how long after the trigger it falls due.
 *
 * @param owner who does it: a team's work queue, or {@code account-manager} for the customer's own
 */
public record Step(String name, Channel channel, String owner, Duration offset) {
    /** How a step reaches the customer, or the internal task it is. */
    public enum Channel { TASK, CALL, MEETING, EMAIL, SMS, WEBHOOK }
}
