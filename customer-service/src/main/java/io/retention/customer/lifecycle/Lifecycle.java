package io.retention.customer.lifecycle;

import io.retention.contract.EventType;
import io.retention.customer.registry.LifecycleStage;
import java.time.Duration;
import java.time.Instant;

/**
 * The lifecycle stage projected from what happens to a customer: NEW until their first purchase or use, ONBOARDING for
 * the first weeks after they were first seen, ACTIVE after that, AT_RISK while risk-service holds them at risk, CHURNED
 * once they are lost, WON_BACK when a lost customer buys again (for a while, then ACTIVE).
 *
 * @param onboarding how long after first being seen a customer is onboarding
 * @param wonBack    how long a won-back customer stays WON_BACK before counting as ACTIVE again
 */
public record Lifecycle(Duration onboarding, Duration wonBack) {

    /** A customer's stage, since when, and when they were first seen. */
    public record Position(LifecycleStage stage, Instant since, Instant firstSeen) {
    }

    /**
     * The stage after an event of {@code type} at {@code at}, seen at {@code now}; the same position when the event
     * changes nothing. A signal older than the current stage does not override it (signals from different topics can
     * arrive out of order).
     */
    public Position after(Position current, EventType type, Instant at, Instant now) {
        LifecycleStage stage = current.stage();
        LifecycleStage next = switch (type) {
            case PURCHASE_COMPLETED, USAGE_RECORDED -> switch (stage) {
                case NEW -> settled(current.firstSeen(), now);
                case CHURNED -> at.isBefore(current.since()) ? stage : LifecycleStage.WON_BACK;
                default -> stage;
            };
            case RISK_RAISED -> stage == LifecycleStage.CHURNED || at.isBefore(current.since()) ? stage : LifecycleStage.AT_RISK;
            case RISK_CLEARED -> stage == LifecycleStage.AT_RISK && !at.isBefore(current.since())
                    ? settled(current.firstSeen(), now) : stage;
            case CUSTOMER_CHURNED -> at.isBefore(current.since()) && stage == LifecycleStage.WON_BACK ? stage : LifecycleStage.CHURNED;
            case CUSTOMER_WON_BACK -> at.isBefore(current.since()) && stage != LifecycleStage.CHURNED ? stage : LifecycleStage.WON_BACK;
            default -> stage;
        };
        return next == stage ? current : new Position(next, at, current.firstSeen());
    }

    /** The stage that time alone leads to at {@code now}: onboarding and won-back periods end. */
    public Position afterTime(Position current, Instant now) {
        Instant ends = switch (current.stage()) {
            case ONBOARDING -> current.firstSeen().plus(onboarding);
            case WON_BACK -> current.since().plus(wonBack);
            default -> null;
        };
        return ends != null && !now.isBefore(ends) ? new Position(LifecycleStage.ACTIVE, ends, current.firstSeen()) : current;
    }

    /** ONBOARDING within the onboarding period of first being seen, ACTIVE after it. */
    private LifecycleStage settled(Instant firstSeen, Instant now) {
        return now.isBefore(firstSeen.plus(onboarding)) ? LifecycleStage.ONBOARDING : LifecycleStage.ACTIVE;
    }
}
