package io.retention.engagement.policy;

import io.retention.engagement.contact.Contact;
import io.retention.engagement.playbook.Step;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a message may go to a customer now, later, or not at all:
 * <ul>
 * <li>consent: a refusal recorded for the channel and purpose stops it; marketing needs a consent given, service
 * messages (onboarding, check-ins) go unless refused;</li>
 * <li>an address for the channel (email, phone);</li>
 * <li>a frequency cap over all messages to the customer (by default at most 2 in 7 days): the message waits until the
 * oldest in the window has left it;</li>
 * <li>quiet hours in the customer's time zone: the message waits until they end.</li>
 * </ul>
 * Waiting is never dropping: a postponed message is decided again when its new time comes.
 */
public final class CommunicationPolicy {

    /**
     * @param capMessages most messages to one customer within {@code capWindow}
     * @param quietStart  local time quiet hours begin (may be after {@code quietEnd}: over midnight; equal to it: none)
     * @param defaultZone the time zone of customers whose profile has none
     */
    public record Settings(
            int capMessages, Duration capWindow, LocalTime quietStart, LocalTime quietEnd, ZoneId defaultZone) {}

    /** What to do with a message. */
    public sealed interface Decision {
        record Send() implements Decision {}

        record Postpone(Instant until, String reason) implements Decision {}

        record Skip(String reason) implements Decision {}
    }

    private final Settings settings;

    public CommunicationPolicy(Settings settings) {
        this.settings = settings;
    }

    /** How far back the frequency cap looks. */
    public Duration capWindow() {
        return settings.capWindow();
    }

    /**
     * @param recentSends when the customer's earlier messages went (or are going) out; at least those within the cap's
     *                    window before {@code now}
     */
    public Decision decide(
            Step.Channel channel, String purpose, Contact contact, List<Instant> recentSends, Instant now) {
        if (contact == null) {
            return new Decision.Skip("the customer's profile is not known");
        }
        Optional<String> refused = consentProblem(channel, purpose, contact);
        if (refused.isPresent()) {
            return new Decision.Skip(refused.get());
        }
        if (channel == Step.Channel.EMAIL && isBlank(contact.email())) {
            return new Decision.Skip("no email address on file");
        }
        if (channel == Step.Channel.SMS && isBlank(contact.phone())) {
            return new Decision.Skip("no phone number on file");
        }
        Instant at = now;
        String reason = null;
        Instant capFree = capFreeFrom(recentSends, now);
        if (capFree.isAfter(at)) {
            at = capFree;
            reason = "frequency cap: " + settings.capMessages() + " messages in " + settings.capWindow();
        }
        ZoneId zone = zoneOf(contact);
        Instant quietEnd = endOfQuietHours(at, zone);
        if (quietEnd.isAfter(at)) {
            at = quietEnd;
            reason = (reason == null ? "" : reason + "; ") + "quiet hours " + settings.quietStart() + "-"
                    + settings.quietEnd() + " " + zone;
        }
        return at.equals(now) ? new Decision.Send() : new Decision.Postpone(at, reason);
    }

    private static Optional<String> consentProblem(Step.Channel channel, String purpose, Contact contact) {
        String consentChannel = channel.consentChannel();
        Optional<Contact.Consent> recorded = contact.consents().stream()
                .filter(c -> c.channel().equals(consentChannel) && c.purpose().equals(purpose))
                .findFirst();
        if (recorded.isPresent() && !recorded.get().granted()) {
            return Optional.of("the customer refused " + consentChannel + " for " + purpose);
        }
        if (recorded.isEmpty() && Step.MARKETING.equals(purpose)) {
            return Optional.of("no consent to " + consentChannel + " for " + purpose);
        }
        return Optional.empty();
    }

    /** The earliest time at or after {@code now} when fewer than the cap's messages lie within the window before it. */
    private Instant capFreeFrom(List<Instant> recentSends, Instant now) {
        List<Instant> inWindow = recentSends.stream()
                .filter(sent -> sent.isAfter(now.minus(settings.capWindow())))
                .sorted()
                .toList();
        if (inWindow.size() < settings.capMessages()) {
            return now;
        }
        // the window must lose enough of its oldest messages that one more fits
        return inWindow.get(inWindow.size() - settings.capMessages()).plus(settings.capWindow());
    }

    private Instant endOfQuietHours(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalTime start = settings.quietStart();
        LocalTime end = settings.quietEnd();
        boolean overMidnight = start.isAfter(end);
        boolean quiet = overMidnight
                ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return at;
        }
        // evening of an over-midnight window: quiet hours end tomorrow
        ZonedDateTime endDay = overMidnight && !time.isBefore(start) ? local.plusDays(1) : local;
        return ZonedDateTime.of(endDay.toLocalDate(), end, zone).toInstant();
    }

    private ZoneId zoneOf(Contact contact) {
        if (isBlank(contact.timeZone())) {
            return settings.defaultZone();
        }
        try {
            return ZoneId.of(contact.timeZone());
        } catch (DateTimeException unknownZone) {
            return settings.defaultZone();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
