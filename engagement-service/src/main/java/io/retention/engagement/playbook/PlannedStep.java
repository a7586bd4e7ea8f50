package io.retention.engagement.playbook;

import java.time.Instant;
import java.util.Map;

/**
 * A playbook step planned for one customer.
 *
 * @param triggerRef what started it: the risk reason, the tier or the offer code (empty for onboarding)
 * @param occurrence 0 for the first occurrence of a step, counting up for a recurring one
 * @param params     values for the message template that come from the trigger (the offer's code and validity)
 */
public record PlannedStep(
        String customerId,
        String playbook,
        String step,
        String triggerRef,
        int occurrence,
        Step.Channel channel,
        String owner,
        String template,
        String purpose,
        Instant dueAt,
        Map<String, String> params) {}
