package io.retention.engagement.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private final PlaybookCatalog catalog = PlaybookCatalog.standard();
    private final Planner planner = new Planner(Duration.ofDays(2));

    @Test
    void aCustomerRegisteredTodayGetsEveryOnboardingStepFromToday() {
        List<PlannedStep> steps = planner.plan(onboarding(), start("c1", NOW, null), NOW);
        assertThat(steps)
                .extracting(PlannedStep::step, PlannedStep::dueAt, PlannedStep::owner)
                .containsExactly(
                        tuple("welcome-email", NOW, Step.PLATFORM),
                        tuple("welcome-call", NOW.plus(Duration.ofDays(2)), "am-ada"),
                        tuple("check-in-week-2", NOW.plus(Duration.ofDays(14)), Step.PLATFORM),
                        tuple("check-in-week-6", NOW.plus(Duration.ofDays(42)), "am-ada"),
                        tuple("check-in-week-12", NOW.plus(Duration.ofDays(84)), Step.PLATFORM));
    }

    @Test
    void stepsLongPastWhenThePlaybookStartsAreLeftOut() {
        Instant registered = NOW.minus(Duration.ofDays(20));
        assertThat(planner.plan(onboarding(), start("c1", registered, null), NOW))
                .extracting(PlannedStep::step)
                .containsExactly("check-in-week-6", "check-in-week-12");
    }

    @Test
    void withoutAnAccountManagerTheStepGoesToTheSharedQueue() {
        Planner.Start start = new Planner.Start("c1", "", NOW, null, null, Map.of());
        assertThat(planner.plan(onboarding(), start, NOW).get(1).owner()).isEqualTo(Step.ACCOUNT_MANAGER);
    }

    @Test
    void aRecurringStepsNextOccurrenceCountsFromWhenTheLastWasPlanned() {
        Playbook tierA = catalog.forTrigger(Trigger.Event.TIER, "A").orElseThrow();
        PlannedStep call = planner.plan(tierA, start("c1", NOW, null), NOW).stream()
                .filter(s -> s.step().equals("quarterly-call"))
                .findFirst()
                .orElseThrow();
        PlannedStep next = Planner.next(call, tierA.step("quarterly-call").orElseThrow());
        assertThat(next.occurrence()).isEqualTo(1);
        assertThat(next.dueAt()).isEqualTo(NOW.plus(Duration.ofDays(7 + 91)));
    }

    @Test
    void aRecurringStepStartsAtItsFirstOccurrenceStillToCome() {
        Playbook tierC = catalog.forTrigger(Trigger.Event.TIER, "C").orElseThrow();
        PlannedStep newsletter = planner.plan(tierC, start("c1", NOW.minus(Duration.ofDays(200)), null), NOW)
                .get(0);
        assertThat(newsletter.occurrence()).isEqualTo(3);
        assertThat(newsletter.dueAt()).isEqualTo(NOW.minus(Duration.ofDays(200)).plus(Duration.ofDays(7 + 3 * 91)));
    }

    @Test
    void theOfferReminderFallsDueThreeDaysBeforeExpiryAndNotForAnOfferAlreadyOver() {
        Playbook winback = catalog.forTrigger(Trigger.Event.OFFER_ISSUED, null).orElseThrow();
        Instant validUntil = NOW.plus(Duration.ofDays(30));
        assertThat(planner.plan(winback, start("c1", NOW, validUntil), NOW))
                .extracting(PlannedStep::step, PlannedStep::dueAt)
                .containsExactly(
                        tuple("offer-message", NOW), tuple("offer-reminder", validUntil.minus(Duration.ofDays(3))));
        assertThat(planner.plan(
                        winback, start("c1", NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofHours(1))), NOW))
                .isEmpty();
    }

    private Playbook onboarding() {
        return catalog.forTrigger(Trigger.Event.CUSTOMER_REGISTERED, null).orElseThrow();
    }

    private static Planner.Start start(String customer, Instant at, Instant expiry) {
        return new Planner.Start(customer, "", at, expiry, "am-ada", Map.of());
    }
}
