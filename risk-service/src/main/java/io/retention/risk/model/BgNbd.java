package io.retention.risk.model;

import static java.lang.Math.exp;
import static java.lang.Math.log;
import static java.lang.Math.pow;
import static org.hipparchus.special.Gamma.logGamma;

/**
 * The BG/NBD purchase model (Fader, Hardie &amp; Lee 2005) with its four parameters: purchase rates are Gamma(r, alpha)
 * across customers (alpha in weeks), and after each purchase a customer drops out with a probability that is
 * Beta(a, b) across customers. {@code a = 0} is the boundary where nobody drops out: the model is then the plain NBD,
 * every customer is alive, and the formulas below take their limits.
 */
public record BgNbd(double r, double alpha, double a, double b) {

    public BgNbd {
        if (!(r > 0 && alpha > 0 && a >= 0 && b > 0)) {
            throw new IllegalArgumentException("need r, alpha, b > 0 and a >= 0, got " + this);
        }
    }

    /** No dropout: the boundary solution a -> 0. */
    public boolean noDropout() {
        return a == 0;
    }

    /** The log-likelihood of one customer's history. */
    public double logLikelihood(PurchaseHistory h) {
        return logLikelihood(countTerms(h.x()), h.tx(), h.T());
    }

    /** The log-likelihood of a history with the count terms of its {@code x}, at {@code tx} and {@code T}. */
    public double logLikelihood(CountTerms terms, double tx, double T) {
        double stillAlive = -(r + terms.x()) * log(alpha + T);
        if (terms.x() == 0 || noDropout()) {
            // with x = 0, or a = 0, the dropout terms cancel: Beta ratio is 1 and there was no chance to drop out
            return terms.rates() + stillAlive;
        }
        double droppedAfterLast = terms.logDropoutOdds() - (r + terms.x()) * log(alpha + tx);
        return terms.rates() + terms.dropout() + logSumExp(stillAlive, droppedAfterLast);
    }

    /**
     * The terms of the log-likelihood that depend on {@code x} alone (the Gamma functions): a fit evaluates them once
     * per distinct x instead of once per history.
     */
    public CountTerms countTerms(int x) {
        double rates = logGamma(r + x) - logGamma(r) + r * log(alpha);
        if (x == 0 || noDropout()) {
            return new CountTerms(x, rates, 0, 0);
        }
        return new CountTerms(
                x,
                rates,
                logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x),
                log(a) - log(b + x - 1));
    }

    /** See {@link #countTerms(int)}. */
    public record CountTerms(int x, double rates, double dropout, double logDropoutOdds) {}

    /** The probability that the customer is still alive at T. */
    public double pAlive(PurchaseHistory h) {
        if (h.x() == 0 || noDropout()) {
            return 1;
        }
        double logOdds = log(a) - log(b + h.x() - 1) + (r + h.x()) * (log(alpha + h.T()) - log(alpha + h.tx()));
        return 1 / (1 + exp(logOdds));
    }

    /** The expected number of purchases in the next {@code t} weeks, given the customer's history. */
    public double expectedPurchases(double t, PurchaseHistory h) {
        int x = h.x();
        if (noDropout()) {
            return t * (r + x) / (alpha + h.T());
        }
        double aShifted = aAwayFromOne();
        double c = awayFromZero(aShifted + b + x - 1);
        double scale = c / (aShifted - 1);
        double hyp = Hypergeometric.f21(r + x, b + x, c, t / (alpha + h.T() + t));
        double purchases = scale * (1 - pow((alpha + h.T()) / (alpha + h.T() + t), r + x) * hyp);
        return purchases * pAlive(h);
    }

    /**
     * The probability of no purchase at all in the next {@code t} weeks: dead already, or alive and not buying (in the
     * BG/NBD a customer can only drop out right after a purchase, so this is exact).
     */
    public double probabilityOfNoPurchase(double t, PurchaseHistory h) {
        return probabilityOfNoPurchase(t, h, pAlive(h));
    }

    /** The same, for a P(alive) the caller assessed otherwise (the cadence check on the no-dropout boundary). */
    public double probabilityOfNoPurchase(double t, PurchaseHistory h, double alive) {
        return 1 - alive + alive * pow((alpha + h.T()) / (alpha + h.T() + t), r + h.x());
    }

    /** The expected number of repeat purchases in the first {@code t} weeks of a new customer (unconditional). */
    public double expectedRepeatPurchases(double t) {
        if (noDropout()) {
            return r * t / alpha;
        }
        double aShifted = aAwayFromOne();
        double c = awayFromZero(aShifted + b - 1);
        return c / (aShifted - 1) * (1 - pow(alpha / (alpha + t), r) * Hypergeometric.f21(r, b, c, t / (alpha + t)));
    }

    /** a, nudged off 1: the closed forms of the forecasts have a removable singularity there. */
    private double aAwayFromOne() {
        return Math.abs(a - 1) < 1e-9 ? 1 + 1e-9 : a;
    }

    /**
     * The forecasts' c = a + b + x - 1, nudged off 0: it multiplies a 2F1 with a pole there, and their product is finite
     * (a + b = 1 without repeat purchases). It never reaches -1 (a and b are positive).
     */
    private static double awayFromZero(double c) {
        return Math.abs(c) < 1e-9 ? 1e-9 : c;
    }

    private static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        return max + log(exp(u - max) + exp(v - max));
    }
}
