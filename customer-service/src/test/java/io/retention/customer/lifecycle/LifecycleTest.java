package io.retention.customer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.EventType;
import io.retention.customer.registry.LifecycleStage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private static final Instant SEEN = Instant.parse("2026-01-01T00:00:00Z");
    private final Lifecycle lifecycle = new Lifecycle(Duration.ofDays(84), Duration.ofDays(90));

    private record Event(EventType type, Instant at) {}

    private static Event event(EventType type, Duration afterSeen) {
        return new Event(type, SEEN.plus(afterSeen));
    }

    /** The facts after the events in the given order, with the return after a moved churn looked up among them. */
    private static Lifecycle.Facts facts(List<Event> events) {
        Lifecycle.Facts facts = Lifecycle.Facts.seen(SEEN);
        for (Event event : events) {
            Lifecycle.Facts before = facts;
            facts = facts.with(event.type(), event.at());
            if (facts.churnMovedFrom(before)) {
                Instant churned = facts.churnedAt();
                facts = facts.returnedAt(events.subList(0, events.indexOf(event) + 1).stream()
                        .filter(e -> e.at().isAfter(churned)
                                && switch (e.type()) {
                                    case PURCHASE_COMPLETED, USAGE_RECORDED, CUSTOMER_WON_BACK -> true;
                                    default -> false;
                                })
                        .map(Event::at)
                        .min(Instant::compareTo)
                        .orElse(null));
            }
        }
        return facts;
    }

    private Lifecycle.Position stage(Instant now, Event... events) {
        return lifecycle.stageAt(facts(List.of(events)), now);
    }

    @Test
    void aNewCustomerIsOnboardingFromTheirFirstPurchaseOrUseAndActiveWhenTheOnboardingPeriodEnds() {
        assertThat(lifecycle.stageAt(Lifecycle.Facts.seen(SEEN), SEEN))
                .isEqualTo(new Lifecycle.Position(LifecycleStage.NEW, SEEN));
        Event day3 = event(EventType.PURCHASE_COMPLETED, Duration.ofDays(3));
        assertThat(stage(day3.at(), day3)).isEqualTo(new Lifecycle.Position(LifecycleStage.ONBOARDING, day3.at()));
        assertThat(stage(SEEN.plus(Duration.ofDays(83)), day3).stage()).isEqualTo(LifecycleStage.ONBOARDING);
        assertThat(stage(SEEN.plus(Duration.ofDays(100)), day3))
                .isEqualTo(new Lifecycle.Position(LifecycleStage.ACTIVE, SEEN.plus(Duration.ofDays(84))));

        Event late = event(EventType.USAGE_RECORDED, Duration.ofDays(200));
        assertThat(stage(late.at(), late))
                .as("first activity after the onboarding period")
                .isEqualTo(new Lifecycle.Position(LifecycleStage.ACTIVE, late.at()));
    }

    @Test
    void theLatestRiskSignalDecidesWhetherACustomerIsAtRisk() {
        Event purchase = event(EventType.PURCHASE_COMPLETED, Duration.ofDays(1));
        Event raised = event(EventType.RISK_RAISED, Duration.ofDays(120));
        Event cleared = event(EventType.RISK_CLEARED, Duration.ofDays(121));
        Instant now = cleared.at();
        assertThat(stage(now, purchase, raised)).isEqualTo(new Lifecycle.Position(LifecycleStage.AT_RISK, raised.at()));
        assertThat(stage(now, purchase, raised, cleared))
                .isEqualTo(new Lifecycle.Position(LifecycleStage.ACTIVE, cleared.at()));
        assertThat(stage(now, purchase, cleared, raised))
                .as("cleared read before the raise it clears")
                .isEqualTo(new Lifecycle.Position(LifecycleStage.ACTIVE, cleared.at()));

        Event raisedEarly = event(EventType.RISK_RAISED, Duration.ofSeconds(5));
        assertThat(stage(SEEN.plusSeconds(5), purchase, raisedEarly).stage()).isEqualTo(LifecycleStage.AT_RISK);
        Event clearedEarly = event(EventType.RISK_CLEARED, Duration.ofDays(2));
        assertThat(stage(clearedEarly.at(), purchase, raisedEarly, clearedEarly))
                .as("cleared within the onboarding period")
                .isEqualTo(new Lifecycle.Position(LifecycleStage.ONBOARDING, clearedEarly.at()));
    }

    @Test
    void aChurnedCustomerIsWonBackByAPurchaseAfterTheChurnAndActiveAfterTheWonBackPeriod() {
        Event purchase = event(EventType.PURCHASE_COMPLETED, Duration.ofDays(1));
        Event churned = event(EventType.CUSTOMER_CHURNED, Duration.ofDays(300));
        assertThat(stage(churned.at(), purchase, churned))
                .isEqualTo(new Lifecycle.Position(LifecycleStage.CHURNED, churned.at()));
        assertThat(stage(churned.at(), purchase, churned, event(EventType.RISK_RAISED, Duration.ofDays(301)))
                        .stage())
                .as("no at-risk for a lost customer")
                .isEqualTo(LifecycleStage.CHURNED);
        assertThat(stage(churned.at(), churned, event(EventType.PURCHASE_COMPLETED, Duration.ofDays(299)))
                        .stage())
                .as("a purchase from before the churn, arriving late")
                .isEqualTo(LifecycleStage.CHURNED);

        Event back = event(EventType.PURCHASE_COMPLETED, Duration.ofDays(310));
        assertThat(stage(back.at(), purchase, churned, back))
                .isEqualTo(new Lifecycle.Position(LifecycleStage.WON_BACK, back.at()));
        assertThat(stage(back.at(), purchase, back, churned))
                .as("the purchase read before the churn it ends")
                .isEqualTo(new Lifecycle.Position(LifecycleStage.WON_BACK, back.at()));
        assertThat(stage(back.at(), purchase, churned, event(EventType.CUSTOMER_WON_BACK, Duration.ofDays(310)))
                        .stage())
                .isEqualTo(LifecycleStage.WON_BACK);
        assertThat(stage(back.at().plus(Duration.ofDays(89)), purchase, churned, back)
                        .stage())
                .isEqualTo(LifecycleStage.WON_BACK);
        assertThat(stage(back.at().plus(Duration.ofDays(90)), purchase, churned, back))
                .isEqualTo(
                        new Lifecycle.Position(LifecycleStage.ACTIVE, back.at().plus(Duration.ofDays(90))));

        Event churnedAgain = event(EventType.CUSTOMER_CHURNED, Duration.ofDays(500));
        assertThat(stage(churnedAgain.at(), purchase, churned, back, churnedAgain)
                        .stage())
                .as("lost again")
                .isEqualTo(LifecycleStage.CHURNED);
    }

    @Test
    void theSameEventsGiveTheSameStageInEveryOrder() {
        List<Event> events = List.of(
                event(EventType.PURCHASE_COMPLETED, Duration.ofDays(2)),
                event(EventType.USAGE_RECORDED, Duration.ofDays(40)),
                event(EventType.RISK_RAISED, Duration.ofDays(100)),
                event(EventType.RISK_CLEARED, Duration.ofDays(110)),
                event(EventType.RISK_RAISED, Duration.ofDays(200)),
                event(EventType.CUSTOMER_CHURNED, Duration.ofDays(300)),
                event(EventType.USAGE_RECORDED, Duration.ofDays(320)),
                event(EventType.PURCHASE_COMPLETED, Duration.ofDays(330)),
                event(EventType.CUSTOMER_CHURNED, Duration.ofDays(600)),
                event(EventType.PURCHASE_COMPLETED, Duration.ofDays(650)),
                event(EventType.RISK_RAISED, Duration.ofDays(660)));
        Random random = new Random(7);
        for (Instant now : List.of(
                SEEN.plus(Duration.ofDays(250)), SEEN.plus(Duration.ofDays(655)), SEEN.plus(Duration.ofDays(900)))) {
            List<Event> happened =
                    events.stream().filter(e -> !e.at().isAfter(now)).toList();
            Lifecycle.Position inOrder = lifecycle.stageAt(facts(happened), now);
            for (int run = 0; run < 200; run++) {
                List<Event> shuffled = new ArrayList<>(happened);
                Collections.shuffle(shuffled, random);
                assertThat(lifecycle.stageAt(facts(shuffled), now))
                        .as("order %s at %s", shuffled, now)
                        .isEqualTo(inOrder);
            }
        }
        assertThat(lifecycle.stageAt(facts(events), SEEN.plus(Duration.ofDays(700))))
                .isEqualTo(new Lifecycle.Position(LifecycleStage.AT_RISK, SEEN.plus(Duration.ofDays(660))));
    }
}
