package io.retention.engagement.playbook;

import java.util.List;
import java.util.Optional;

/** A named sequence of steps that an event starts for a customer. */
public record Playbook(String name, String description, Trigger trigger, List<Step> steps) {

    public Optional<Step> step(String stepName) {
        return steps.stream().filter(step -> step.name().equals(stepName)).findFirst();
    }
}
