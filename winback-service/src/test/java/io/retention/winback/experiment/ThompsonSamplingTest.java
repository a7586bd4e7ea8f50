package io.retention.winback.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.junit.jupiter.api.Test;

class ThompsonSamplingTest {

    /**
     * 3,000 lost customers approached one after the other; arm "bundle" is truly redeemed by 20 %, "discount" by 8 %.
     * The sampler learns only from the outcomes it sees, and moves the traffic to the better arm.
     */
    @Test
    void theBanditMovesTrafficToTheBetterArm() {
        RandomGenerator world = new Well19937c(7);
        ThompsonSampling sampling = new ThompsonSampling(new Well19937c(11));
        double[] trueRate = {0.08, 0.20};
        String[] ids = {"discount", "bundle"};
        long[] redeemed = new long[2];
        long[] notRedeemed = new long[2];
        int[] firstThousand = new int[2];
        int[] lastThousand = new int[2];
        for (int customer = 0; customer < 3_000; customer++) {
            String chosen = sampling.choose(List.of(
                    new ThompsonSampling.Arm(ids[0], redeemed[0], notRedeemed[0]),
                    new ThompsonSampling.Arm(ids[1], redeemed[1], notRedeemed[1])));
            int arm = chosen.equals(ids[0]) ? 0 : 1;
            if (customer < 1_000) {
                firstThousand[arm]++;
            } else if (customer >= 2_000) {
                lastThousand[arm]++;
            }
            if (world.nextDouble() < trueRate[arm]) {
                redeemed[arm]++;
            } else {
                notRedeemed[arm]++;
            }
        }
        assertThat(lastThousand[1])
                .as("share of the better arm in the last 1,000")
                .isGreaterThan(900);
        assertThat(lastThousand[1]).isGreaterThanOrEqualTo(firstThousand[1]);
        assertThat(firstThousand[0])
                .as("the worse arm was still tried early on")
                .isGreaterThan(10);
    }

    @Test
    void withoutDataBothArmsGetTraffic() {
        ThompsonSampling sampling = new ThompsonSampling(new Well19937c(3));
        int first = 0;
        for (int i = 0; i < 2_000; i++) {
            if (sampling.choose(List.of(new ThompsonSampling.Arm("a", 0, 0), new ThompsonSampling.Arm("b", 0, 0)))
                    .equals("a")) {
                first++;
            }
        }
        assertThat(first).isBetween(900, 1_100);
    }
}
