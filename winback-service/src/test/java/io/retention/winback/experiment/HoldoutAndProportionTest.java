package io.retention.winback.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoldoutAndProportionTest {

    @Test
    void aboutTheShareOfCustomersIsHeldOutAlwaysTheSameOnes() {
        Holdout holdout = new Holdout(0.10, "salt-1");
        long held = IntStream.range(0, 100_000)
                .filter(i -> holdout.isHeldOut("customer-" + i))
                .count();
        assertThat(held).isBetween(9_600L, 10_400L);
        assertThat(new Holdout(0.10, "salt-1").isHeldOut("customer-42")).isEqualTo(holdout.isHeldOut("customer-42"));
        long sameWithOtherSalt = IntStream.range(0, 10_000)
                .filter(i ->
                        holdout.isHeldOut("customer-" + i) && new Holdout(0.10, "salt-2").isHeldOut("customer-" + i))
                .count();
        assertThat(sameWithOtherSalt).as("another salt draws another group").isLessThan(200);
        assertThat(IntStream.range(0, 1_000).noneMatch(i -> new Holdout(0, "s").isHeldOut("c" + i)))
                .isTrue();
        assertThatThrownBy(() -> new Holdout(1, "s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wilsonIntervals() {
        // Wilson score interval computed independently (Python, z = 1.96): 47 of 100 → 0.3751 .. 0.5671; 0 of 10 → 0 ..
        // 0.2775
        Proportion p = Proportion.of(47, 100);
        assertThat(p.rate()).isEqualTo(0.47);
        assertThat(p.low()).isCloseTo(0.3751, within(1e-4));
        assertThat(p.high()).isCloseTo(0.5671, within(1e-4));
        Proportion none = Proportion.of(0, 10);
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(0.2775, within(1e-4));
        assertThat(Proportion.of(0, 0)).isEqualTo(new Proportion(0, 0, 0, 0, 1));
    }
}
