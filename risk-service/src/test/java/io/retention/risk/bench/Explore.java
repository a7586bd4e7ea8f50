package io.retention.risk.bench;

import io.retention.contract.CloudEvent;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.model.*;
import java.nio.file.Path;
import java.time.*;
import java.util.*;
import java.util.function.ToDoubleFunction;

public class Explore {
    static Map<Features, CustomerState> statesRef = new IdentityHashMap<>();
    public static void main(String[] args) throws Exception {
        LocalDate calEnd = LocalDate.parse(args.length > 0 ? args[0] : "2011-09-09");
        LocalDate holdEnd = calEnd.plusWeeks(13);
        List<CloudEvent> events = OnlineRetail.purchases(Path.of("/work/shared/datasets/online-retail/online-retail.csv"));
        Instant now = calEnd.atTime(23, 59).toInstant(ZoneOffset.UTC);
        Map<String, CustomerState> states = new HashMap<>();
        Set<String> boughtInHoldout = new HashSet<>();
        Map<String, Set<LocalDate>> hd = new HashMap<>();
        for (CloudEvent e : events) {
            LocalDate d = OnlineRetail.day(e);
            if (!d.isAfter(calEnd)) states.computeIfAbsent(e.subject(), k -> new CustomerState()).apply(e, now);
            else if (!d.isAfter(holdEnd)) { boughtInHoldout.add(e.subject()); hd.computeIfAbsent(e.subject(), k->new HashSet<>()).add(d);}
        }
        Map<String, Features> f = new HashMap<>();
        states.forEach((k, s) -> { Features ff = Features.of(s, now); f.put(k, ff); statesRef.put(ff, s); });
        Map<PurchaseHistory, Long> h = new HashMap<>();
        f.values().forEach(x -> h.merge(x.purchaseHistory(), 1L, Long::sum));
        long t0 = System.nanoTime();
        BgNbdFit fit = ModelFitter.fitBgNbd(h);
        System.out.printf("customers %d, fit %s in %d ms, holdout days %d%n", f.size(), fit, (System.nanoTime()-t0)/1000000, hd.values().stream().mapToInt(Set::size).sum());
        BgNbd m = fit.model();
        List<String> ids = new ArrayList<>(f.keySet());
        boolean[] churned = new boolean[ids.size()];
        for (int i = 0; i < ids.size(); i++) churned[i] = !boughtInHoldout.contains(ids.get(i));
        Map<String, ToDoubleFunction<Features>> c = new LinkedHashMap<>();
        c.put("recency", x -> x.purchaseHistory().T() - x.purchaseHistory().tx());
        c.put("-E", x -> -m.expectedPurchases(13, x.purchaseHistory()));
        c.put("P0", x -> m.probabilityOfNoPurchase(13, x.purchaseHistory()));
        for (double k : new double[]{0.5, 1, 2, 3}) {
            c.put("P0 gap-surprise k=" + k, x -> {
                PurchaseHistory p = x.purchaseHistory();
                double rate = (m.r() + p.x()) / (m.alpha() + p.T());
                double gap = p.T() - p.tx();
                double alive = Math.exp(-k * Math.max(0, rate * gap - 1));
                return 1 - alive + alive * m.probabilityOfNoPurchase(13, p);
            });
            c.put("P0 cadence k=" + k, x -> {
                PurchaseHistory p = x.purchaseHistory();
                double rate = (m.r() + p.x()) / (m.alpha() + p.tx() + 1);
                double gap = p.T() - p.tx();
                double alive = Math.exp(-k * Math.max(0, rate * gap - 1));
                return 1 - alive + alive * m.probabilityOfNoPurchase(13, p);
            });
        }
        c.put("P0 at-last", x -> { PurchaseHistory p = x.purchaseHistory();
            // how the customer looked at the last purchase, decayed by the gap
            double rate = (m.r() + p.x()) / (m.alpha() + p.tx());
            return 1 - Math.exp(-rate * 13) * Math.exp(-0 * (p.T()-p.tx()));});
        for (double w : new double[]{0.02, 0.05, 0.1, 0.2}) c.put("P0 + w*gapweeks w=" + w, x -> { PurchaseHistory p = x.purchaseHistory();
            return m.probabilityOfNoPurchase(13, p) + w * Math.log1p(p.T()-p.tx());});
        for (int weeks : new int[]{8, 13, 26}) for (double mix : new double[]{0.3, 0.5, 0.7, 1.0}) {
            c.put("P0 recent W=" + weeks + " mix=" + mix, x -> { PurchaseHistory p = x.purchaseHistory();
                CustomerState st = statesRef.get(x);
                long n = st.purchaseDays.keySet().stream().filter(d -> !d.isBefore(calEnd.minusWeeks(weeks).plusDays(1))).count();
                double w = Math.min(p.T(), weeks);
                double logRecent = (m.r() + n) * Math.log((m.alpha() + w) / (m.alpha() + w + 13));
                double logAll = (m.r() + p.x()) * Math.log((m.alpha() + p.T()) / (m.alpha() + p.T() + 13));
                return Math.exp(mix * logRecent + (1 - mix) * logAll);
            });
        }
        for (var e : c.entrySet()) {
            double[] s = new double[ids.size()];
            for (int i = 0; i < ids.size(); i++) s[i] = e.getValue().applyAsDouble(f.get(ids.get(i)));
            System.out.printf("%-30s AUC %.4f  (rounded to 100: %.4f)%n", e.getKey(), auc(s, churned), auc(Arrays.stream(s).map(v->v).toArray(), churned));
        }
    }

    static double auc(double[] s, boolean[] pos) {
        Integer[] idx = new Integer[s.length];
        for (int i = 0; i < s.length; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingDouble(i -> s[i]));
        double rankSum = 0; long np = 0;
        int i = 0;
        while (i < idx.length) {
            int j = i; while (j + 1 < idx.length && s[idx[j + 1]] == s[idx[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) if (pos[idx[k]]) { rankSum += avg; np++; }
            i = j + 1;
        }
        long nn = s.length - np;
        return (rankSum - np * (np + 1) / 2.0) / (np * (double) nn);
    }
}
