package io.retention.risk.model;

import static java.lang.Math.log;
import static org.hipparchus.special.Gamma.logGamma;

/**
 * The Gamma-Gamma model of spend per purchase (Fader &amp; Hardie 2013): a customer's transaction values are Gamma(p, nu)
 * around their own mean, and nu is Gamma(q, gamma) across customers. Fitted on repeat buyers.
 */
public record GammaGamma(double p, double q, double gamma) {

    public GammaGamma {
        if (!(p > 0 && q > 0 && gamma > 0)) {
            throw new IllegalArgumentException("need p, q, gamma > 0, got " + this);
        }
    }

    /** The log-likelihood of a repeat buyer with {@code x} repeat purchases of mean value {@code meanValue}. */
    public double logLikelihood(int x, double meanValue) {
        return countTerm(x) + logLikelihoodGivenCountTerm(x, meanValue, log(meanValue));
    }

    /** The part of the log-likelihood that depends on {@code x} alone: a fit evaluates it once per distinct x. */
    double countTerm(int x) {
        double px = p * x;
        return logGamma(px + q) - logGamma(px) - logGamma(q) + q * log(gamma) + px * log(x);
    }

    /** The rest of the log-likelihood, given {@link #countTerm(int)} and the mean's logarithm (a fit's constant). */
    double logLikelihoodGivenCountTerm(int x, double meanValue, double logMeanValue) {
        double px = p * x;
        return (px - 1) * logMeanValue - (px + q) * log(gamma + x * meanValue);
    }

    /**
     * The expected value of the customer's future purchases, given {@code x} repeat purchases of mean value
     * {@code meanValue}; the population mean for a customer with no repeat purchase. Finite only when q > 1.
     */
    public double expectedValue(int x, double meanValue) {
        if (q <= 1) {
            return Double.NaN;
        }
        return p * (gamma + x * meanValue) / (p * x + q - 1);
    }
}
