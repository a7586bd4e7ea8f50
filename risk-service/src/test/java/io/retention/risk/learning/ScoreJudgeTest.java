package io.retention.risk.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.retention.risk.learning.ScoreModel.Kind;
import io.retention.risk.store.ChurnSnapshots.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreJudgeTest {
    /** A seed whose coin tosses teach a model that ranks the judged day a little better than the shipped score. */
    private static final long SEED_WHERE_NOISE_OUTRANKS = 11;

    private static final Instant NOW = Instant.parse("2011-09-09T12:00:00Z");
    private static final List<LocalDate> DAYS = List.of(
            LocalDate.parse("2011-03-31"),
            LocalDate.parse("2011-04-28"),
            LocalDate.parse("2011-05-26"),
            LocalDate.parse("2011-06-23"));

    /** Churn drawn from the log-odds −0.3 + 1.5·x₀ − 0.8·x₁ + 0.6·x₁₂; the shipped score sees x₀ only, through noise. */
    private static List<Snapshot> population(Random random, int customers) {
        List<Snapshot> snapshots = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            double[] x = new double[ChurnFeatures.NAMES.size()];
            for (int f = 0; f < x.length; f++) {
                x[f] = random.nextGaussian();
            }
            double logOdds = -0.3 + 1.5 * x[0] - 0.8 * x[1] + 0.6 * x[12];
            boolean churned = random.nextDouble() < 1 / (1 + Math.exp(-logOdds));
            int shipped = (int) Math.max(0, Math.min(100, Math.round(50 + 10 * x[0] + 25 * random.nextGaussian())));
            snapshots.add(new Snapshot("c-" + i, x, shipped, churned));
        }
        return snapshots;
    }

    private static Map<LocalDate, List<Snapshot>> matured(Random random, int perDay) {
        Map<LocalDate, List<Snapshot>> labelled = new LinkedHashMap<>();
        DAYS.subList(0, 3).forEach(day -> labelled.put(day, population(random, perDay)));
        return labelled;
    }

    @Test
    void aLearnedModelThatRanksBetterIsPutInForceWithItsWeightsAndJudgedOnADayItNeverSaw() {
        Map<LocalDate, List<Snapshot>> labelled = matured(new Random(1), 3000);

        ScoreJudge.Judgement judgement =
                new ScoreJudge(13, 1000, 1, true).judge(DAYS, labelled, ScoreModel.UNCALIBRATED, NOW);

        ScoreValidation validation = judgement.validation();
        assertThat(validation.validatedOn()).isEqualTo(DAYS.get(2));
        assertThat(validation.trainedOn()).containsExactly(DAYS.get(0), DAYS.get(1));
        assertThat(validation.trainingOutcomes()).isEqualTo(6000);
        assertThat(validation.outcomes()).isEqualTo(3000);
        assertThat(validation.learned().auc())
                .isGreaterThan(validation.shipped().auc() + 0.05);
        assertThat(validation.shipped().brier())
                .as("the shipped score, calibrated")
                .isNotNull();
        assertThat(validation.inForce()).isEqualTo("learned");
        assertThat(judgement.inForce().kind()).isEqualTo(Kind.LEARNED);
        assertThat(judgement.inForce().validatedOn()).isEqualTo(DAYS.get(2));
        assertThat(judgement.inForce().auc()).isEqualTo(validation.learned().auc());
        // the weights speak for the features that drew the churn, on standardised features
        Map<String, Double> weights = validation.weights();
        assertThat(weights.get(ChurnFeatures.NAMES.get(0))).isCloseTo(1.5, within(0.15));
        assertThat(weights.get(ChurnFeatures.NAMES.get(1))).isCloseTo(-0.8, within(0.15));
        assertThat(weights.get(ChurnFeatures.NAMES.get(12))).isCloseTo(0.6, within(0.15));
        assertThat(weights.get(ChurnFeatures.NAMES.get(5))).isCloseTo(0, within(0.1));
        assertThat(validation.note()).startsWith("the model learned now ranks better than the shipped weights");
    }

    @Test
    void whereLearnedModelsAreNotPutInForceTheShippedWeightsHoldAndTheLearnedOneIsOnlyReported() {
        Map<LocalDate, List<Snapshot>> labelled = matured(new Random(1), 3000);
        ScoreModel learnedInForce = new ScoreJudge(13, 1000, 1, true)
                .judge(DAYS, labelled, ScoreModel.UNCALIBRATED, NOW)
                .inForce();
        ScoreJudge reportOnly = new ScoreJudge(13, 1000, 1, false);

        ScoreJudge.Judgement fresh = reportOnly.judge(DAYS, labelled, ScoreModel.UNCALIBRATED, NOW);
        ScoreJudge.Judgement afterwards = reportOnly.judge(DAYS, labelled, learnedInForce, NOW);

        assertThat(fresh.validation().learned().auc())
                .isGreaterThan(fresh.validation().shipped().auc() + 0.05);
        for (ScoreJudge.Judgement judgement : List.of(fresh, afterwards)) {
            assertThat(judgement.inForce().kind()).isEqualTo(Kind.SHIPPED);
            assertThat(judgement.inForce().model()).as("calibrated").isNotNull();
            assertThat(judgement.validation().inForce()).isEqualTo("shipped");
            assertThat(judgement.validation().weights()).isNull();
            assertThat(judgement.validation().note())
                    .contains("but learned models are not put in force here (retention.risk.learning.put-in-force)");
        }
        assertThat(fresh.validation().note()).startsWith("the model learned now ranks better than the shipped weights");
        assertThat(afterwards.validation().previous())
                .as("the learned model that was in force is still judged")
                .isNotNull();
    }

    @Test
    void theJudgedDaysOutcomesNeverTeachTheModelThatIsJudgedOnThem() {
        Map<LocalDate, List<Snapshot>> labelled = matured(new Random(2), 2000);
        Map<LocalDate, List<Snapshot>> flipped = new LinkedHashMap<>(labelled);
        flipped.put(
                DAYS.get(2),
                labelled.get(DAYS.get(2)).stream()
                        .map(s -> new Snapshot(s.customerId(), s.features(), s.shippedScore(), !s.churned()))
                        .toList());
        ScoreJudge judge = new ScoreJudge(13, 1000, 1, true);

        ScoreJudge.Judgement honest = judge.judge(DAYS, labelled, ScoreModel.UNCALIBRATED, NOW);
        ScoreJudge.Judgement reversed = judge.judge(DAYS, flipped, ScoreModel.UNCALIBRATED, NOW);

        // the same model either way (the judged day's labels took no part in it), and its AUC reported as it is
        assertThat(reversed.validation().learned().auc())
                .isCloseTo(1 - honest.validation().learned().auc(), within(1e-9));
        assertThat(reversed.validation().learned().auc()).isLessThan(0.5);
        assertThat(reversed.inForce().kind())
                .as("a model that ranks worse than the shipped weights is not put in force")
                .isEqualTo(Kind.SHIPPED);
    }

    @Test
    void withTooFewOutcomesTheShippedWeightsHoldCalibratedToAProbability() {
        Map<LocalDate, List<Snapshot>> labelled = matured(new Random(3), 400);

        ScoreJudge.Judgement judgement =
                new ScoreJudge(13, 1000, 1, true).judge(DAYS, labelled, ScoreModel.UNCALIBRATED, NOW);

        assertThat(judgement.validation().learned()).isNull();
        assertThat(judgement.validation().inForce()).isEqualTo("shipped");
        assertThat(judgement.validation().weights()).isNull();
        assertThat(judgement.validation().note())
                .contains("the shipped weights stay in force until 1000 outcomes")
                .contains("there are 800");
        ScoreModel inForce = judgement.inForce();
        assertThat(inForce.kind()).isEqualTo(Kind.SHIPPED);
        // the calibration turns a higher shipped score into a higher probability of churn
        assertThat(inForce.model().probability(new double[] {80}))
                .isGreaterThan(inForce.model().probability(new double[] {20}));
    }

    @Test
    void aRoundOnTheSameOutcomesChangesNoScoreAndOneOnNewOutcomesDoes() {
        Map<LocalDate, List<Snapshot>> labelled = matured(new Random(3), 400);
        // too few outcomes to learn from here: the shipped weights stay in force, calibrated
        ScoreJudge judge = new ScoreJudge(13, 5000, 1, true);
        ScoreModel first =
                judge.judge(DAYS, labelled, ScoreModel.UNCALIBRATED, NOW).inForce();

        // the shipped weights stay, their calibration fitted again: the same model, nobody to re-assess
        ScoreModel again = judge.judge(DAYS, labelled, first, NOW).inForce();
        assertThat(again).isNotSameAs(first);
        assertThat(again.scoresAs(first)).isTrue();
        assertThat(first.scoresAs(ScoreModel.UNCALIBRATED))
                .as("a calibration where there was none")
                .isFalse();

        // a day more of outcomes calibrates it differently
        Map<LocalDate, List<Snapshot>> later = new LinkedHashMap<>(labelled);
        later.put(DAYS.get(3), population(new Random(4), 400));
        ScoreModel recalibrated = judge.judge(DAYS, later, first, NOW).inForce();
        assertThat(recalibrated.kind()).isEqualTo(Kind.SHIPPED);
        assertThat(recalibrated.scoresAs(first)).isFalse();
    }

    @Test
    void aLearnedModelInForceStaysWhenTheOneLearnedNowRanksWorse() {
        Map<LocalDate, List<Snapshot>> labelled = matured(new Random(4), 2000);
        ScoreJudge judge = new ScoreJudge(13, 1000, 1, true);
        ScoreModel inForce =
                judge.judge(DAYS, labelled, ScoreModel.UNCALIBRATED, NOW).inForce();
        // the earlier days' outcomes turn to noise: what is learned from them now ranks by chance
        Random noise = new Random(5);
        Map<LocalDate, List<Snapshot>> noisy = new LinkedHashMap<>();
        labelled.forEach((day, snapshots) -> noisy.put(
                day,
                day.equals(DAYS.get(2))
                        ? snapshots
                        : snapshots.stream()
                                .map(s -> new Snapshot(
                                        s.customerId(), s.features(), s.shippedScore(), noise.nextBoolean()))
                                .toList()));

        ScoreJudge.Judgement judgement = judge.judge(DAYS, noisy, inForce, NOW);

        assertThat(judgement.validation().previous().auc())
                .isGreaterThan(judgement.validation().learned().auc());
        assertThat(judgement.inForce().model()).as("the model in force, kept").isSameAs(inForce.model());
        assertThat(judgement.validation().inForce()).isEqualTo("learned");
        assertThat(judgement.validation().note()).startsWith("the learned model in force ranks best");
    }

    @Test
    void aModelLearnedFromOutcomesNothingPredictsIsNotPutInForceThoughItOutranksTheShippedWeights() {
        // churn a coin toss, and the shipped score a die's throw
        Random random = new Random(SEED_WHERE_NOISE_OUTRANKS);
        Map<LocalDate, List<Snapshot>> labelled = new LinkedHashMap<>();
        DAYS.subList(0, 3).forEach(day -> {
            List<Snapshot> snapshots = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                double[] x = new double[ChurnFeatures.NAMES.size()];
                for (int f = 0; f < x.length; f++) {
                    x[f] = random.nextGaussian();
                }
                snapshots.add(new Snapshot("c-" + i, x, random.nextInt(101), random.nextBoolean()));
            }
            labelled.put(day, snapshots);
        });

        ScoreJudge.Judgement judgement =
                new ScoreJudge(13, 1000, 1, true).judge(DAYS, labelled, ScoreModel.UNCALIBRATED, NOW);

        ScoreValidation validation = judgement.validation();
        assertThat(validation.learned().auc())
                .as("the noise the model learned ranks this day's customers a little better than the shipped score")
                .isGreaterThan(validation.shipped().auc());
        assertThat(judgement.inForce().kind()).isEqualTo(Kind.SHIPPED);
        assertThat(validation.inForce()).isEqualTo("shipped");
        assertThat(validation.note())
                .startsWith("the model learned now ranks best but cannot be told from chance")
                .contains("the shipped weights stay in force");
    }

    @Test
    void anAucIsJudgedAgainstChanceByTheRankSumsSpreadUnderChance() {
        // 1,000 of each outcome: the AUC of a ranking by chance has a standard error of sqrt(2001 / 12e6) = 0.0129
        assertThat(Validation.standardErrorsAboveChance(0.5, 1000, 1000)).isEqualTo(0);
        assertThat(Validation.standardErrorsAboveChance(0.5258, 1000, 1000)).isCloseTo(2.0, within(0.01));
        assertThat(Validation.standardErrorsAboveChance(0.75, 1000, 1000)).isGreaterThan(19);
    }

    @Test
    void beforeAnyDayHasMaturedTheShippedWeightsHoldWithoutAProbability() {
        ScoreJudge.Judgement judgement = new ScoreJudge(13, 1000, 1, true).nothingMatured(DAYS, NOW);

        assertThat(judgement.inForce()).isEqualTo(ScoreModel.UNCALIBRATED);
        assertThat(judgement.validation().validatedOn()).isNull();
        assertThat(judgement.validation().inForce()).isEqualTo("shipped");
    }
}
