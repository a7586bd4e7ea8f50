package io.retention.risk.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason.ReasonCode;
import io.retention.risk.engine.ShippedConfig;
import io.retention.risk.features.Features;
import io.retention.risk.model.PurchaseOutlook;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RiskScorerTest {
    static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    final RiskScorer scorer = new RiskScorer(ShippedConfig.risk().scoringPolicy());

    /** A customer with nothing against them; each test changes what it is about. */
    static Features quiet() {
        return new Features(
                0,
                null,
                null,
                null,
                null,
                BigDecimal.ZERO,
                null,
                null,
                0,
                null,
                0,
                null,
                null,
                0,
                null,
                null,
                0,
                0,
                null,
                null);
    }

    static Features tickets(int open, int complaints) {
        Features q = quiet();
        return new Features(
                q.purchaseDays(),
                null,
                null,
                null,
                null,
                BigDecimal.ZERO,
                null,
                null,
                open,
                open > 0 ? NOW.minusSeconds(86_400) : null,
                complaints,
                null,
                null,
                0,
                null,
                null,
                0,
                0,
                null,
                null);
    }

    static Features buyer(int purchaseDays, int daysSinceLast, Double meanGap) {
        LocalDate last = LocalDate.parse("2026-06-30").minusDays(daysSinceLast);
        return new Features(
                purchaseDays,
                last.minusDays(meanGap == null ? 0 : Math.round(meanGap * (purchaseDays - 1))),
                last,
                daysSinceLast,
                meanGap,
                new BigDecimal("100"),
                null,
                "EUR",
                0,
                null,
                0,
                null,
                null,
                0,
                null,
                null,
                0,
                0,
                null,
                null);
    }

    @Test
    void aQuietCustomerIsLowWithNoReasons() {
        Assessment assessment = scorer.assess(quiet(), null);
        assertThat(assessment.score()).isZero();
        assertThat(assessment.level()).isEqualTo(RiskLevel.LOW);
        assertThat(assessment.reasons()).isEmpty();
    }

    @Test
    void eachOpenTicketAddsAThirdOfItsWeightAndComplaintsAddTheirOwn() {
        assertThat(scorer.assess(tickets(2, 0), null).score()).isEqualTo(30);
        Assessment three = scorer.assess(tickets(3, 0), null);
        assertThat(three.score()).isEqualTo(45);
        assertThat(three.level()).isEqualTo(RiskLevel.MEDIUM);
        assertThat(three.reasons().get(0).evidence()).containsEntry("openTickets", 3);

        Assessment withComplaints = scorer.assess(tickets(3, 2), null);
        assertThat(withComplaints.score()).isEqualTo(75);
        assertThat(withComplaints.level()).isEqualTo(RiskLevel.HIGH);
        assertThat(withComplaints.reasons())
                .extracting(Reason::code)
                .containsExactly(ReasonCode.OPEN_TICKETS, ReasonCode.COMPLAINTS);
    }

    @Test
    void theLevelIsDecidedByTheScoreAloneNotByThePath() {
        // contract 1.2: the same state gives the same level whatever order its events arrived in
        assertThat(scorer.level(39)).isEqualTo(RiskLevel.LOW);
        assertThat(scorer.level(40)).isEqualTo(RiskLevel.MEDIUM);
        assertThat(scorer.level(69)).isEqualTo(RiskLevel.MEDIUM);
        assertThat(scorer.level(70)).isEqualTo(RiskLevel.HIGH);
        assertThat(scorer.level(100)).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void satisfactionAndUsageGiveTheirReasonsWithEvidence() {
        Features unhappy = new Features(
                0,
                null,
                null,
                null,
                null,
                BigDecimal.ZERO,
                null,
                null,
                0,
                null,
                0,
                1,
                3,
                0,
                null,
                null,
                0,
                0,
                null,
                null);
        Reason low = scorer.assess(unhappy, null).reasons().get(0);
        assertThat(low.code()).isEqualTo(ReasonCode.LOW_SATISFACTION);
        assertThat(low.weight()).isEqualTo(25.0); // CSAT 1 is as low as it gets
        assertThat(low.detail()).isEqualTo("last CSAT 1 of 5, last NPS 3");

        Features dropping = new Features(
                0,
                null,
                null,
                null,
                null,
                BigDecimal.ZERO,
                null,
                null,
                0,
                null,
                0,
                null,
                null,
                100,
                NOW,
                0,
                2,
                10.0,
                null,
                null);
        Reason drop = scorer.assess(dropping, null).reasons().get(0);
        assertThat(drop.code()).isEqualTo(ReasonCode.USAGE_DROP);
        assertThat(drop.weight()).isEqualTo(24.0); // down 80% of 30 points
        assertThat(drop.evidence()).containsEntry("usageLast14Days", 2L);

        Features gone = new Features(
                0,
                null,
                null,
                null,
                null,
                BigDecimal.ZERO,
                null,
                null,
                0,
                null,
                0,
                null,
                null,
                100,
                NOW.minusSeconds(45 * 86_400),
                45,
                0,
                10.0,
                null,
                null);
        assertThat(scorer.assess(gone, null).reasons()).extracting(Reason::code).containsExactly(ReasonCode.INACTIVE);
    }

    @Test
    void purchaseLapseWeighsTheProbabilityOfNoPurchase() {
        Assessment assessment = scorer.assess(buyer(5, 40, 10.0), new PurchaseOutlook(0.3, 0.8, 0.4, 20.0));
        assertThat(assessment.score()).isEqualTo(56); // 0.8 of 70
        assertThat(assessment.level()).isEqualTo(RiskLevel.MEDIUM);
        assertThat(assessment.reasons().get(0).detail())
                .isEqualTo(
                        "80% likely to make no purchase in the coming weeks; last purchase 40 days ago, usually every 10 days");
        assertThat(assessment.churn()).isNull();
    }

    @Test
    void aLapseFarBeyondTheCustomersOwnCadenceIsChurn() {
        assertThat(scorer.churn(buyer(5, 89, 10.0)))
                .as("beyond cadence but under the minimum")
                .isNull();
        assertThat(scorer.churn(buyer(5, 90, 10.0))).isEqualTo(CustomerChurned.Basis.LAPSED);
        assertThat(scorer.churn(buyer(5, 100, 30.0))).as("within 4 gaps").isNull();
        assertThat(scorer.churn(buyer(5, 121, 30.0))).isEqualTo(CustomerChurned.Basis.LAPSED);
        assertThat(scorer.churn(buyer(1, 364, null))).isNull();
        assertThat(scorer.churn(buyer(1, 365, null))).isEqualTo(CustomerChurned.Basis.LAPSED);
    }

    @Test
    void aCancellationIsChurnAtFullScore() {
        Features q = quiet();
        Features cancelled = new Features(
                0,
                null,
                null,
                null,
                null,
                BigDecimal.ZERO,
                null,
                null,
                0,
                null,
                0,
                null,
                null,
                0,
                null,
                null,
                0,
                0,
                NOW,
                ChurnReason.SERVICE);
        Assessment assessment = scorer.assess(cancelled, null);
        assertThat(assessment.churn()).isEqualTo(CustomerChurned.Basis.CANCELLED);
        assertThat(assessment.score()).isEqualTo(100);
        assertThat(assessment.reasons()).extracting(Reason::code).containsExactly(ReasonCode.CANCELLED);
        assertThat(q.cancelled()).isFalse();
    }
}
