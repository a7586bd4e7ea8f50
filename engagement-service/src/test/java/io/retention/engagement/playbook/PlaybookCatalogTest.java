package io.retention.engagement.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.retention.contract.events.RiskReason.ReasonCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaybookCatalogTest {
    private final PlaybookCatalog catalog = PlaybookCatalog.standard();

    @Test
    void onboardingWelcomesTheSameDayCallsWithinTwoDaysAndChecksInAtWeeksTwoSixAndTwelve() {
        Playbook onboarding =
                catalog.forTrigger(Trigger.Event.CUSTOMER_REGISTERED, null).orElseThrow();
        assertThat(onboarding.steps())
                .extracting(Step::channel, Step::offset)
                .containsExactly(
                        tuple(Step.Channel.EMAIL, Duration.ZERO),
                        tuple(Step.Channel.CALL, Duration.ofDays(2)),
                        tuple(Step.Channel.EMAIL, Duration.ofDays(14)),
                        tuple(Step.Channel.CALL, Duration.ofDays(42)),
                        tuple(Step.Channel.EMAIL, Duration.ofDays(84)));
        assertThat(onboarding.steps().get(0).isTask()).isFalse();
        assertThat(onboarding.steps().get(1).owner()).isEqualTo(Step.ACCOUNT_MANAGER);
    }

    @Test
    void tierCadences() {
        assertThat(catalog.forTrigger(Trigger.Event.TIER, "A").orElseThrow().steps())
                .extracting(Step::channel, Step::every)
                .containsExactlyInAnyOrder(
                        tuple(Step.Channel.MEETING, Duration.ofDays(182)),
                        tuple(Step.Channel.CALL, Duration.ofDays(91)));
        assertThat(catalog.forTrigger(Trigger.Event.TIER, "B").orElseThrow().steps())
                .extracting(Step::channel, Step::every, Step::purpose)
                .containsExactlyInAnyOrder(
                        tuple(Step.Channel.CALL, Duration.ofDays(182), null),
                        tuple(Step.Channel.EMAIL, Duration.ofDays(91), Step.MARKETING));
        assertThat(catalog.forTrigger(Trigger.Event.TIER, "C").orElseThrow().steps())
                .extracting(Step::template)
                .containsExactly("newsletter");
    }

    @Test
    void atRiskPlaybooksByReason() {
        assertThat(catalog.forTrigger(Trigger.Event.RISK_REASON, "OPEN_TICKETS")
                        .orElseThrow()
                        .steps())
                .containsExactly(new Step(
                        "support-escalation",
                        Step.Channel.TASK,
                        "support",
                        Duration.ofDays(1),
                        null,
                        null,
                        null,
                        null));
        assertThat(catalog.forTrigger(Trigger.Event.RISK_REASON, "COMPLAINTS")
                        .orElseThrow()
                        .steps())
                .extracting(Step::name, Step::owner)
                .containsExactly(
                        tuple("account-manager-call", "account-manager"), tuple("personal-note", "account-manager"));
        for (String reason : new String[] {"INACTIVE", "USAGE_DROP"}) {
            assertThat(catalog.forTrigger(Trigger.Event.RISK_REASON, reason)
                            .orElseThrow()
                            .steps())
                    .extracting(Step::channel, Step::isTask)
                    .containsExactly(tuple(Step.Channel.EMAIL, false), tuple(Step.Channel.CALL, true));
        }
        assertThat(catalog.forTrigger(Trigger.Event.RISK_REASON, "PURCHASE_LAPSE")
                        .orElseThrow()
                        .steps()
                        .get(0)
                        .owner())
                .isEqualTo("sales");
        // a cancellation is churn: win-back, not an at-risk playbook
        assertThat(catalog.forTrigger(Trigger.Event.RISK_REASON, "CANCELLED")).isEmpty();
        assertThat(Arrays.stream(ReasonCode.values()).filter(code -> code != ReasonCode.CANCELLED))
                .allSatisfy(code -> assertThat(catalog.forTrigger(Trigger.Event.RISK_REASON, code.name()))
                        .isPresent());
    }

    @Test
    void winbackDeliverySendsTheOfferAndARemindBeforeItExpires() {
        Playbook winback = catalog.forTrigger(Trigger.Event.OFFER_ISSUED, null).orElseThrow();
        assertThat(winback.steps())
                .extracting(Step::anchor, Step::offset)
                .containsExactly(
                        tuple(Step.Anchor.TRIGGER, Duration.ZERO),
                        tuple(Step.Anchor.OFFER_EXPIRY, Duration.ofDays(-3)));
    }

    @Test
    void templatesAreFilledAndAMissingValueIsLeftEmpty() {
        Template offer = catalog.template("winback-offer")
                .render(Map.of("name", "Ada", "offerCode", "WB-1", "validUntil", "2026-12-01"));
        assertThat(offer.body()).contains("Hello Ada").contains("WB-1").contains("2026-12-01");
        assertThat(offer.subject()).isEqualTo("An offer for you: ");
    }

    @Test
    void anInvalidCatalogIsRefusedWithEveryProblem() {
        String json = """
                {"templates": {},
                 "playbooks": [
                   {"name": "a", "trigger": {"event": "TIER", "value": "D"},
                    "steps": [{"name": "mail", "channel": "EMAIL", "template": "missing", "purpose": "SPAM", "offset": "-P1D"},
                              {"name": "call", "channel": "CALL", "offset": "P1D"}]},
                   {"name": "a", "trigger": {"event": "RISK_REASON", "value": "BORED"}, "steps": []}
                 ]}""";
        assertThatThrownBy(() -> PlaybookCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("a TIER trigger needs value A, B or C")
                .hasMessageContaining("template 'missing' is not defined")
                .hasMessageContaining("purpose must be SERVICE or MARKETING")
                .hasMessageContaining("only a step anchored at OFFER_EXPIRY may fall due before its anchor")
                .hasMessageContaining("the platform sends only EMAIL, SMS and PUSH; a CALL needs an owner")
                .hasMessageContaining("playbook 'a' is defined twice")
                .hasMessageContaining("needs a risk reason code as value, not BORED")
                .hasMessageContaining("has no steps");
    }
}
