package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.Instant;

/** One interaction on a customer's timeline. */
@TemplateData
public record TimelineItem(Instant at, String kind, String type, String channel, String summary) {}
