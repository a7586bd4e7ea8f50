package io.retention.risk.scoring;

import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskCleared;
import java.util.List;
import java.util.Optional;

/**
 * The thin rules of the first release: open support tickets raise risk. Pure decision logic, no framework.
 *
 * @param openTicketsMedium open tickets from which a customer is at MEDIUM risk
 * @param openTicketsHigh   open tickets from which a customer is at HIGH risk
 */
public record RiskRules(int openTicketsMedium, int openTicketsHigh) {
    /** Points each open ticket adds to the score. */
    static final int POINTS_PER_OPEN_TICKET = 20;

    public RiskRules {
        if (openTicketsMedium < 1 || openTicketsHigh <= openTicketsMedium) {
            throw new IllegalArgumentException("need 1 <= openTicketsMedium < openTicketsHigh, got "
                    + openTicketsMedium + " and " + openTicketsHigh);
        }
    }

    public RiskAssessment assess(int openTickets) {
        int score = Math.min(100, openTickets * POINTS_PER_OPEN_TICKET);
        RiskLevel level = openTickets >= openTicketsHigh ? RiskLevel.HIGH
                : openTickets >= openTicketsMedium ? RiskLevel.MEDIUM
                : RiskLevel.LOW;
        List<RiskReason> reasons = level == RiskLevel.LOW ? List.of() : List.of(new RiskReason(
                RiskReason.ReasonCode.OPEN_TICKETS, openTickets + " open support tickets", score));
        return new RiskAssessment(score, level, reasons);
    }

    /** The signal a move from one level to another calls for: none when the level stays the same. */
    public static Optional<Record> signal(RiskLevel previous, RiskAssessment now, Double pAlive) {
        if (previous == now.level()) {
            return Optional.empty();
        }
        if (now.level() == RiskLevel.LOW) {
            return Optional.of(new RiskCleared(now.score(), previous));
        }
        return Optional.of(new RiskRaised(now.level(), now.score(), pAlive, now.reasons(), previous));
    }
}
