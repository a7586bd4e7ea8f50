package io.retention.risk.bench;

import io.retention.contract.CloudEvent;
import io.retention.risk.features.CustomerState;
import io.retention.risk.learning.LogisticFitter;
import io.retention.risk.learning.LogisticModel;
import io.retention.risk.learning.Validation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Whether information the learning features leave out would rank churners better: what the file holds beyond the
 * purchase events' dates and amounts (the lines' products, quantities and prices, cancellations, the country) and the
 * shape of the purchase days (regularity, trend). Each is appended to the 17 features, learned as the benchmark's
 * logistic regression is (4 snapshots, ridge 30) and, as a ceiling, fitted on the judged customers' own outcomes.
 */
final class OtherInformation {
    private static final String[] FILE_REST = {
        "log distinct products",
        "share of products bought on two days or more",
        "log lines per order",
        "log quantity per line",
        "log unit price",
        "share of the last 90 days' lines re-ordering a product",
        "cancelled share of spend",
        "in the United Kingdom"
    };
    private static final String[] SHAPE = {
        "gaps' coefficient of variation",
        "last gap / mean gap",
        "days since last purchase / longest gap",
        "log days since the purchase before the last",
        "purchase days last 90 against the 90 before",
        "last day's spend against the mean"
    };

    private OtherInformation() {}

    static void print(List<CloudEvent> purchases, List<OnlineRetail.Line> lines, LocalDate calibrationEnd) {
        Map<String, List<OnlineRetail.Line>> byCustomer = new HashMap<>();
        lines.forEach(line -> byCustomer
                .computeIfAbsent(line.customerId(), id -> new ArrayList<>())
                .add(line));
        ChurnRows.Extra fileRest = (id, state, cut) -> fileRest(byCustomer.getOrDefault(id, List.of()), cut);
        ChurnRows.Extra both = (id, state, cut) -> concat(fileRest.of(id, state, cut), shape(state, cut));
        report("the 17 features", purchases, calibrationEnd, ChurnRows.Extra.NONE);
        report("+ the rest of the file (" + String.join(", ", FILE_REST) + ")", purchases, calibrationEnd, fileRest);
        report(
                "+ the purchase days' shape (" + String.join(", ", SHAPE) + ")",
                purchases,
                calibrationEnd,
                (id, state, cut) -> shape(state, cut));
        report("+ both", purchases, calibrationEnd, both);
    }

    private static void report(String name, List<CloudEvent> purchases, LocalDate end, ChurnRows.Extra extra) {
        ChurnRows.Rows training = ChurnRows.before(purchases, end, 4, extra);
        ChurnRows.Rows judged = ChurnRows.at(purchases, end, extra);
        List<String> names = IntStream.range(0, training.x()[0].length)
                .mapToObj(j -> "feature " + j)
                .toList();
        LogisticModel learned = LogisticFitter.fit(names, training.x(), training.churned(), 30);
        LogisticModel inSample = LogisticFitter.fit(names, judged.x(), judged.churned(), 1);
        System.out.printf(
                "  AUC %.4f learned, %.4f in-sample ceiling  %s%n",
                Validation.auc(
                        Arrays.stream(judged.x())
                                .mapToDouble(learned::probability)
                                .toArray(),
                        judged.churned()),
                Validation.auc(
                        Arrays.stream(judged.x())
                                .mapToDouble(inSample::probability)
                                .toArray(),
                        judged.churned()),
                name);
    }

    private static double[] fileRest(List<OnlineRetail.Line> all, LocalDate cut) {
        double cancelled = 0;
        double spent = 0;
        List<OnlineRetail.Line> ordered = new ArrayList<>();
        for (OnlineRetail.Line line : all) {
            if (line.day().isAfter(cut)) {
                continue;
            }
            if (line.cancelled()) {
                cancelled -= line.amount();
            } else {
                spent += line.amount();
                ordered.add(line);
            }
        }
        if (ordered.isEmpty()) {
            return new double[FILE_REST.length];
        }
        Map<String, TreeSet<LocalDate>> productDays = new HashMap<>();
        Set<String> orders = new HashSet<>();
        double quantity = 0;
        double price = 0;
        for (OnlineRetail.Line line : ordered) {
            productDays.computeIfAbsent(line.sku(), sku -> new TreeSet<>()).add(line.day());
            orders.add(line.invoice());
            quantity += line.quantity();
            price += line.unitPrice().doubleValue();
        }
        long reordered =
                productDays.values().stream().filter(days -> days.size() > 1).count();
        long recent = 0;
        long recentReorders = 0;
        for (OnlineRetail.Line line : ordered) {
            if (line.day().isAfter(cut.minusDays(90))) {
                recent++;
                recentReorders += productDays.get(line.sku()).first().isBefore(line.day()) ? 1 : 0;
            }
        }
        return new double[] {
            Math.log1p(productDays.size()),
            (double) reordered / productDays.size(),
            Math.log1p((double) ordered.size() / orders.size()),
            Math.log1p(quantity / ordered.size()),
            Math.log(price / ordered.size()),
            recent == 0 ? 0 : (double) recentReorders / recent,
            Math.min(1, cancelled / Math.max(1, spent)),
            "United Kingdom".equals(ordered.get(0).country()) ? 1 : 0
        };
    }

    private static double[] shape(CustomerState state, LocalDate cut) {
        List<LocalDate> days = new ArrayList<>(state.purchaseDays.keySet());
        int n = days.size();
        double[] shape = new double[SHAPE.length];
        long sinceLast = ChronoUnit.DAYS.between(days.get(n - 1), cut);
        if (n >= 3) {
            double[] gaps = IntStream.range(1, n)
                    .mapToDouble(i -> ChronoUnit.DAYS.between(days.get(i - 1), days.get(i)))
                    .toArray();
            double mean = Arrays.stream(gaps).average().orElseThrow();
            double spread = Math.sqrt(Arrays.stream(gaps)
                    .map(gap -> (gap - mean) * (gap - mean))
                    .average()
                    .orElseThrow());
            shape[0] = spread / mean;
            shape[1] = Math.min(5, gaps[gaps.length - 1] / mean);
            shape[2] = Math.min(5, sinceLast / Arrays.stream(gaps).max().orElseThrow());
        }
        if (n >= 2) {
            shape[3] = Math.log1p(ChronoUnit.DAYS.between(days.get(n - 2), cut));
        }
        long last90 = days.stream()
                .filter(day -> ChronoUnit.DAYS.between(day, cut) < 90)
                .count();
        long before90 = days.stream()
                .filter(day -> ChronoUnit.DAYS.between(day, cut) >= 90 && ChronoUnit.DAYS.between(day, cut) < 180)
                .count();
        shape[4] = Math.log1p(last90) - Math.log1p(before90);
        double meanSpend = state.purchaseDays.values().stream()
                .mapToDouble(BigDecimal::doubleValue)
                .average()
                .orElseThrow();
        shape[5] = Math.log((state.purchaseDays.lastEntry().getValue().doubleValue() + 1) / (meanSpend + 1));
        return shape;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
