package io.retention.risk.model;

/** Gauss's hypergeometric function, which the BG/NBD forecasts need and no maths library here provides. */
final class Hypergeometric {
    private static final int MAX_TERMS = 1_000_000;

    private Hypergeometric() {}

    /**
     * 2F1(a, b; c; z) by its power series, for 0 <= z < 1 and c not 0, -1, -2, ... (the series' poles). The forecasts
     * call it with c = a + b + x - 1 of the BG/NBD, which lies in (-1, 0) for a customer without repeat purchases when
     * the dropout parameters a + b are below 1: the series converges there as anywhere else with |z| < 1.
     */
    static double f21(double a, double b, double c, double z) {
        if (z < 0 || z >= 1 || (c <= 0 && c == Math.rint(c))) {
            throw new IllegalArgumentException(
                    "2F1 series needs 0 <= z < 1 and c not 0, -1, -2, ..., got z=" + z + " c=" + c);
        }
        double term = 1;
        double sum = 1;
        for (int n = 0; n < MAX_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1 series did not converge for a=" + a + " b=" + b + " c=" + c + " z=" + z);
    }
}
