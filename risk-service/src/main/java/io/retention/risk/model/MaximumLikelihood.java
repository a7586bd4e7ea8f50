package io.retention.risk.model;

import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximises a log-likelihood over positive parameters with Hipparchus' BOBYQA (derivative-free, bounded), searching
 * their logarithms so that every step stays positive and the scale of each parameter does not matter.
 */
final class MaximumLikelihood {
    /** Bounds on the log of each parameter: e^-20 ~ 2e-9 to e^12 ~ 1.6e5. */
    static final double LOG_LOWER = -20;

    static final double LOG_UPPER = 12;
    private static final int MAX_EVALUATIONS = 100_000;

    private MaximumLikelihood() {}

    /** The parameters and the maximum found. */
    record Optimum(double[] parameters, double logLikelihood, int evaluations) {}

    static Optimum maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        int n = start.length;
        double[] logStart = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            logStart[i] = Math.log(start[i]);
            lower[i] = LOG_LOWER;
            upper[i] = LOG_UPPER;
        }
        Best best = new Best();
        ObjectiveFunction objective = new ObjectiveFunction(logs -> {
            double value = logLikelihood.applyAsDouble(exp(logs));
            // a region where the likelihood cannot be evaluated is simply very unlikely
            double finite = Double.isFinite(value) ? value : -1e300;
            best.offer(logs, finite);
            return finite;
        });
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * n + 1, 0.5, 1e-10);
        try {
            PointValuePair optimum = optimizer.optimize(
                    new MaxEval(MAX_EVALUATIONS),
                    objective,
                    GoalType.MAXIMIZE,
                    new InitialGuess(logStart),
                    new SimpleBounds(lower, upper));
            return new Optimum(exp(optimum.getPoint()), optimum.getValue(), optimizer.getEvaluations());
        } catch (MathIllegalStateException flat) {
            // where the likelihood is flat (every customer alike: one purchase each, all of the same age) the trust
            // region cannot find a step that improves its model; the best point evaluated is then as good as any
            return new Optimum(exp(best.logs), best.value, optimizer.getEvaluations());
        }
    }

    /** The best point evaluated so far. */
    private static final class Best {
        private double[] logs;
        private double value = Double.NEGATIVE_INFINITY;

        void offer(double[] candidate, double candidateValue) {
            if (candidateValue > value) {
                logs = candidate.clone();
                value = candidateValue;
            }
        }
    }

    private static double[] exp(double[] logs) {
        double[] values = new double[logs.length];
        for (int i = 0; i < logs.length; i++) {
            values[i] = Math.exp(logs[i]);
        }
        return values;
    }
}
