package io.retention.risk.model;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Maximum-likelihood fits of the purchase models over all customers. Customers with the same history are fitted as one
 * weighted row, which makes a fit over 100,000 customers cost about as much as one over their distinct histories.
 */
public final class ModelFitter {

    private ModelFitter() {}

    /**
     * Fits BG/NBD to the histories (each with the number of customers that share it). Where the likelihood is highest on
     * the boundary a -> 0 (nobody drops out), which real data does, the fit does not fail: it returns the plain NBD
     * (a = 0) and says so in {@link BgNbdFit#boundary()}.
     */
    public static BgNbdFit fitBgNbd(Map<PurchaseHistory, Long> histories) {
        long customers = histories.values().stream().mapToLong(Long::longValue).sum();
        if (observedCustomers(histories) == 0) {
            // a customer first seen now has likelihood 1 whatever the parameters: nothing to fit
            throw new IllegalArgumentException(
                    "no customer with a purchase observed for any time to fit the purchase model to");
        }
        HistoryColumns columns = HistoryColumns.of(histories);
        MaximumLikelihood.Optimum full = MaximumLikelihood.maximise(
                p -> columns.logLikelihood(new BgNbd(p[0], p[1], p[2], p[3])), new double[] {1, 1, 1, 1});
        MaximumLikelihood.Optimum noDropout = MaximumLikelihood.maximise(
                p -> columns.logLikelihood(new BgNbd(p[0], p[1], 0, 1)), new double[] {1, 1});
        int evaluations = full.evaluations() + noDropout.evaluations();
        if (noDropout.logLikelihood() >= full.logLikelihood() - 1e-6) {
            double[] p = noDropout.parameters();
            return new BgNbdFit(
                    new BgNbd(p[0], p[1], 0, full.parameters()[3]),
                    noDropout.logLikelihood(),
                    customers,
                    histories.size(),
                    evaluations,
                    BgNbdFit.NO_DROPOUT);
        }
        double[] p = full.parameters();
        return new BgNbdFit(
                new BgNbd(p[0], p[1], p[2], p[3]),
                full.logLikelihood(),
                customers,
                histories.size(),
                evaluations,
                null);
    }

    /** Fits Gamma-Gamma to repeat buyers: each key is {x, mean repeat value} with the number of customers sharing it. */
    public static GammaGammaFit fitGammaGamma(Map<RepeatSpend, Long> buyers) {
        long customers = buyers.values().stream().mapToLong(Long::longValue).sum();
        if (customers == 0) {
            throw new IllegalArgumentException("no repeat buyer to fit the spend model to");
        }
        SpendColumns columns = SpendColumns.of(buyers);
        MaximumLikelihood.Optimum optimum = MaximumLikelihood.maximise(
                p -> columns.logLikelihood(new GammaGamma(p[0], p[1], p[2])), new double[] {1, 1, 1});
        double[] p = optimum.parameters();
        return new GammaGammaFit(new GammaGamma(p[0], p[1], p[2]), optimum.logLikelihood(), customers);
    }

    /** Customers observed for some time after their first purchase (T > 0): the ones a fit learns from. */
    public static long observedCustomers(Map<PurchaseHistory, Long> histories) {
        return histories.entrySet().stream()
                .filter(h -> h.getKey().T() > 0)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    public static double logLikelihood(BgNbd model, Map<PurchaseHistory, Long> histories) {
        return HistoryColumns.of(histories).logLikelihood(model);
    }

    /**
     * The rows in a total order: a likelihood is a floating-point sum, so a fit must not depend on the order rows came
     * in.
     */
    private static <K> List<Map.Entry<K, Long>> inTotalOrder(Map<K, Long> rows, Comparator<K> order) {
        return rows.entrySet().stream().sorted(Map.Entry.comparingByKey(order)).toList();
    }

    /**
     * Repeat buyers as columns ordered by x, so that an evaluation computes the Gamma functions once per distinct x, each
     * mean's logarithm computed once for all of the optimiser's evaluations.
     */
    private record SpendColumns(int[] x, double[] meanValue, double[] logMeanValue, long[] customers) {
        static SpendColumns of(Map<RepeatSpend, Long> buyers) {
            List<Map.Entry<RepeatSpend, Long>> byCount = inTotalOrder(
                    buyers, Comparator.comparingInt(RepeatSpend::x).thenComparingDouble(RepeatSpend::meanValue));
            int n = byCount.size();
            SpendColumns columns = new SpendColumns(new int[n], new double[n], new double[n], new long[n]);
            for (int i = 0; i < n; i++) {
                RepeatSpend buyer = byCount.get(i).getKey();
                columns.x[i] = buyer.x();
                columns.meanValue[i] = buyer.meanValue();
                columns.logMeanValue[i] = Math.log(buyer.meanValue());
                columns.customers[i] = byCount.get(i).getValue();
            }
            return columns;
        }

        double logLikelihood(GammaGamma model) {
            double sum = 0;
            int termOf = -1;
            double countTerm = 0;
            for (int i = 0; i < x.length; i++) {
                if (x[i] != termOf) {
                    countTerm = model.countTerm(x[i]);
                    termOf = x[i];
                }
                sum += customers[i]
                        * (countTerm + model.logLikelihoodGivenCountTerm(x[i], meanValue[i], logMeanValue[i]));
            }
            return sum;
        }
    }

    /** The histories as columns ordered by x, so that an evaluation computes the Gamma functions once per distinct x. */
    private record HistoryColumns(int[] x, double[] tx, double[] T, long[] customers) {
        static HistoryColumns of(Map<PurchaseHistory, Long> histories) {
            List<Map.Entry<PurchaseHistory, Long>> byCount = inTotalOrder(
                    histories,
                    Comparator.comparingInt(PurchaseHistory::x)
                            .thenComparingDouble(PurchaseHistory::tx)
                            .thenComparingDouble(PurchaseHistory::T));
            int n = byCount.size();
            HistoryColumns columns = new HistoryColumns(new int[n], new double[n], new double[n], new long[n]);
            for (int i = 0; i < n; i++) {
                PurchaseHistory history = byCount.get(i).getKey();
                columns.x[i] = history.x();
                columns.tx[i] = history.tx();
                columns.T[i] = history.T();
                columns.customers[i] = byCount.get(i).getValue();
            }
            return columns;
        }

        double logLikelihood(BgNbd model) {
            double sum = 0;
            BgNbd.CountTerms terms = null;
            for (int i = 0; i < x.length; i++) {
                if (terms == null || terms.x() != x[i]) {
                    terms = model.countTerms(x[i]);
                }
                sum += customers[i] * model.logLikelihood(terms, tx[i], T[i]);
            }
            return sum;
        }
    }

    /** A repeat buyer's spend: {@code x} repeat purchases of mean value {@code meanValue} (> 0). */
    public record RepeatSpend(int x, double meanValue) {
        public RepeatSpend {
            if (x < 1 || !(meanValue > 0)) {
                throw new IllegalArgumentException("a repeat buyer needs x >= 1 and a positive mean value");
            }
        }
    }
}
