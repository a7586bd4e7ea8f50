package io.retention.risk.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason.ReasonCode;
import io.retention.contract.events.SubscriptionCancelled;
import io.retention.contract.events.TicketOpened;
import io.retention.risk.engine.ShippedConfig;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.learning.ScoreModel.Kind;
import io.retention.risk.scoring.Assessment;
import io.retention.risk.scoring.Reason;
import io.retention.risk.scoring.RiskScorer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreModelTest {
    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-06-30");
    private final RiskScorer shipped = new RiskScorer(ShippedConfig.risk().scoringPolicy());

    /** A model where a long gap since the last purchase and open tickets speak for churn, frequent buying against. */
    private static LogisticModel learned(double intercept) {
        int n = ChurnFeatures.NAMES.size();
        double[] means = new double[n];
        double[] scales = new double[n];
        double[] weights = new double[n];
        java.util.Arrays.fill(scales, 1);
        means[0] = Math.log1p(30); // log days since last purchase
        weights[0] = 1.2;
        means[1] = Math.log1p(3); // log purchase days
        weights[1] = -0.5;
        weights[12] = 0.9; // open tickets
        return new LogisticModel(ChurnFeatures.NAMES, means, scales, weights, intercept);
    }

    private static CustomerState buyer(int purchases, int everyDays, int daysSinceLast, int openTickets) {
        CustomerState state = new CustomerState();
        Instant last = NOW.minus(Duration.ofDays(daysSinceLast));
        for (int i = 0; i < purchases; i++) {
            state.apply(
                    CloudEvent.create(
                            "/shop",
                            EventType.PURCHASE_COMPLETED,
                            "c-1",
                            last.minus(Duration.ofDays((long) everyDays * i)),
                            new PurchaseCompleted("o-" + i, new BigDecimal("40"), "EUR", null, null)),
                    NOW);
        }
        for (int i = 0; i < openTickets; i++) {
            state.apply(
                    CloudEvent.create(
                            "/desk",
                            EventType.TICKET_OPENED,
                            "c-1",
                            NOW.minus(Duration.ofDays(2)),
                            new TicketOpened("t-" + i, TicketOpened.Category.BUG, TicketOpened.Priority.NORMAL)),
                    NOW);
        }
        return state;
    }

    private Assessment assess(ScoreModel model, CustomerState state) {
        Features features = Features.of(state, NOW);
        return model.assess(shipped, state, features, null, TODAY);
    }

    @Test
    void aLearnedScoreIsItsProbabilityAndItsReasonsPointsAddUpToIt() {
        ScoreModel model = new ScoreModel(Kind.LEARNED, learned(0.2), TODAY, 0.78);
        CustomerState state = buyer(4, 30, 120, 2);

        Assessment assessment = assess(model, state);

        double probability = learned(0.2).probability(ChurnFeatures.of(state, Features.of(state, NOW), null, TODAY));
        assertThat(assessment.churnProbability()).isCloseTo(probability, within(1e-4));
        assertThat(assessment.score()).isEqualTo((int) Math.round(100 * probability));
        assertThat(assessment.level()).isEqualTo(shipped.level(assessment.score()));
        assertThat(assessment.reasons())
                .extracting(Reason::code)
                .containsExactly(ReasonCode.PURCHASE_LAPSE, ReasonCode.OPEN_TICKETS);
        assertThat(assessment.reasons().stream().mapToDouble(Reason::weight).sum())
                .isCloseTo(assessment.score(), within(0.15));
        Reason tickets = assessment.reasons().get(1);
        // what the score would lose without the tickets: their term of the log-odds is 0.9 per ticket
        double withoutTickets = 100 * LogisticModel.sigmoid(Math.log(probability / (1 - probability)) - 1.8);
        assertThat(tickets.weight()).isCloseTo(100 * probability - withoutTickets, within(0.06));
        assertThat(tickets.detail()).startsWith("2 open support tickets");
        assertThat(tickets.evidence()).containsEntry("openTickets", 2);
        assertThat(tickets.evidence().get("logOdds")).isEqualTo(Map.of("open tickets", 1.8));
        Reason lapse = assessment.reasons().get(0);
        assertThat(lapse.detail())
                .startsWith(String.format(
                        java.util.Locale.ROOT, "%.0f%% likely to churn within the horizon", 100 * probability))
                .endsWith("last purchase 120 days ago, usually every 30 days");
        assertThat(lapse.evidence()).containsKey("logOdds");
    }

    @Test
    void aRegularRecentBuyerWithoutTicketsScoresLowAndOweItAllToThePurchasePattern() {
        Assessment assessment = assess(new ScoreModel(Kind.LEARNED, learned(-1), TODAY, 0.78), buyer(12, 14, 3, 0));

        assertThat(assessment.level()).isEqualTo(RiskLevel.LOW);
        assertThat(assessment.score()).isLessThan(20);
        assertThat(assessment.reasons()).extracting(Reason::code).containsOnly(ReasonCode.PURCHASE_LAPSE);
    }

    @Test
    void reasonsThatEachWouldLoseMoreThanTheScoreShareIt() {
        // tickets alone push the log-odds far up: what the score would lose without them is close to all of it
        Assessment assessment = assess(new ScoreModel(Kind.LEARNED, learned(-2), TODAY, 0.78), buyer(12, 14, 3, 6));

        assertThat(assessment.reasons().stream().mapToDouble(Reason::weight).sum())
                .isCloseTo(assessment.score(), within(0.15));
        assertThat(assessment.reasons().get(0).code()).isEqualTo(ReasonCode.OPEN_TICKETS);
    }

    @Test
    void theShippedWeightsCalibratedGiveAProbabilityThatRisesWithTheScore() {
        LogisticModel calibration = new LogisticModel(
                List.of("shipped score"), new double[] {40}, new double[] {20}, new double[] {1.1}, -0.2);
        ScoreModel model = new ScoreModel(Kind.SHIPPED, calibration, TODAY, 0.74);

        Assessment lapsing = assess(model, buyer(4, 30, 120, 3));
        Assessment regular = assess(model, buyer(12, 14, 3, 0));

        assertThat(lapsing.score())
                .isEqualTo(shipped.assess(Features.of(buyer(4, 30, 120, 3), NOW), null)
                        .score())
                .isGreaterThan(regular.score());
        assertThat(lapsing.churnProbability()).isEqualTo(calibration.probability(new double[] {lapsing.score()}));
        assertThat(lapsing.churnProbability()).isGreaterThan(regular.churnProbability());
    }

    @Test
    void withoutOutcomesOrPurchasesThereIsNoProbabilityAndACancellationIsCertain() {
        ScoreModel model = new ScoreModel(Kind.LEARNED, learned(0), TODAY, 0.78);
        CustomerState ticketsOnly = buyer(0, 30, 0, 2);
        CustomerState cancelled = buyer(4, 30, 10, 0);
        cancelled.apply(
                CloudEvent.create(
                        "/billing",
                        EventType.SUBSCRIPTION_CANCELLED,
                        "c-1",
                        NOW.minus(Duration.ofDays(1)),
                        new SubscriptionCancelled(ChurnReason.PRICE, null)),
                NOW);

        assertThat(assess(ScoreModel.UNCALIBRATED, buyer(4, 30, 120, 0)).churnProbability())
                .isNull();
        Assessment nonBuyer = assess(model, ticketsOnly);
        assertThat(nonBuyer.churnProbability())
                .as("no outcome speaks for a customer who never bought")
                .isNull();
        assertThat(nonBuyer).isEqualTo(shipped.assess(Features.of(ticketsOnly, NOW), null));
        Assessment gone = assess(model, cancelled);
        assertThat(gone.churnProbability()).isEqualTo(1.0);
        assertThat(gone.churn()).isNotNull();
    }
}
