package io.retention.risk.bench;

import io.retention.contract.CloudEvent;
import io.retention.risk.config.RiskConfig;
import io.retention.risk.engine.ShippedConfig;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.learning.ChurnFeatures;
import io.retention.risk.learning.ChurnOutcome;
import io.retention.risk.learning.LogisticFitter;
import io.retention.risk.learning.LogisticModel;
import io.retention.risk.learning.ScoreJudge;
import io.retention.risk.learning.ScoreModel;
import io.retention.risk.learning.SnapshotBuilder;
import io.retention.risk.learning.SnapshotGrid;
import io.retention.risk.learning.Validation;
import io.retention.risk.model.BgNbd;
import io.retention.risk.model.BgNbdFit;
import io.retention.risk.model.Cdnow;
import io.retention.risk.model.ModelFitter;
import io.retention.risk.model.PurchaseHistory;
import io.retention.risk.model.PurchaseModel;
import io.retention.risk.model.SyntheticCustomers;
import io.retention.risk.scoring.Assessment;
import io.retention.risk.scoring.RiskScorer;
import io.retention.risk.store.ChurnSnapshots.Snapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Prints the churn quality of the risk score on UCI Online Retail (AUC against the README's baselines), of a logistic
 * regression learned from earlier snapshots (issue 19), two in-sample ceilings of what an additive model of these
 * features can reach, whether information they leave out ranks better ({@link OtherInformation}), and the fit times of
 * the purchase model on CDNOW and on 100,000 synthetic customers. Uses the service's own state, features, model and
 * scorer with their shipped defaults. Argument: the path of online-retail.csv (default
 * ../shared/datasets/online-retail/online-retail.csv) and optionally the calibration end (default 2011-09-09).
 */
public final class ChurnQualityBenchmark {
    private static final RiskConfig SHIPPED = ShippedConfig.risk();

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "../shared/datasets/online-retail/online-retail.csv");
        LocalDate calibrationEnd = LocalDate.parse(args.length > 1 ? args[1] : "2011-09-09");
        churnQuality(csv, calibrationEnd);
        fitTimes();
    }

    private static void churnQuality(Path csv, LocalDate calibrationEnd) throws Exception {
        List<OnlineRetail.Line> lines = OnlineRetail.lines(csv);
        List<CloudEvent> purchases = OnlineRetail.purchases(lines);
        ChurnRows.Cut buyers = ChurnRows.cut(purchases, calibrationEnd);
        Instant now = buyers.at();
        Map<String, CustomerState> states = buyers.states();
        Set<String> boughtInHoldout = buyers.boughtAfter();
        List<String> ids = new ArrayList<>(states.keySet());
        List<Features> features =
                ids.stream().map(id -> Features.of(states.get(id), now)).toList();
        boolean[] churned = new boolean[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            churned[i] = !boughtInHoldout.contains(ids.get(i));
        }
        Map<PurchaseHistory, Long> histories = new HashMap<>();
        features.forEach(f -> histories.merge(f.purchaseHistory(), 1L, Long::sum));
        long started = System.nanoTime();
        BgNbdFit fit = ModelFitter.fitBgNbd(histories);
        long fitMillis = (System.nanoTime() - started) / 1_000_000;
        PurchaseModel model = new PurchaseModel(
                fit,
                null,
                now,
                fitMillis,
                SHIPPED.model().horizonWeeks(),
                SHIPPED.model().cadenceWeight());
        RiskScorer scorer = new RiskScorer(SHIPPED.scoringPolicy());
        long churners = 0;
        for (boolean c : churned) {
            churners += c ? 1 : 0;
        }

        System.out.printf(
                "UCI Online Retail, calibration to %s, churn = no purchase in the next 13 weeks: %,d customers, "
                        + "churn rate %.1f%%%n",
                calibrationEnd, ids.size(), 100.0 * churners / ids.size());
        System.out.printf(
                "BG/NBD fit: r=%.4f alpha=%.3f a=%s LL=%.3f in %d ms; boundary: %s%n",
                fit.model().r(), fit.model().alpha(), fit.model().a(), fit.logLikelihood(), fitMillis, fit.boundary());
        BgNbd bgNbd = fit.model();
        Map<String, ToDoubleFunction<Features>> rankings = new LinkedHashMap<>();
        rankings.put("baseline: weeks since last purchase", f -> f.daysSinceLastPurchase());
        rankings.put(
                "baseline: -E[purchases in 13 weeks] (BG/NBD)",
                f -> -bgNbd.expectedPurchases(SHIPPED.model().horizonWeeks(), f.purchaseHistory()));
        rankings.put(
                "P(no purchase in 13 weeks), cadence-adjusted",
                f -> model.outlook(f.purchaseHistory(), null).pNoPurchase());
        rankings.put(
                "risk score 0..100 as emitted",
                f -> scorer.assess(
                                f,
                                model.outlook(
                                        f.purchaseHistory(),
                                        f.meanRepeatPurchaseValue() == null
                                                ? null
                                                : f.meanRepeatPurchaseValue().doubleValue()))
                        .score());
        rankings.forEach((name, ranking) -> {
            double[] scores = features.stream().mapToDouble(ranking).toArray();
            System.out.printf("  AUC %.4f  %s%n", Validation.auc(scores, churned), name);
        });

        // the score the service emits at the calibration end: snapshots on its grid, judged and chosen as it does
        LocalDate earliest = purchases.stream()
                .map(OnlineRetail::day)
                .min(LocalDate::compareTo)
                .orElseThrow();
        List<LocalDate> grid = SnapshotGrid.cutOffs(
                calibrationEnd, earliest, SHIPPED.learning().snapshots());
        int horizonWeeks = (int) Math.round(SHIPPED.model().horizonWeeks());
        Map<LocalDate, List<Snapshot>> labelled = new LinkedHashMap<>();
        for (LocalDate day : grid) {
            if (ChurnOutcome.matured(day, horizonWeeks, calibrationEnd)) {
                SnapshotBuilder builder = new SnapshotBuilder(day, calibrationEnd, horizonWeeks, scorer);
                states.values().forEach(builder::count);
                builder.fit(
                        SHIPPED.model().minCustomers(),
                        SHIPPED.model().horizonWeeks(),
                        SHIPPED.model().cadenceWeight());
                List<Snapshot> taken = new ArrayList<>();
                new java.util.TreeMap<>(states).forEach((id, state) -> {
                    Snapshot snapshot = builder.snapshot(id, state);
                    if (snapshot != null) {
                        taken.add(snapshot);
                    }
                });
                labelled.put(day, taken);
            }
        }
        ScoreJudge.Judgement judgement = new ScoreJudge(
                        horizonWeeks,
                        SHIPPED.learning().minOutcomes(),
                        SHIPPED.learning().ridge(),
                        SHIPPED.learning().putInForce())
                .judge(grid, labelled, ScoreModel.UNCALIBRATED, now);
        ScoreModel inForce = judgement.inForce();
        double[] emitted = new double[ids.size()];
        double[] probability = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            Features f = features.get(i);
            Assessment assessment = inForce.assess(
                    scorer,
                    states.get(ids.get(i)),
                    f,
                    model.outlook(
                            f.purchaseHistory(),
                            f.meanRepeatPurchaseValue() == null
                                    ? null
                                    : f.meanRepeatPurchaseValue().doubleValue()),
                    calibrationEnd);
            emitted[i] = assessment.score();
            probability[i] = assessment.churnProbability();
        }
        System.out.printf(
                "  AUC %.4f  the service's score in force (%s; Brier %.4f of its churnProbability): %s%n",
                Validation.auc(emitted, churned),
                inForce.kind().label(),
                Validation.brier(probability, churned),
                judgement.validation().note());

        // learned: fitted on snapshots whose 13 weeks had passed by the calibration end, judged on the customers above
        double[][] x = new double[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            Features f = features.get(i);
            x[i] = ChurnFeatures.of(
                    states.get(ids.get(i)),
                    f,
                    f.purchaseHistory() == null ? null : model.outlook(f.purchaseHistory(), null),
                    calibrationEnd);
        }
        LogisticModel inSample = LogisticFitter.fit(ChurnFeatures.NAMES, x, churned, 1);
        System.out.printf(
                "  AUC %.4f  (ceiling check, not a result: fitted on the judged customers' own outcomes)%n",
                Validation.auc(
                        Arrays.stream(x).mapToDouble(inSample::probability).toArray(), churned));
        double[][] binned = deciles(x);
        List<String> binNames = new ArrayList<>();
        for (int j = 0; j < binned[0].length; j++) {
            binNames.add("bin " + j);
        }
        LogisticModel binnedInSample = LogisticFitter.fit(binNames, binned, churned, 1);
        System.out.printf(
                "  AUC %.4f  (ceiling check: every feature in deciles, an additive model of any shape, own outcomes)%n",
                Validation.auc(
                        Arrays.stream(binned)
                                .mapToDouble(binnedInSample::probability)
                                .toArray(),
                        churned));
        for (int snapshots : new int[] {1, 4}) {
            ChurnRows.Rows training = ChurnRows.before(purchases, calibrationEnd, snapshots, ChurnRows.Extra.NONE);
            for (double penalty : new double[] {1, 30}) {
                LogisticModel learned =
                        LogisticFitter.fit(ChurnFeatures.NAMES, training.x(), training.churned(), penalty);
                double[] p = Arrays.stream(x).mapToDouble(learned::probability).toArray();
                System.out.printf(
                        "  AUC %.4f  learned logistic (%d snapshot%s, %,d examples, ridge %.0f); Brier %.4f%n",
                        Validation.auc(p, churned),
                        snapshots,
                        snapshots == 1 ? "" : "s 4 weeks apart",
                        training.churned().length,
                        penalty,
                        Validation.brier(p, churned));
            }
        }
        System.out.println("what the features leave out (learned: 4 snapshots, ridge 30):");
        OtherInformation.print(purchases, lines, calibrationEnd);
    }

    /** Each feature as indicators of its deciles among these rows (ties kept together). */
    private static double[][] deciles(double[][] x) {
        int p = x[0].length;
        List<double[]> cuts = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            int column = j;
            double[] sorted =
                    Arrays.stream(x).mapToDouble(row -> row[column]).sorted().toArray();
            double[] c = new double[9];
            for (int d = 1; d <= 9; d++) {
                c[d - 1] = sorted[sorted.length * d / 10];
            }
            cuts.add(c);
        }
        double[][] out = new double[x.length][p * 10];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < p; j++) {
                int bin = 0;
                while (bin < 9 && x[i][j] > cuts.get(j)[bin]) {
                    bin++;
                }
                out[i][j * 10 + bin] = 1;
            }
        }
        return out;
    }

    private static void fitTimes() {
        Map<PurchaseHistory, Long> cdnow = new HashMap<>();
        Cdnow.summary().values().forEach(s -> cdnow.merge(new PurchaseHistory(s.x(), s.tx(), s.T()), 1L, Long::sum));
        time("CDNOW (2,357 customers)", cdnow);
        time("100,000 synthetic customers", SyntheticCustomers.draw(new BgNbd(0.5, 6, 0.6, 3), 100_000, 52, 1));
    }

    private static void time(String name, Map<PurchaseHistory, Long> histories) {
        for (int run = 1; run <= 3; run++) {
            long started = System.nanoTime();
            BgNbdFit fit = ModelFitter.fitBgNbd(histories);
            System.out.printf(
                    "fit %s, run %d: %d ms, %d distinct histories, %d likelihood evaluations, LL %.2f%n",
                    name,
                    run,
                    (System.nanoTime() - started) / 1_000_000,
                    fit.histories(),
                    fit.evaluations(),
                    fit.logLikelihood());
        }
    }
}
