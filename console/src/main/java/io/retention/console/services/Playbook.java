package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** A playbook as engagement-service shows it: what starts it and its steps. */
@TemplateData
public record Playbook(String name, String description, Trigger trigger, List<Step> steps) {
    @TemplateData
    public record Trigger(String event, String value) {}

    /** A step: who does it or how it is sent, and when (ISO-8601 durations, as the API gives them). */
    @TemplateData
    public record Step(String name, String channel, String owner, String offset, String every, String template) {}
}
