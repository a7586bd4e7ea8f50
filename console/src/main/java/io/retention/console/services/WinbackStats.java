package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;

/** winback-service's figures of decisions taken in a period (GET /winback/stats): each reason's arms and holdout. */
@TemplateData
public record WinbackStats(Instant from, Instant to, List<ReasonFigures> reasons) {
    @TemplateData
    public record ReasonFigures(String reason, ArmFigures holdout, List<ArmFigures> arms) {}

    /** One arm: how many customers, offers, redemptions, won back; the win-back rate with its 95 % interval. */
    @TemplateData
    public record ArmFigures(
            String arm,
            String kind,
            long customers,
            long issued,
            long redeemed,
            long wonBack,
            double winBackRate,
            double[] ci95,
            double redemptionRate,
            Double liftOverHoldout,
            Double relativeLift) {
        public double low() {
            return ci95 == null || ci95.length < 2 ? winBackRate : ci95[0];
        }

        public double high() {
            return ci95 == null || ci95.length < 2 ? winBackRate : ci95[1];
        }
    }
}
