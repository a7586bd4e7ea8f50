package io.retention.winback.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What works, per churn reason: for each arm and for the holdout, how many lost customers were decided, offers issued
 * and redeemed, how many came back within their window, the win-back rate with its 95 % interval, and each arm's lift
 * over the holdout of the same reason (absolute, in rate points, and relative). Pure logic over counted rows.
 */
public final class WinbackStats {

    private WinbackStats() {}

    /** Counts for one reason and arm ({@code holdout} for the held-out customers). */
    public record Row(
            String reason, String arm, String kind, long customers, long issued, long redeemed, long wonBack) {}

    /** One arm's figures. */
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
            Double relativeLift) {}

    /** A reason's holdout and arms. */
    public record ReasonFigures(String reason, ArmFigures holdout, List<ArmFigures> arms) {}

    public static List<ReasonFigures> assemble(List<Row> rows, String holdoutArm) {
        Map<String, List<Row>> byReason = new LinkedHashMap<>();
        rows.stream()
                .sorted(Comparator.comparing(Row::reason).thenComparing(Row::arm))
                .forEach(row -> byReason.computeIfAbsent(row.reason(), r -> new ArrayList<>())
                        .add(row));
        List<ReasonFigures> figures = new ArrayList<>();
        byReason.forEach((reason, reasonRows) -> {
            Row held = reasonRows.stream()
                    .filter(r -> r.arm().equals(holdoutArm))
                    .findFirst()
                    .orElse(new Row(reason, holdoutArm, null, 0, 0, 0, 0));
            Proportion base = Proportion.of(held.wonBack(), held.customers());
            List<ArmFigures> arms = reasonRows.stream()
                    .filter(r -> !r.arm().equals(holdoutArm))
                    .map(r -> figures(r, base))
                    .toList();
            figures.add(new ReasonFigures(reason, figures(held, null), arms));
        });
        return figures;
    }

    private static ArmFigures figures(Row row, Proportion holdout) {
        Proportion rate = Proportion.of(row.wonBack(), row.customers());
        Double lift =
                holdout == null || holdout.trials() == 0 || row.customers() == 0 ? null : rate.rate() - holdout.rate();
        Double relative = lift == null || holdout.rate() == 0 ? null : rate.rate() / holdout.rate() - 1;
        double redemption = row.issued() == 0 ? 0 : (double) row.redeemed() / row.issued();
        return new ArmFigures(
                row.arm(),
                row.kind(),
                row.customers(),
                row.issued(),
                row.redeemed(),
                row.wonBack(),
                rate.rate(),
                new double[] {rate.low(), rate.high()},
                redemption,
                lift,
                relative);
    }
}
