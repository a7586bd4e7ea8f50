package io.retention.winback.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OfferRoutingTest {
    private final OfferRouting routing = new OfferRouting(20, 10);

    @Test
    void priceChurnGetsADiscount() {
        assertThat(routing.choose(ChurnReason.PRICE)).isEqualTo(new OfferChoice(OfferKind.DISCOUNT, 20, "discount-20"));
    }

    @ParameterizedTest
    @EnumSource(value = ChurnReason.class, names = "PRICE", mode = EnumSource.Mode.EXCLUDE)
    void everyOtherReasonGetsTheBundle(ChurnReason reason) {
        assertThat(routing.choose(reason)).isEqualTo(new OfferChoice(OfferKind.BUNDLE, 10, "bundle-10"));
    }

    @Test
    void refusesDiscountsThatAreNotPercentages() {
        assertThatThrownBy(() -> new OfferRouting(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OfferRouting(20, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codesAreGroupedBase32AndDoNotRepeat() {
        OfferCodes codes = new OfferCodes(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = codes.next();
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}");
            assertThat(seen.add(code)).isTrue();
        }
    }

    @Test
    void aTypedCodeIsNormalisedWhateverItsCaseAndSeparators() {
        assertThat(OfferCodes.normalise(" abcd efgh-jkmn pqrs ")).isEqualTo("ABCD-EFGH-JKMN-PQRS");
        assertThat(OfferCodes.normalise("short")).isEqualTo("short");
    }
}
