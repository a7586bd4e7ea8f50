package io.retention.customer.lifecycle;

import io.retention.contract.EventType;
import io.retention.customer.registry.LifecycleStage;
import java.time.Duration;
import java.time.Instant;

/**
 * The lifecycle stage, judged from what is known of a customer rather than from the order events came in: NEW until
 * their first purchase or use, ONBOARDING for the first weeks after they were first seen, ACTIVE after that, AT_RISK
 * while risk-service's latest signal holds them at risk, CHURNED once they are lost, WON_BACK when a lost customer buys
 * or uses again (for a while, then ACTIVE).
 *
 * <p>Every fact is a minimum or a maximum over event times, so the same events give the same stage in any order; the
 * one fact that depends on another (the first return after the latest churn) is looked up again when the churn moves.
 *
 * @param onboarding how long after first being seen a customer is onboarding
 * @param wonBack    how long a won-back customer stays WON_BACK before counting as ACTIVE again
 */
public record Lifecycle(Duration onboarding, Duration wonBack) {

    /** A customer's stage, since when, and when they were first seen. */
    public record Position(LifecycleStage stage, Instant since) {}

    /**
     * What the stage is judged from; null where nothing is known yet.
     *
     * @param firstSeen   the earliest moment the customer is known
     * @param firstActive their earliest purchase or use
     * @param riskAt      the time of risk-service's latest risk signal
     * @param riskRaised  whether that latest signal raised the risk (rather than cleared it)
     * @param churnedAt   the time of the latest churn signal
     * @param returnedAt  their first purchase, use or win-back after {@code churnedAt}
     */
    public record Facts(
            Instant firstSeen,
            Instant firstActive,
            Instant riskAt,
            boolean riskRaised,
            Instant churnedAt,
            Instant returnedAt) {

        /** Nothing known but when the customer was first seen. */
        public static Facts seen(Instant firstSeen) {
            return new Facts(firstSeen, null, null, false, null, null);
        }

        /**
         * The facts with one more event. After a later churn the return is unknown (null) until it is looked up again
         * among the events already read: see {@link #churnMovedFrom}.
         */
        public Facts with(EventType type, Instant at) {
            Instant seen = earlier(firstSeen, at);
            return switch (type) {
                case PURCHASE_COMPLETED, USAGE_RECORDED ->
                    new Facts(seen, earlier(firstActive, at), riskAt, riskRaised, churnedAt, returned(at));
                case CUSTOMER_WON_BACK -> new Facts(seen, firstActive, riskAt, riskRaised, churnedAt, returned(at));
                // at the same instant a raise wins over a clear: any fixed rule keeps the answer order-free
                case RISK_RAISED, RISK_CLEARED ->
                    riskAt != null
                                    && (at.isBefore(riskAt)
                                            || at.equals(riskAt) && (riskRaised || type == EventType.RISK_CLEARED))
                            ? this
                            : new Facts(seen, firstActive, at, type == EventType.RISK_RAISED, churnedAt, returnedAt);
                case CUSTOMER_CHURNED ->
                    churnedAt != null && !at.isAfter(churnedAt)
                            ? this
                            : new Facts(seen, firstActive, riskAt, riskRaised, at, null);
                default ->
                    seen.equals(firstSeen)
                            ? this
                            : new Facts(seen, firstActive, riskAt, riskRaised, churnedAt, returnedAt);
            };
        }

        /** Whether the latest churn is later than in {@code before}, so the return after it has to be looked up. */
        public boolean churnMovedFrom(Facts before) {
            return churnedAt != null && (before.churnedAt == null || churnedAt.isAfter(before.churnedAt));
        }

        /** The facts with the return after the latest churn looked up (null: none). */
        public Facts returnedAt(Instant returned) {
            return new Facts(firstSeen, firstActive, riskAt, riskRaised, churnedAt, returned);
        }

        private Instant returned(Instant at) {
            return churnedAt != null && at.isAfter(churnedAt) ? earlier(returnedAt, at) : returnedAt;
        }

        private static Instant earlier(Instant known, Instant at) {
            return known == null || at.isBefore(known) ? at : known;
        }
    }

    /** The stage the facts give at {@code now}, and since when. */
    public Position stageAt(Facts facts, Instant now) {
        Instant cleared = facts.riskAt() != null && !facts.riskRaised() ? facts.riskAt() : null;
        if (facts.churnedAt() != null) {
            Instant back = facts.returnedAt();
            if (back == null) {
                return new Position(LifecycleStage.CHURNED, facts.churnedAt());
            }
            if (facts.riskRaised() && facts.riskAt().isAfter(back)) {
                return new Position(LifecycleStage.AT_RISK, facts.riskAt());
            }
            Instant wonBackEnds = back.plus(wonBack);
            return now.isBefore(wonBackEnds)
                    ? new Position(LifecycleStage.WON_BACK, back)
                    : new Position(LifecycleStage.ACTIVE, later(wonBackEnds, cleared));
        }
        if (facts.riskRaised()) {
            return new Position(LifecycleStage.AT_RISK, facts.riskAt());
        }
        if (facts.firstActive() == null) {
            return new Position(LifecycleStage.NEW, later(facts.firstSeen(), cleared));
        }
        Instant onboardingEnds = facts.firstSeen().plus(onboarding);
        if (!facts.firstActive().isBefore(onboardingEnds)) {
            return new Position(LifecycleStage.ACTIVE, later(facts.firstActive(), cleared));
        }
        return now.isBefore(onboardingEnds)
                ? new Position(LifecycleStage.ONBOARDING, later(facts.firstActive(), cleared))
                : new Position(LifecycleStage.ACTIVE, later(onboardingEnds, cleared));
    }

    /** A stage left by clearing the risk begins when it was cleared, unless it began later. */
    private static Instant later(Instant since, Instant cleared) {
        return cleared != null && cleared.isAfter(since) ? cleared : since;
    }
}
