package io.retention.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The BG/NBD forecasts against the model's definition integrated numerically, including dropout parameters with
 * {@code a + b < 1}, where the forecasts' hypergeometric function has a negative {@code c} (a fit near the no-dropout
 * boundary lands there: the learning round's fits on a generated history did).
 */
class BgNbdForecastTest {

    @Test
    void theSeriesHoldsForANegativeC() {
        // 2F1(a, b; b; z) = (1 - z)^-a for any b that is not a pole
        assertThat(Hypergeometric.f21(1.7, -0.3, -0.3, 0.4)).isCloseTo(Math.pow(0.6, -1.7), within(1e-12));
        assertThat(Hypergeometric.f21(0.5, -0.97, -0.97, 8e-5)).isCloseTo(Math.pow(1 - 8e-5, -0.5), within(1e-12));
    }

    @Test
    void expectedRepeatPurchasesAreTheModelsOwnWithDropoutAsUsual() {
        BgNbd model = new BgNbd(0.243, 4.414, 0.793, 2.426); // CDNOW's published fit: a + b - 1 > 0
        assertThat(model.expectedRepeatPurchases(39)).isCloseTo(byDefinition(model, 39), within(1e-7));
    }

    @Test
    void expectedRepeatPurchasesAreTheModelsOwnWhenDropoutParametersSumBelowOne() {
        BgNbd model = new BgNbd(0.5, 5, 0.3, 0.4); // a + b - 1 = -0.3
        assertThat(model.expectedRepeatPurchases(39)).isCloseTo(byDefinition(model, 39), within(1e-7));
        BgNbd nearPole = new BgNbd(2.1, 12, 0.02, 0.01); // a + b - 1 = -0.97
        assertThat(nearPole.expectedRepeatPurchases(13)).isCloseTo(byDefinition(nearPole, 13), within(1e-7));
    }

    @Test
    void expectedRepeatPurchasesAreContinuousWhereDropoutParametersSumToOne() {
        BgNbd model = new BgNbd(0.5, 5, 0.4, 0.6); // a + b - 1 = 0: the pole the factor in front cancels
        BgNbd beside = new BgNbd(0.5, 5, 0.4, 0.6 + 1e-6);
        assertThat(model.expectedRepeatPurchases(39)).isCloseTo(beside.expectedRepeatPurchases(39), within(1e-5));
    }

    @Test
    void aCustomerWithoutRepeatPurchasesIsForecastAsANewOneSeenForTheirTime() {
        BgNbd model = new BgNbd(0.5, 5, 0.3, 0.4);
        // x = 0: alive for sure, purchase rate learnt from T quiet weeks, dropout as a priori
        double forecast = model.expectedPurchases(13, new PurchaseHistory(0, 0, 20));
        assertThat(forecast).isCloseTo(byDefinition(new BgNbd(0.5, 5 + 20, 0.3, 0.4), 13), within(1e-7));
    }

    /**
     * E[X(t)] = E over p ~ Beta(a, b) of (1 - E over rate ~ Gamma(r, alpha) of e^(-rate p t)) / p: a purchase at rate
     * lambda, each followed by dropout with probability p, gives (1 - e^(-lambda p t)) / p purchases in t on average.
     * Each half of [0, 1] is integrated in a variable that takes the Beta density's singular end out.
     */
    private static double byDefinition(BgNbd model, double t) {
        double logBeta = Gamma.logGamma(model.a()) + Gamma.logGamma(model.b()) - Gamma.logGamma(model.a() + model.b());
        UnivariateFunction purchasesGivenP = p -> -Math.expm1(-model.r() * Math.log1p(p * t / model.alpha())) / p;
        // p = u^(1/a): p^(a-1) dp = du / a
        UnivariateFunction lowerHalf = u -> {
            double p = Math.pow(u, 1 / model.a());
            return purchasesGivenP.value(p) * Math.pow(1 - p, model.b() - 1) / model.a();
        };
        // 1 - p = v^(1/b): (1-p)^(b-1) dp = dv / b
        UnivariateFunction upperHalf = v -> {
            double p = 1 - Math.pow(v, 1 / model.b());
            return purchasesGivenP.value(p) * Math.pow(p, model.a() - 1) / model.b();
        };
        IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(32, 1e-13, 1e-13);
        double lower = integrator.integrate(10_000_000, lowerHalf, 0, Math.pow(0.5, model.a()));
        double upper = integrator.integrate(10_000_000, upperHalf, 0, Math.pow(0.5, model.b()));
        return (lower + upper) / Math.exp(logBeta);
    }
}
