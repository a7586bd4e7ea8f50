package io.retention.winback.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OfferRoutingTest {
    private static final OfferTemplate DISCOUNT_20 =
            template("discount-20", OfferKind.DISCOUNT, 20, null, EnumSet.of(ChurnReason.PRICE), "0");
    private static final OfferTemplate DISCOUNT_40_VIP =
            template("discount-40", OfferKind.DISCOUNT, 40, null, EnumSet.noneOf(ChurnReason.class), "1000");
    private static final OfferTemplate SUPPORT = template(
            "premium-support",
            OfferKind.SERVICE_UPGRADE,
            null,
            "premium support",
            EnumSet.of(ChurnReason.SERVICE),
            "0");
    private static final OfferTemplate BUNDLE =
            template("bundle", OfferKind.BUNDLE, 15, "premium support", EnumSet.noneOf(ChurnReason.class), "0");
    private static final List<OfferTemplate> ALL = List.of(DISCOUNT_20, DISCOUNT_40_VIP, SUPPORT, BUNDLE);

    @Test
    void priceGetsADiscountAndOnlyValuableCustomersTheBiggerOne() {
        assertThat(OfferRouting.arms(ALL, ChurnReason.PRICE, new BigDecimal("50")))
                .containsExactly(DISCOUNT_20);
        assertThat(OfferRouting.arms(ALL, ChurnReason.PRICE, new BigDecimal("1000")))
                .containsExactly(DISCOUNT_20, DISCOUNT_40_VIP);
    }

    @Test
    void serviceGetsAnUpgradeOrTheRicherBundle() {
        assertThat(OfferRouting.arms(ALL, ChurnReason.SERVICE, BigDecimal.TEN)).containsExactly(SUPPORT, BUNDLE);
    }

    @ParameterizedTest
    @EnumSource(
            value = ChurnReason.class,
            names = {"PRODUCT", "COMPETITOR", "OTHER", "UNKNOWN"})
    void anyOtherOrUnknownReasonGetsTheBundle(ChurnReason reason) {
        assertThat(OfferRouting.arms(ALL, reason, BigDecimal.TEN)).containsExactly(BUNDLE);
    }

    @Test
    void aRetiredTemplateIsNoArm() {
        OfferTemplate retired =
                new OfferTemplate("old", OfferKind.BUNDLE, 5, "x", 30, Set.of(), BigDecimal.ZERO, false);
        assertThat(OfferRouting.arms(List.of(retired, BUNDLE), ChurnReason.OTHER, BigDecimal.TEN))
                .containsExactly(BUNDLE);
    }

    @Test
    void aTemplateSaysWhatIsWrongWithIt() {
        assertThat(template("x", OfferKind.DISCOUNT, null, null, Set.of(), "0").problems())
                .containsExactly("a DISCOUNT needs discountPercent between 1 and 100");
        assertThat(template("x", OfferKind.SERVICE_UPGRADE, 10, null, Set.of(), "0")
                        .problems())
                .containsExactly(
                        "a SERVICE_UPGRADE gives no discount: leave discountPercent out",
                        "a SERVICE_UPGRADE needs the upgrade it gives");
        assertThat(new OfferTemplate("x", OfferKind.BUNDLE, 101, "x", 0, Set.of(), new BigDecimal("-1"), true)
                        .problems())
                .hasSize(3);
        assertThat(BUNDLE.problems()).isEmpty();
    }

    @Test
    void codesAreGroupedBase32AndDoNotRepeat() {
        OfferCodes codes = new OfferCodes(new java.security.SecureRandom());
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

    private static OfferTemplate template(
            String id, OfferKind kind, Integer percent, String upgrade, Set<ChurnReason> reasons, String min) {
        return new OfferTemplate(id, kind, percent, upgrade, 30, reasons, new BigDecimal(min), true);
    }
}
