package io.retention.engagement.playbook;

import io.retention.contract.events.RiskReason.ReasonCode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The at-risk playbooks, one per risk reason. Pure data and lookup, no framework. */
public final class AtRiskPlaybooks {
    public static final String PLAYBOOK_PREFIX = "at-risk-";
    private static final String ACCOUNT_MANAGER = "account-manager";

    private final Map<ReasonCode, Playbook> byReason = new EnumMap<>(ReasonCode.class);

    public AtRiskPlaybooks() {
        add(ReasonCode.OPEN_TICKETS, new Step("support-escalation", Step.Channel.TASK, "support", Duration.ofDays(1)));
        add(ReasonCode.COMPLAINTS,
                new Step("account-manager-call", Step.Channel.CALL, ACCOUNT_MANAGER, Duration.ofDays(1)),
                new Step("personal-note", Step.Channel.EMAIL, ACCOUNT_MANAGER, Duration.ofDays(2)));
        add(ReasonCode.LOW_SATISFACTION, new Step("account-manager-call", Step.Channel.CALL, ACCOUNT_MANAGER, Duration.ofDays(2)));
        add(ReasonCode.INACTIVE,
                new Step("re-activation-email", Step.Channel.EMAIL, ACCOUNT_MANAGER, Duration.ZERO),
                new Step("re-activation-call", Step.Channel.CALL, ACCOUNT_MANAGER, Duration.ofDays(7)));
        add(ReasonCode.USAGE_DROP,
                new Step("re-activation-email", Step.Channel.EMAIL, ACCOUNT_MANAGER, Duration.ZERO),
                new Step("re-activation-call", Step.Channel.CALL, ACCOUNT_MANAGER, Duration.ofDays(7)));
        add(ReasonCode.PURCHASE_LAPSE, new Step("sales-call", Step.Channel.CALL, "sales", Duration.ofDays(2)));
    }

    private void add(ReasonCode reason, Step... steps) {
        byReason.put(reason, new Playbook(PLAYBOOK_PREFIX + reason.name().toLowerCase().replace('_', '-'),
                "retention.risk.raised with reason " + reason, List.of(steps)));
    }

    /** The playbook a risk reason starts, if any (a cancellation starts win-back, not an at-risk playbook). */
    public java.util.Optional<Playbook> forReason(ReasonCode reason) {
        return java.util.Optional.ofNullable(byReason.get(reason));
    }

    public List<Playbook> all() {
        return List.copyOf(byReason.values());
    }
}
