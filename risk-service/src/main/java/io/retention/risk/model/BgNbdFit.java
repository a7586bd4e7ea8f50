package io.retention.risk.model;

/**
 * A fitted BG/NBD model with its log-likelihood, the customers it was fitted on ({@code histories} distinct ones), the
 * likelihood evaluations it took, and {@code boundary}: null for an interior maximum, otherwise what lies on the boundary.
 */
public record BgNbdFit(
        BgNbd model, double logLikelihood, long customers, int histories, int evaluations, String boundary) {
    static final String NO_DROPOUT =
            "a -> 0: the likelihood is highest with no dropout at all, so the model is the plain "
                    + "NBD (a = 0, b not identified) and P(alive) is 1 for every customer";
}
