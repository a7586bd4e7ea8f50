package io.retention.customer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.EventType;
import io.retention.customer.registry.LifecycleStage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private static final Instant SEEN = Instant.parse("2026-01-01T00:00:00Z");
    private final Lifecycle lifecycle = new Lifecycle(Duration.ofDays(84), Duration.ofDays(90));

    private static Lifecycle.Position at(LifecycleStage stage, Instant since) {
        return new Lifecycle.Position(stage, since, SEEN);
    }

    @Test
    void aNewCustomerIsOnboardingFromTheirFirstPurchaseOrUseAndActiveWhenTheOnboardingPeriodEnds() {
        Instant day3 = SEEN.plus(Duration.ofDays(3));
        Lifecycle.Position onboarding = lifecycle.after(at(LifecycleStage.NEW, SEEN), EventType.PURCHASE_COMPLETED, day3, day3);
        assertThat(onboarding.stage()).isEqualTo(LifecycleStage.ONBOARDING);
        assertThat(onboarding.since()).isEqualTo(day3);

        assertThat(lifecycle.afterTime(onboarding, SEEN.plus(Duration.ofDays(83))).stage()).isEqualTo(LifecycleStage.ONBOARDING);
        Lifecycle.Position settled = lifecycle.afterTime(onboarding, SEEN.plus(Duration.ofDays(100)));
        assertThat(settled.stage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(settled.since()).isEqualTo(SEEN.plus(Duration.ofDays(84)));

        Instant late = SEEN.plus(Duration.ofDays(200));
        assertThat(lifecycle.after(at(LifecycleStage.NEW, SEEN), EventType.USAGE_RECORDED, late, late).stage())
                .as("first activity after the onboarding period").isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void riskSignalsMoveACustomerInAndOutOfAtRiskAndAStaleSignalChangesNothing() {
        Instant t = SEEN.plus(Duration.ofDays(120));
        Lifecycle.Position atRisk = lifecycle.after(at(LifecycleStage.ACTIVE, SEEN), EventType.RISK_RAISED, t, t);
        assertThat(atRisk.stage()).isEqualTo(LifecycleStage.AT_RISK);
        assertThat(lifecycle.after(atRisk, EventType.RISK_CLEARED, t.plusSeconds(60), t.plusSeconds(60)).stage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(lifecycle.after(atRisk, EventType.RISK_CLEARED, t.minusSeconds(60), t)).as("cleared before it was raised").isSameAs(atRisk);
        assertThat(lifecycle.after(at(LifecycleStage.ONBOARDING, SEEN), EventType.RISK_RAISED, SEEN.plusSeconds(5), SEEN.plusSeconds(5))
                .stage()).isEqualTo(LifecycleStage.AT_RISK);
        Lifecycle.Position clearedEarly = lifecycle.after(at(LifecycleStage.AT_RISK, SEEN), EventType.RISK_CLEARED,
                SEEN.plusSeconds(10), SEEN.plusSeconds(10));
        assertThat(clearedEarly.stage()).as("cleared within the onboarding period").isEqualTo(LifecycleStage.ONBOARDING);
    }

    @Test
    void aChurnedCustomerIsWonBackByAPurchaseAfterTheChurnAndActiveAfterTheWonBackPeriod() {
        Instant churnedAt = SEEN.plus(Duration.ofDays(300));
        Lifecycle.Position churned = lifecycle.after(at(LifecycleStage.AT_RISK, SEEN), EventType.CUSTOMER_CHURNED, churnedAt, churnedAt);
        assertThat(churned.stage()).isEqualTo(LifecycleStage.CHURNED);
        assertThat(lifecycle.after(churned, EventType.RISK_RAISED, churnedAt.plusSeconds(1), churnedAt.plusSeconds(1)))
                .as("no at-risk for a lost customer").isSameAs(churned);
        assertThat(lifecycle.after(churned, EventType.PURCHASE_COMPLETED, churnedAt.minusSeconds(3600), churnedAt))
                .as("a purchase from before the churn, arriving late").isSameAs(churned);

        Instant back = churnedAt.plus(Duration.ofDays(10));
        Lifecycle.Position wonBack = lifecycle.after(churned, EventType.PURCHASE_COMPLETED, back, back);
        assertThat(wonBack.stage()).isEqualTo(LifecycleStage.WON_BACK);
        assertThat(lifecycle.after(churned, EventType.CUSTOMER_WON_BACK, back, back).stage()).isEqualTo(LifecycleStage.WON_BACK);
        assertThat(lifecycle.after(wonBack, EventType.CUSTOMER_CHURNED, churnedAt, back)).as("the old churn signal again").isSameAs(wonBack);
        assertThat(lifecycle.afterTime(wonBack, back.plus(Duration.ofDays(89))).stage()).isEqualTo(LifecycleStage.WON_BACK);
        assertThat(lifecycle.afterTime(wonBack, back.plus(Duration.ofDays(90))).stage()).isEqualTo(LifecycleStage.ACTIVE);
    }
}
