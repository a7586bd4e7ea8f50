package io.retention.risk.learning;

import java.util.List;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/**
 * Fits a ridge-regularised logistic regression by Newton's method (iteratively reweighted least squares) on
 * standardised features; the intercept is not penalised. The penalty keeps weights finite when a feature separates the
 * outcomes and shrinks those the data hardly supports. Pure.
 */
public final class LogisticFitter {
    private static final int MAX_ITERATIONS = 100;
    private static final double CONVERGED = 1e-9;

    private LogisticFitter() {}

    /**
     * @param features the features' names
     * @param x        one row of raw features per example
     * @param churned  each example's outcome
     * @param penalty  the ridge penalty λ on the standardised weights (0: none)
     */
    public static LogisticModel fit(List<String> features, double[][] x, boolean[] churned, double penalty) {
        int n = x.length;
        int p = features.size();
        if (n == 0) {
            throw new IllegalArgumentException("no example to learn from");
        }
        double[] means = new double[p];
        double[] scales = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                means[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                scales[j] += (row[j] - means[j]) * (row[j] - means[j]) / n;
            }
        }
        for (int j = 0; j < p; j++) {
            scales[j] = scales[j] > 1e-12 ? Math.sqrt(scales[j]) : 1;
        }
        double[][] z = new double[n][p + 1];
        for (int i = 0; i < n; i++) {
            z[i][0] = 1;
            for (int j = 0; j < p; j++) {
                z[i][j + 1] = (x[i][j] - means[j]) / scales[j];
            }
        }
        double[] beta = new double[p + 1];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] gradient = new double[p + 1];
            double[][] hessian = new double[p + 1][p + 1];
            for (int i = 0; i < n; i++) {
                double eta = 0;
                for (int j = 0; j <= p; j++) {
                    eta += z[i][j] * beta[j];
                }
                double mu = LogisticModel.sigmoid(eta);
                double w = Math.max(mu * (1 - mu), 1e-12);
                double residual = (churned[i] ? 1 : 0) - mu;
                for (int j = 0; j <= p; j++) {
                    gradient[j] += z[i][j] * residual;
                    for (int k = j; k <= p; k++) {
                        hessian[j][k] += w * z[i][j] * z[i][k];
                    }
                }
            }
            for (int j = 0; j <= p; j++) {
                for (int k = 0; k < j; k++) {
                    hessian[j][k] = hessian[k][j];
                }
                if (j > 0) {
                    gradient[j] -= penalty * beta[j];
                    hessian[j][j] += penalty;
                }
            }
            // a tiny ridge on every coefficient keeps the system solvable when every outcome is the same or a feature
            // does not vary (every customer alike: its standardised column is all zeros, and its weight stays 0)
            for (int j = 0; j <= p; j++) {
                hessian[j][j] += 1e-9;
            }
            RealMatrix h = new Array2DRowRealMatrix(hessian, false);
            RealVector step =
                    new CholeskyDecomposition(h, 1e-14, 1e-14).getSolver().solve(new ArrayRealVector(gradient, false));
            double largest = 0;
            for (int j = 0; j <= p; j++) {
                beta[j] += step.getEntry(j);
                largest = Math.max(largest, Math.abs(step.getEntry(j)));
            }
            if (largest < CONVERGED) {
                break;
            }
        }
        double[] weights = new double[p];
        System.arraycopy(beta, 1, weights, 0, p);
        return new LogisticModel(List.copyOf(features), means, scales, weights, beta[0]);
    }
}
