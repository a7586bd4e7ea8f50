package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.UUID;

/** A follow-up as engagement-service shows it (the fields the console uses). */
@TemplateData
public record FollowUp(
        UUID id,
        String customerId,
        String playbook,
        String step,
        String channel,
        String owner,
        String reason,
        Instant dueAt,
        String status,
        String outcome) {}
