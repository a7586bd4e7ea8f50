package io.retention.engagement.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.events.RiskReason.ReasonCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AtRiskPlaybooksTest {
    private final AtRiskPlaybooks playbooks = new AtRiskPlaybooks();

    @Test
    void openTicketsEscalateToSupportWithinADay() {
        Playbook playbook = playbooks.forReason(ReasonCode.OPEN_TICKETS).orElseThrow();
        assertThat(playbook.name()).isEqualTo("at-risk-open-tickets");
        assertThat(playbook.steps()).containsExactly(new Step("support-escalation", Step.Channel.TASK, "support", Duration.ofDays(1)));
    }

    @Test
    void complaintsGetACallAndAPersonalNoteFromTheAccountManager() {
        assertThat(playbooks.forReason(ReasonCode.COMPLAINTS).orElseThrow().steps())
                .extracting(Step::name, Step::owner)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("account-manager-call", "account-manager"),
                        org.assertj.core.groups.Tuple.tuple("personal-note", "account-manager"));
    }

    @Test
    void inactivityGetsAnEmailFirstThenACall() {
        assertThat(playbooks.forReason(ReasonCode.INACTIVE).orElseThrow().steps())
                .extracting(Step::channel).containsExactly(Step.Channel.EMAIL, Step.Channel.CALL);
    }

    @Test
    void aCancellationStartsNoAtRiskPlaybook() {
        assertThat(playbooks.forReason(ReasonCode.CANCELLED)).isEmpty();
        assertThat(playbooks.all()).hasSize(ReasonCode.values().length - 1);
    }
}
