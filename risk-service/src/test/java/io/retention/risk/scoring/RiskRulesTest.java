package io.retention.risk.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retention.contract.events.RiskCleared;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import org.junit.jupiter.api.Test;

class RiskRulesTest {
    private final RiskRules rules = new RiskRules(3, 5);

    @Test
    void openTicketsRaiseTheLevelAtTheThresholds() {
        assertThat(rules.assess(0).level()).isEqualTo(RiskLevel.LOW);
        assertThat(rules.assess(2).level()).isEqualTo(RiskLevel.LOW);
        assertThat(rules.assess(3).level()).isEqualTo(RiskLevel.MEDIUM);
        assertThat(rules.assess(4).level()).isEqualTo(RiskLevel.MEDIUM);
        assertThat(rules.assess(5).level()).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void anElevatedLevelNamesOpenTicketsAsItsReasonWithTheCount() {
        RiskAssessment assessment = rules.assess(3);
        assertThat(assessment.score()).isEqualTo(60);
        assertThat(assessment.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.code()).isEqualTo(RiskReason.ReasonCode.OPEN_TICKETS);
            assertThat(reason.detail()).isEqualTo("3 open support tickets");
        });
        assertThat(rules.assess(2).reasons()).isEmpty();
        assertThat(rules.assess(9).score()).isEqualTo(100);
    }

    @Test
    void signalsOnlyOnAChangeOfLevel() {
        assertThat(RiskRules.signal(RiskLevel.LOW, rules.assess(2), null)).isEmpty();
        assertThat(RiskRules.signal(RiskLevel.MEDIUM, rules.assess(4), null)).isEmpty();
        assertThat(RiskRules.signal(RiskLevel.LOW, rules.assess(3), null)).get()
                .isEqualTo(new RiskRaised(RiskLevel.MEDIUM, 60, null, rules.assess(3).reasons(), RiskLevel.LOW));
        assertThat(RiskRules.signal(RiskLevel.MEDIUM, rules.assess(1), null)).get()
                .isEqualTo(new RiskCleared(20, RiskLevel.MEDIUM));
    }

    @Test
    void refusesThresholdsOutOfOrder() {
        assertThatThrownBy(() -> new RiskRules(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RiskRules(0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
