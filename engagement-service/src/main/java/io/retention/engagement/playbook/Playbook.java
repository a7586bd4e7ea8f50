package io.retention.engagement.playbook;

import java.util.List;

/** A named sequence of steps started by a trigger. */
public record Playbook(String name, String trigger, List<Step> steps) {
}
