package io.retention.engagement.playbook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a started playbook into due steps for one customer. A step whose time is long past when the playbook starts
 * (a customer registered months ago and only now announced) is left out rather than fired late; a recurring step
 * starts at its first occurrence still to come.
 */
public final class Planner {
    private final Duration staleAfter;

    /** @param staleAfter how late a step may still be scheduled (it then falls due at once) */
    public Planner(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    /**
     * How a playbook starts for a customer.
     *
     * @param at             when the trigger happened: the anchor of the steps
     * @param offerExpiry    the end of the offer's validity, for steps anchored there
     * @param accountManager the customer's account manager, who gets the steps owned by {@code account-manager}
     */
    public record Start(
            String customerId,
            String triggerRef,
            Instant at,
            Instant offerExpiry,
            String accountManager,
            Map<String, String> params) {}

    public List<PlannedStep> plan(Playbook playbook, Start start, Instant now) {
        if (start.offerExpiry() != null && !start.offerExpiry().isAfter(now)) {
            return List.of(); // an offer already over is not worth a message
        }
        Instant oldestAllowed = now.minus(staleAfter);
        List<PlannedStep> planned = new ArrayList<>();
        for (Step step : playbook.steps()) {
            Instant anchor = step.anchor() == Step.Anchor.OFFER_EXPIRY ? start.offerExpiry() : start.at();
            if (anchor == null) {
                continue;
            }
            Instant due = anchor.plus(step.offset());
            int occurrence = 0;
            if (step.every() != null) {
                while (due.isBefore(oldestAllowed)) {
                    due = due.plus(step.every());
                    occurrence++;
                }
            } else if (due.isBefore(oldestAllowed)) {
                continue;
            }
            planned.add(new PlannedStep(
                    start.customerId(),
                    playbook.name(),
                    step.name(),
                    start.triggerRef(),
                    occurrence,
                    step.channel(),
                    owner(step, start.accountManager()),
                    step.template(),
                    step.purpose(),
                    due,
                    start.params()));
        }
        return planned;
    }

    /** The next occurrence of a recurring step, counted from when the current one was planned to fall due. */
    public static PlannedStep next(PlannedStep current, Step step) {
        return new PlannedStep(
                current.customerId(),
                current.playbook(),
                current.step(),
                current.triggerRef(),
                current.occurrence() + 1,
                current.channel(),
                current.owner(),
                current.template(),
                current.purpose(),
                current.dueAt().plus(step.every()),
                current.params());
    }

    private static String owner(Step step, String accountManager) {
        if (!step.isTask()) {
            return Step.PLATFORM;
        }
        return Step.ACCOUNT_MANAGER.equals(step.owner()) && accountManager != null ? accountManager : step.owner();
    }
}
