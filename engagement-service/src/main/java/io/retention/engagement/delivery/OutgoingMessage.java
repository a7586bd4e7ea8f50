package io.retention.engagement.delivery;

import io.retention.engagement.playbook.Step;

/**
 * A message on its way to a customer.
 *
 * @param messageId stable across attempts of one follow-up, so receivers can drop a repeat (SMTP {@code Message-ID},
 *                  webhook {@code Idempotency-Key})
 * @param to        the email address or phone number; none for push
 */
public record OutgoingMessage(
        String messageId,
        String customerId,
        Step.Channel channel,
        String template,
        String to,
        String subject,
        String body) {}
