package io.retention.winback.experiment;

import java.util.List;
import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.random.RandomGenerator;

/**
 * Picks an arm by Thompson sampling: each arm's redemption rate has a Beta(1 + redeemed, 1 + not redeemed) posterior;
 * one draw from each, the highest wins. Arms that do better get more traffic, and an arm with little data still gets
 * tried. Only offers whose outcome is known count (redeemed, or expired unredeemed). Pure logic.
 */
public final class ThompsonSampling {
    private final RandomGenerator random;

    public ThompsonSampling(RandomGenerator random) {
        this.random = random;
    }

    /** An arm and what it has shown so far. */
    public record Arm(String id, long redeemed, long notRedeemed) {}

    public String choose(List<Arm> arms) {
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("no arm to choose from");
        }
        String best = null;
        double bestDraw = -1;
        for (Arm arm : arms) {
            double draw = new BetaDistribution(1 + arm.redeemed(), 1 + arm.notRedeemed())
                    .inverseCumulativeProbability(random.nextDouble());
            if (draw > bestDraw) {
                bestDraw = draw;
                best = arm.id();
            }
        }
        return best;
    }
}
