package io.retention.risk.bench;

import io.retention.contract.CloudEvent;
import io.retention.risk.config.RiskConfig;
import io.retention.risk.engine.ShippedConfig;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.learning.ChurnFeatures;
import io.retention.risk.model.ModelFitter;
import io.retention.risk.model.PurchaseHistory;
import io.retention.risk.model.PurchaseModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every buyer's learning features at a cut-off, from the purchases up to it and a purchase model fitted on them, each
 * labelled by whether they bought in the 13 weeks after it; optionally with features from elsewhere appended.
 */
final class ChurnRows {
    private static final RiskConfig SHIPPED = ShippedConfig.risk();

    /** Features appended to a buyer's row: what the platform's state does not hold. */
    interface Extra {
        Extra NONE = (customerId, state, cut) -> new double[0];

        double[] of(String customerId, CustomerState state, LocalDate cut);
    }

    record Rows(double[][] x, boolean[] churned) {}

    private ChurnRows() {}

    /** The buyers at {@code cut} in customer-id order. */
    static Rows at(List<CloudEvent> purchases, LocalDate cut, Extra extra) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        add(purchases, cut, extra, rows, labels);
        return rows(rows, labels);
    }

    /**
     * The buyers at {@code count} cut-offs 4 weeks apart, the latest 13 weeks before {@code end}: what a model fitted
     * at {@code end} may learn from.
     */
    static Rows before(List<CloudEvent> purchases, LocalDate end, int count, Extra extra) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            add(purchases, end.minusWeeks(13 + 4L * s), extra, rows, labels);
        }
        return rows(rows, labels);
    }

    /**
     * The buyers at the end of a cut-off day, by customer id, and which of them bought in the 13 weeks after it.
     *
     * @param at the end of the day, the moment their features are taken at
     */
    record Cut(Instant at, Map<String, CustomerState> states, Set<String> boughtAfter) {}

    static Cut cut(List<CloudEvent> purchases, LocalDate day) {
        LocalDate horizon = day.plusWeeks(13);
        Instant at = day.atTime(23, 59).toInstant(ZoneOffset.UTC);
        Map<String, CustomerState> states = new TreeMap<>();
        Set<String> bought = new HashSet<>();
        for (CloudEvent event : purchases) {
            LocalDate when = OnlineRetail.day(event);
            if (!when.isAfter(day)) {
                states.computeIfAbsent(event.subject(), id -> new CustomerState())
                        .apply(event, at);
            } else if (!when.isAfter(horizon)) {
                bought.add(event.subject());
            }
        }
        return new Cut(at, states, bought);
    }

    private static void add(
            List<CloudEvent> purchases, LocalDate cut, Extra extra, List<double[]> rows, List<Boolean> labels) {
        Cut buyers = cut(purchases, cut);
        Instant at = buyers.at();
        Map<String, CustomerState> states = buyers.states();
        Set<String> bought = buyers.boughtAfter();
        Map<PurchaseHistory, Long> histories = new HashMap<>();
        Map<String, Features> features = new HashMap<>();
        states.forEach((id, state) -> {
            Features f = Features.of(state, at);
            features.put(id, f);
            histories.merge(f.purchaseHistory(), 1L, Long::sum);
        });
        PurchaseModel model = new PurchaseModel(
                ModelFitter.fitBgNbd(histories),
                null,
                at,
                0,
                SHIPPED.model().horizonWeeks(),
                SHIPPED.model().cadenceWeight());
        states.forEach((id, state) -> {
            Features f = features.get(id);
            double[] own = ChurnFeatures.of(state, f, model.outlook(f.purchaseHistory(), null), cut);
            double[] more = extra.of(id, state, cut);
            double[] row = java.util.Arrays.copyOf(own, own.length + more.length);
            System.arraycopy(more, 0, row, own.length, more.length);
            rows.add(row);
            labels.add(!bought.contains(id));
        });
    }

    private static Rows rows(List<double[]> rows, List<Boolean> labels) {
        boolean[] churned = new boolean[labels.size()];
        for (int i = 0; i < churned.length; i++) {
            churned[i] = labels.get(i);
        }
        return new Rows(rows.toArray(double[][]::new), churned);
    }
}
