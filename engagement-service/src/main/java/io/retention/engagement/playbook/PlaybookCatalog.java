package io.retention.engagement.playbook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.retention.contract.events.RiskReason.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The playbooks and message templates, as data (a JSON document), checked as a whole when loaded: a catalog that
 * would schedule a message without a template, a task without an owner or two playbooks for one trigger is refused
 * with every problem listed.
 */
public final class PlaybookCatalog {
    private static final Set<String> TIERS = Set.of("A", "B", "C");
    private static final Set<String> PURPOSES = Set.of(Step.SERVICE, Step.MARKETING);
    private static final Set<Step.Channel> MESSAGE_CHANNELS =
            Set.of(Step.Channel.EMAIL, Step.Channel.SMS, Step.Channel.PUSH);

    /** The document's shape. */
    record Document(Map<String, Template> templates, List<Playbook> playbooks) {}

    private final Map<String, Template> templates;
    private final Map<String, Playbook> byName = new LinkedHashMap<>();
    private final Map<Trigger, Playbook> byTrigger = new LinkedHashMap<>();

    private PlaybookCatalog(Document document) {
        this.templates = Map.copyOf(document.templates());
        for (Playbook playbook : document.playbooks()) {
            byName.put(playbook.name(), playbook);
            byTrigger.put(playbook.trigger(), playbook);
        }
    }

    public static PlaybookCatalog read(InputStream json) throws IOException {
        Document document = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(json, Document.class);
        List<String> problems = problems(document);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the playbook catalog is not valid: " + String.join("; ", problems));
        }
        return new PlaybookCatalog(document);
    }

    /** The standard catalog shipped with the service. */
    public static PlaybookCatalog standard() {
        try (InputStream json = PlaybookCatalog.class.getResourceAsStream("/playbooks.json")) {
            return read(Objects.requireNonNull(json, "playbooks.json is missing from the classpath"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the standard playbooks", e);
        }
    }

    public List<Playbook> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Playbook> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Playbook> forTrigger(Trigger.Event event, String value) {
        return Optional.ofNullable(byTrigger.get(new Trigger(event, value)));
    }

    /** Names of the playbooks an event of this kind starts, whatever the trigger's value. */
    public List<String> namesFor(Trigger.Event event) {
        return byName.values().stream()
                .filter(p -> p.trigger().event() == event)
                .map(Playbook::name)
                .toList();
    }

    public Template template(String name) {
        Template template = templates.get(name);
        if (template == null) {
            throw new IllegalArgumentException("no message template named " + name);
        }
        return template;
    }

    private static List<String> problems(Document document) {
        List<String> problems = new ArrayList<>();
        Map<String, Template> templates = document.templates() == null ? Map.of() : document.templates();
        if (document.playbooks() == null || document.playbooks().isEmpty()) {
            problems.add("there are no playbooks");
            return problems;
        }
        Set<String> names = new HashSet<>();
        Set<Trigger> triggers = new HashSet<>();
        for (Playbook playbook : document.playbooks()) {
            String where = "playbook '" + playbook.name() + "'";
            if (playbook.name() == null
                    || playbook.name().isBlank()
                    || playbook.name().length() > 64) {
                problems.add("a playbook needs a name of 1 to 64 characters");
            } else if (!names.add(playbook.name())) {
                problems.add(where + " is defined twice");
            }
            problems.addAll(triggerProblems(where, playbook.trigger()));
            if (playbook.trigger() != null && !triggers.add(playbook.trigger())) {
                problems.add(where + ": another playbook has the same trigger " + playbook.trigger());
            }
            if (playbook.steps() == null || playbook.steps().isEmpty()) {
                problems.add(where + " has no steps");
                continue;
            }
            Set<String> stepNames = new HashSet<>();
            for (Step step : playbook.steps()) {
                String stepWhere = where + " step '" + step.name() + "'";
                if (step.name() == null
                        || step.name().isBlank()
                        || step.name().length() > 64
                        || !stepNames.add(step.name())) {
                    problems.add(stepWhere + ": a step needs a name of 1 to 64 characters, unique in its playbook");
                }
                problems.addAll(stepProblems(stepWhere, step, playbook.trigger(), templates));
            }
        }
        return problems;
    }

    private static List<String> triggerProblems(String where, Trigger trigger) {
        if (trigger == null || trigger.event() == null) {
            return List.of(where + " has no trigger event");
        }
        return switch (trigger.event()) {
            case TIER ->
                trigger.value() != null && TIERS.contains(trigger.value())
                        ? List.of()
                        : List.of(where + ": a TIER trigger needs value A, B or C");
            case RISK_REASON ->
                isReasonCode(trigger.value())
                        ? List.of()
                        : List.of(where + ": a RISK_REASON trigger needs a risk reason code as value, not "
                                + trigger.value());
            default ->
                trigger.value() == null
                        ? List.of()
                        : List.of(where + ": a " + trigger.event() + " trigger takes no value");
        };
    }

    private static List<String> stepProblems(
            String where, Step step, Trigger trigger, Map<String, Template> templates) {
        List<String> problems = new ArrayList<>();
        if (step.channel() == null || step.offset() == null) {
            problems.add(where + " needs a channel and an offset");
            return problems;
        }
        if (step.isTask()) {
            if (step.owner().isBlank() || step.owner().length() > 128) {
                problems.add(where + ": the owner must be 1 to 128 characters");
            }
        } else {
            if (!MESSAGE_CHANNELS.contains(step.channel())) {
                problems.add(where + ": the platform sends only EMAIL, SMS and PUSH; a " + step.channel()
                        + " needs an owner");
            }
            if (step.template() == null || !templates.containsKey(step.template())) {
                problems.add(where + ": template '" + step.template() + "' is not defined");
            }
            if (step.purpose() == null || !PURPOSES.contains(step.purpose())) {
                problems.add(where + ": purpose must be SERVICE or MARKETING");
            }
        }
        if (step.every() != null && (step.every().isNegative() || step.every().isZero())) {
            problems.add(where + ": 'every' must be a positive duration");
        }
        if (step.offset().isNegative() && step.anchor() != Step.Anchor.OFFER_EXPIRY) {
            problems.add(where + ": only a step anchored at OFFER_EXPIRY may fall due before its anchor");
        }
        if (step.anchor() == Step.Anchor.OFFER_EXPIRY
                && trigger != null
                && trigger.event() != Trigger.Event.OFFER_ISSUED) {
            problems.add(where + ": only an OFFER_ISSUED playbook has an offer expiry to count from");
        }
        return problems;
    }

    private static boolean isReasonCode(String value) {
        for (ReasonCode code : ReasonCode.values()) {
            if (code.name().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
