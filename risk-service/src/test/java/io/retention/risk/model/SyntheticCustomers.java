package io.retention.risk.model;

import java.util.HashMap;
import java.util.Map;
import org.hipparchus.random.RandomDataGenerator;

/** Customers drawn from a known BG/NBD process, for checking that a fit recovers it. */
public final class SyntheticCustomers {

    private SyntheticCustomers() {}

    /**
     * Histories of {@code customers} customers, each observed for {@code weeks} weeks since their first purchase and
     * their days rounded to whole days (as the service keeps them); grouped for the fitter.
     */
    public static Map<PurchaseHistory, Long> draw(BgNbd truth, int customers, double weeks, long seed) {
        RandomDataGenerator random = new RandomDataGenerator(seed);
        Map<PurchaseHistory, Long> histories = new HashMap<>();
        for (int i = 0; i < customers; i++) {
            double rate = random.nextGamma(truth.r(), 1 / truth.alpha());
            double dropout = truth.noDropout() ? 0 : random.nextBeta(truth.a(), truth.b());
            double t = 0;
            double last = 0;
            int x = 0;
            while (true) {
                t += random.nextExponential(1 / rate);
                if (t > weeks) {
                    break;
                }
                x++;
                last = t;
                if (random.nextUniform(0, 1) < dropout) {
                    break;
                }
            }
            double tx = Math.floor(last * 7) / 7;
            histories.merge(new PurchaseHistory(x, tx, Math.max(tx, weeks)), 1L, Long::sum);
        }
        return histories;
    }
}
