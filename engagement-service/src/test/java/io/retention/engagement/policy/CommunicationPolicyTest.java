package io.retention.engagement.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.engagement.contact.Contact;
import io.retention.engagement.playbook.Step;
import io.retention.engagement.policy.CommunicationPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommunicationPolicyTest {
    private static final Instant MONDAY_NOON_UTC = Instant.parse("2026-03-02T12:00:00Z");
    private final CommunicationPolicy policy = new CommunicationPolicy(new CommunicationPolicy.Settings(
            2, Duration.ofDays(7), LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("UTC")));

    @Test
    void aServiceMessageGoesWithoutAnExplicitConsentButNotAfterARefusal() {
        assertThat(decide(Step.SERVICE, contact("UTC"), List.of(), MONDAY_NOON_UTC))
                .isEqualTo(new Decision.Send());
        Contact refused = contact("UTC", new Contact.Consent("EMAIL", "SERVICE", false));
        assertThat(decide(Step.SERVICE, refused, List.of(), MONDAY_NOON_UTC))
                .isEqualTo(new Decision.Skip("the customer refused EMAIL for SERVICE"));
    }

    @Test
    void marketingNeedsAConsentGivenForTheChannel() {
        assertThat(decide(Step.MARKETING, contact("UTC"), List.of(), MONDAY_NOON_UTC))
                .isEqualTo(new Decision.Skip("no consent to EMAIL for MARKETING"));
        Contact smsOnly = contact("UTC", new Contact.Consent("SMS", "MARKETING", true));
        assertThat(decide(Step.MARKETING, smsOnly, List.of(), MONDAY_NOON_UTC)).isInstanceOf(Decision.Skip.class);
        Contact granted = contact("UTC", new Contact.Consent("EMAIL", "MARKETING", true));
        assertThat(decide(Step.MARKETING, granted, List.of(), MONDAY_NOON_UTC)).isEqualTo(new Decision.Send());
    }

    @Test
    void noAddressNoMessage() {
        Contact noEmail = new Contact("c1", "Ada", null, null, null, "A", "ACTIVE", "UTC", List.of());
        assertThat(decide(Step.SERVICE, noEmail, List.of(), MONDAY_NOON_UTC))
                .isEqualTo(new Decision.Skip("no email address on file"));
        assertThat(policy.decide(Step.Channel.SMS, Step.SERVICE, noEmail, List.of(), MONDAY_NOON_UTC))
                .isEqualTo(new Decision.Skip("no phone number on file"));
        assertThat(decide(Step.SERVICE, null, List.of(), MONDAY_NOON_UTC)).isInstanceOf(Decision.Skip.class);
    }

    @Test
    void aThirdMessageInAWeekWaitsUntilTheOldestLeavesTheWindow() {
        Instant first = MONDAY_NOON_UTC.minus(Duration.ofDays(3));
        Instant second = MONDAY_NOON_UTC.minus(Duration.ofDays(1));
        Decision third = decide(Step.SERVICE, contact("UTC"), List.of(second, first), MONDAY_NOON_UTC);
        assertThat(third)
                .isEqualTo(
                        new Decision.Postpone(first.plus(Duration.ofDays(7)), "frequency cap: 2 messages in PT168H"));
        // sends older than the window do not count
        assertThat(decide(
                        Step.SERVICE,
                        contact("UTC"),
                        List.of(MONDAY_NOON_UTC.minus(Duration.ofDays(8)), second),
                        MONDAY_NOON_UTC))
                .isEqualTo(new Decision.Send());
    }

    @Test
    void aMessageDueAtTwoInTheMorningLocalTimeWaitsForTheEndOfQuietHours() {
        // 02:00 in Tokyo is 17:00 UTC the day before
        Instant twoAmTokyo = Instant.parse("2026-03-01T17:00:00Z");
        Decision decision = decide(Step.SERVICE, contact("Asia/Tokyo"), List.of(), twoAmTokyo);
        assertThat(decision)
                .isEqualTo(new Decision.Postpone(
                        Instant.parse("2026-03-01T23:00:00Z"), "quiet hours 21:00-08:00 Asia/Tokyo"));
        // 22:00 local: the next morning
        Instant tenPmBerlin = Instant.parse("2026-03-02T21:00:00Z");
        assertThat(((Decision.Postpone) decide(Step.SERVICE, contact("Europe/Berlin"), List.of(), tenPmBerlin)).until())
                .isEqualTo(Instant.parse("2026-03-03T07:00:00Z"));
        // daytime in the customer's zone: at once, though it is night in UTC
        assertThat(decide(Step.SERVICE, contact("Asia/Tokyo"), List.of(), Instant.parse("2026-03-02T01:00:00Z")))
                .isEqualTo(new Decision.Send());
    }

    @Test
    void quietHoursStartingWhenTheyEndAreNone() {
        CommunicationPolicy always = new CommunicationPolicy(new CommunicationPolicy.Settings(
                2, Duration.ofDays(7), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, ZoneId.of("UTC")));
        assertThat(always.decide(
                        Step.Channel.EMAIL,
                        Step.SERVICE,
                        contact("UTC"),
                        List.of(),
                        Instant.parse("2026-03-02T02:00:00Z")))
                .isEqualTo(new Decision.Send());
    }

    @Test
    void quietHoursFollowTheClockChange() {
        // Europe/Berlin moves to summer time on 2026-03-29: 08:00 local is 06:00 UTC that day
        Instant threeAm = Instant.parse("2026-03-29T01:00:00Z");
        assertThat(((Decision.Postpone) decide(Step.SERVICE, contact("Europe/Berlin"), List.of(), threeAm)).until())
                .isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
    }

    @Test
    void capAndQuietHoursTogetherGiveTheFirstTimeBothAllow() {
        Instant first = Instant.parse("2026-02-24T23:00:00Z"); // the cap frees at 2026-03-03T23:00Z: night in UTC
        Decision decision =
                decide(Step.SERVICE, contact("UTC"), List.of(first, first.plusSeconds(60)), MONDAY_NOON_UTC);
        assertThat(decision).isInstanceOf(Decision.Postpone.class);
        assertThat(((Decision.Postpone) decision).until()).isEqualTo(Instant.parse("2026-03-04T08:00:00Z"));
        assertThat(((Decision.Postpone) decision).reason())
                .contains("frequency cap")
                .contains("quiet hours");
    }

    @Test
    void anUnknownTimeZoneFallsBackToTheDefault() {
        assertThat(decide(Step.SERVICE, contact("Mars/Olympus"), List.of(), Instant.parse("2026-03-02T03:00:00Z")))
                .isEqualTo(new Decision.Postpone(Instant.parse("2026-03-02T08:00:00Z"), "quiet hours 21:00-08:00 UTC"));
    }

    private Decision decide(String purpose, Contact contact, List<Instant> sends, Instant now) {
        return policy.decide(Step.Channel.EMAIL, purpose, contact, sends, now);
    }

    private static Contact contact(String zone, Contact.Consent... consents) {
        return new Contact("c1", "Ada", "ada@example.com", "+441234", "am-1", "A", "ACTIVE", zone, List.of(consents));
    }
}
