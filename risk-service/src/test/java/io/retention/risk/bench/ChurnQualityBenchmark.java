package io.retention.risk.bench;

import io.retention.contract.CloudEvent;
import io.retention.risk.config.RiskConfig;
import io.retention.risk.engine.ShippedConfig;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.model.BgNbd;
import io.retention.risk.model.BgNbdFit;
import io.retention.risk.model.Cdnow;
import io.retention.risk.model.ModelFitter;
import io.retention.risk.model.PurchaseHistory;
import io.retention.risk.model.PurchaseModel;
import io.retention.risk.model.SyntheticCustomers;
import io.retention.risk.scoring.RiskScorer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Prints the churn quality of the risk score on UCI Online Retail (AUC against the README's baselines) and the fit
 * times of the purchase model on CDNOW and on 100,000 synthetic customers. Uses the service's own state, features,
 * model and scorer with their shipped defaults. Argument: the path of online-retail.csv (default
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
        LocalDate holdoutEnd = calibrationEnd.plusWeeks(13);
        Instant now = calibrationEnd.atTime(23, 59).toInstant(ZoneOffset.UTC);
        Map<String, CustomerState> states = new HashMap<>();
        Set<String> boughtInHoldout = new HashSet<>();
        for (CloudEvent event : OnlineRetail.purchases(csv)) {
            LocalDate day = OnlineRetail.day(event);
            if (!day.isAfter(calibrationEnd)) {
                states.computeIfAbsent(event.subject(), id -> new CustomerState())
                        .apply(event, now);
            } else if (!day.isAfter(holdoutEnd)) {
                boughtInHoldout.add(event.subject());
            }
        }
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
            System.out.printf("  AUC %.4f  %s%n", auc(scores, churned), name);
        });
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

    /** Area under the ROC curve by the rank-sum (Mann-Whitney) statistic, ties counted half. */
    static double auc(double[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < scores.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
