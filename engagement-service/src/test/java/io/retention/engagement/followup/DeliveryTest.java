package io.retention.engagement.followup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerErased;
import io.retention.contract.events.CustomerProfile;
import io.retention.contract.events.MessageSent;
import io.retention.contract.events.OfferIssued;
import io.retention.contract.events.OfferKind;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.engagement.delivery.WebhookSignature;
import io.retention.engagement.testing.EngagementTestBase;
import io.retention.engagement.testing.WebhookReceiver;
import io.retention.local.MailSink;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.SmtpTestResource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Playbooks fired by the dispatcher on a real broker, a real PostgreSQL, a real SMTP server and a real webhook
 * receiver, with the clock moved by the test.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpTestResource.class)
@WithTestResource(WebhookReceiver.class)
class DeliveryTest extends EngagementTestBase {
    /** How long a test watches that something does not happen. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private static final CustomerProfile.Consent EMAIL_MARKETING =
            new CustomerProfile.Consent("EMAIL", "MARKETING", true);
    private static final CustomerProfile.Consent SMS_MARKETING = new CustomerProfile.Consent("SMS", "MARKETING", true);

    @SmtpTestResource.InjectMailSink
    MailSink mail;

    @WebhookReceiver.InjectWebhookReceiver
    WebhookReceiver webhook;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void morning() {
        setClock(MONDAY_MORNING);
    }

    @AfterEach
    void dispatcherRuns() {
        scheduler.resume("follow-up-dispatch");
    }

    @Test
    void aCustomerRegisteredTodayGetsTheOnboardingStepsWhenTheClockMoves() {
        String customer = "onboard-1";
        Instant registered = now();
        publish(EventType.CUSTOMER_REGISTERED, customer, profile(customer, null, "NEW", "Europe/Berlin"));

        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(1));
        MailSink.Mail welcome = mail.receivedBy(customer + "@example.com").get(0);
        assertThat(welcome.subject()).isEqualTo("Welcome aboard, Ada " + customer);
        assertThat(welcome.template()).isEqualTo("welcome");
        Map<String, Object> welcomeEmail = followUp(customer, "welcome-email");
        assertThat(welcomeEmail).containsEntry("status", "SENT").containsEntry("owner", "platform");
        assertThat(welcome.messageId()).isEqualTo("<" + welcomeEmail.get("id") + "@retention>");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(emitted(customer, EventType.MESSAGE_SENT))
                        .extracting(e -> e.dataAs(MessageSent.class))
                        .containsExactly(new MessageSent("EMAIL", "welcome", (String) welcomeEmail.get("id"))));

        assertThat(followUp(customer, "welcome-call"))
                .containsEntry("status", "OPEN")
                .containsEntry("owner", "am-ada")
                .containsEntry("dueAt", registered.plus(Duration.ofDays(2)).toString());
        assertThat(followUp(customer, "check-in-week-2"))
                .containsEntry("dueAt", registered.plus(Duration.ofDays(14)).toString());
        assertThat(followUp(customer, "check-in-week-6"))
                .containsEntry("channel", "CALL")
                .containsEntry("dueAt", registered.plus(Duration.ofDays(42)).toString());
        assertThat(followUp(customer, "check-in-week-12"))
                .containsEntry("dueAt", registered.plus(Duration.ofDays(84)).toString());
        given().get("/follow-ups?owner=am-ada&customerId={c}", customer)
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(2));

        advanceClock(Duration.ofDays(14));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(mail.receivedBy(customer + "@example.com"))
                        .extracting(MailSink.Mail::template)
                        .containsExactly("welcome", "onboarding-check-in"));
        assertThat(followUp(customer, "check-in-week-12")).containsEntry("status", "OPEN");
        advanceClock(Duration.ofDays(70));
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(3));

        // announced again (a replay): onboarding does not start twice
        publish(EventType.CUSTOMER_REGISTERED, customer, profile(customer, null, "NEW", "Europe/Berlin"));
        await().during(QUIET)
                .atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(followUps(customer).getInt("total")).isEqualTo(5));
    }

    @Test
    void aTierACustomerGetsTheCadenceAndItFollowsATierChange() {
        String customer = "tier-a-1";
        Instant registered = now();
        publish(EventType.CUSTOMER_REGISTERED, customer, profile(customer, "A", "ACTIVE", "UTC"));
        awaitContact(customer, "ACTIVE");
        // the cadence waits until the snapshot has held: the registry may announce another stage a moment later
        assertThat(followUps(customer).getInt("total")).isZero();
        advanceClock(CADENCE_SETTLE);

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(followUps(customer).getInt("total")).isEqualTo(2));
        assertThat(followUp(customer, "quarterly-call"))
                .containsEntry("playbook", "tier-a")
                .containsEntry("owner", "am-ada")
                .containsEntry("dueAt", registered.plus(Duration.ofDays(7)).toString());
        assertThat(followUp(customer, "account-review-meeting"))
                .containsEntry("channel", "MEETING")
                .containsEntry("dueAt", registered.plus(Duration.ofDays(14)).toString());
        assertThat(followUp(customer, "welcome-email"))
                .as("an ACTIVE customer is not onboarded")
                .isNull();

        advanceClock(Duration.ofDays(7).plusMinutes(1));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(followUp(customer, "quarterly-call", 1))
                        .containsEntry("status", "OPEN")
                        .containsEntry(
                                "dueAt",
                                registered.plus(Duration.ofDays(7 + 91)).toString()));
        assertThat(followUp(customer, "quarterly-call"))
                .as("the fired call stays in the queue until done")
                .containsEntry("status", "OPEN");

        publish(EventType.CUSTOMER_UPDATED, customer, profile(customer, "C", "ACTIVE", "UTC"));
        awaitContact(customer, "ACTIVE", "C");
        advanceClock(CADENCE_SETTLE);
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(followUp(customer, "quarterly-newsletter")).isNotNull());
        assertThat(followUp(customer, "quarterly-call", 1)).containsEntry("status", "CANCELLED");
        assertThat(followUp(customer, "account-review-meeting")).containsEntry("status", "CANCELLED");
        assertThat(followUp(customer, "quarterly-newsletter"))
                .containsEntry("playbook", "tier-c")
                .containsEntry("status", "OPEN");
    }

    @Test
    void aThirdMessageInAWeekIsHeldBackByTheCapAndGoesWhenTheWindowAllows() {
        String customer = "cap-1";
        Instant first = now();
        publish(EventType.CUSTOMER_REGISTERED, customer, profile(customer, null, "NEW", "UTC", EMAIL_MARKETING));
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(1));
        publish(
                EventType.RISK_RAISED,
                customer,
                new RiskRaised(
                        RiskLevel.MEDIUM,
                        55,
                        0.4,
                        List.of(new RiskReason(RiskReason.ReasonCode.INACTIVE, "no use for 30 days", 55)),
                        RiskLevel.LOW));
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(2));

        publish(
                EventType.OFFER_ISSUED,
                customer,
                new OfferIssued(
                        "WB-CAP-1", OfferKind.DISCOUNT, 20, first.plus(Duration.ofDays(30)), "discount-20", "PRICE"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(followUp(customer, "offer-message"))
                        .containsEntry("status", "OPEN")
                        .containsEntry("dueAt", first.plus(Duration.ofDays(7)).toString())
                        .containsEntry("heldReason", "frequency cap: 2 messages in PT168H"));
        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(2);

        advanceClock(Duration.ofDays(7));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(mail.receivedBy(customer + "@example.com"))
                        .extracting(MailSink.Mail::template)
                        .containsExactly("welcome", "re-activation", "winback-offer"));
        assertThat(mail.receivedBy(customer + "@example.com").get(2).body()).contains("WB-CAP-1");
    }

    @Test
    void aMessageDueAtTwoInTheMorningLocalTimeGoesOutAfterQuietHours() {
        String customer = "quiet-1";
        setClock(Instant.parse("2026-03-01T17:00:00Z")); // 02:00 in Tokyo
        publish(EventType.CUSTOMER_REGISTERED, customer, profile(customer, null, "NEW", "Asia/Tokyo"));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(followUp(customer, "welcome-email"))
                        .containsEntry("status", "OPEN")
                        .containsEntry("dueAt", "2026-03-01T23:00:00Z")
                        .containsEntry("heldReason", "quiet hours 21:00-08:00 Asia/Tokyo"));
        assertThat(mail.receivedBy(customer + "@example.com")).isEmpty();

        setClock(Instant.parse("2026-03-01T23:00:00Z")); // 08:00 in Tokyo
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(1));
        assertThat(followUp(customer, "welcome-email"))
                .containsEntry("status", "SENT")
                .containsEntry("sentAt", "2026-03-01T23:00:00Z");
    }

    @Test
    void theOfferReminderGoesBySignedWebhookAndAFailedCallIsRetriedWithTheSameKey() throws Exception {
        String customer = "sms-1";
        publish(
                EventType.CUSTOMER_REGISTERED,
                customer,
                profile(customer, null, "CHURNED", "UTC", EMAIL_MARKETING, SMS_MARKETING));
        Instant validUntil = now().plus(Duration.ofDays(5));
        publish(
                EventType.OFFER_ISSUED,
                customer,
                new OfferIssued("WB-SMS-1", OfferKind.BUNDLE, 15, validUntil, "bundle", null));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(followUp(customer, "offer-reminder"))
                        .containsEntry("channel", "SMS")
                        .containsEntry(
                                "dueAt", validUntil.minus(Duration.ofDays(3)).toString()));
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(1));

        webhook.answerNext(503);
        advanceClock(Duration.ofDays(2));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(followUp(customer, "offer-reminder"))
                        .containsEntry("status", "OPEN")
                        .containsEntry("attempts", 1)
                        .containsEntry("lastError", "webhook answered 503"));
        advanceClock(Duration.ofMinutes(1));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(followUp(customer, "offer-reminder")).containsEntry("status", "SENT"));

        List<WebhookReceiver.Call> calls = webhook.callsMentioning("WB-SMS-1");
        assertThat(calls).hasSize(2);
        String followUpId = (String) followUp(customer, "offer-reminder").get("id");
        for (WebhookReceiver.Call call : calls) {
            assertThat(call.header("Idempotency-Key")).isEqualTo(followUpId);
            long timestamp = Long.parseLong(call.header(WebhookSignature.TIMESTAMP_HEADER));
            assertThat(WebhookSignature.verify(
                            webhook.secret(), timestamp, call.body(), call.header(WebhookSignature.SIGNATURE_HEADER)))
                    .as("signature of %s", call.body())
                    .isTrue();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(calls.get(1).body(), Map.class);
        assertThat(body)
                .containsEntry("channel", "SMS")
                .containsEntry("customerId", customer)
                .containsEntry("to", profile(customer, null, null, null).phone());
        assertThat((String) body.get("body")).contains("WB-SMS-1");
    }

    @Test
    void aCrashBetweenSendingAndRecordingSendsAgainWithTheSameMessageIdAndRecordsOnce() {
        scheduler.pause("follow-up-dispatch");
        String customer = "crash-1";
        publish(EventType.CUSTOMER_REGISTERED, customer, profile(customer, null, "NEW", "UTC"));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(followUp(customer, "welcome-email")).containsEntry("status", "OPEN"));

        // the first round claims and sends, then "crashes" before recording
        Dispatcher.Claim claim = dispatcher.claim(now()).await().atMost(WAIT);
        assertThat(claim.sending()).extracting(s -> s.row().customerId()).contains(customer);
        dispatcher
                .deliver(claim.sending().stream()
                        .filter(s -> s.row().customerId().equals(customer))
                        .toList())
                .await()
                .atMost(WAIT);
        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(1);
        assertThat(followUp(customer, "welcome-email")).containsEntry("status", "SENDING");

        // within the lease nobody sends it again; after it, the next round does, with the same id, and records it once
        scheduler.resume("follow-up-dispatch");
        advanceClock(Duration.ofMinutes(4));
        dispatcher.fireDue().await().atMost(WAIT);
        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(1);
        advanceClock(Duration.ofMinutes(2));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(followUp(customer, "welcome-email")).containsEntry("status", "SENT"));
        List<MailSink.Mail> received = mail.receivedBy(customer + "@example.com");
        assertThat(received).hasSize(2);
        assertThat(received.get(1).messageId()).isEqualTo(received.get(0).messageId());
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(emitted(customer, EventType.MESSAGE_SENT)).hasSize(1));
        dispatcher.fireDue().await().atMost(WAIT);
        assertThat(mail.receivedBy(customer + "@example.com")).hasSize(2);
    }

    @Test
    void twoDispatchersRunningTogetherFireEachDueFollowUpOnce() {
        scheduler.pause("follow-up-dispatch");
        List<String> customers =
                IntStream.range(0, 40).mapToObj(i -> "pair-" + i).toList();
        customers.forEach(c -> publish(EventType.CUSTOMER_REGISTERED, c, profile(c, null, "NEW", "UTC")));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(customers)
                        .allSatisfy(
                                c -> assertThat(followUp(c, "welcome-email")).containsEntry("status", "OPEN")));

        Uni.join()
                .all(dispatcher.fireDue(), dispatcher.fireDue(), dispatcher.fireDue())
                .andFailFast()
                .await()
                .atMost(WAIT);

        assertThat(customers).allSatisfy(c -> {
            assertThat(mail.receivedBy(c + "@example.com")).hasSize(1);
            assertThat(followUp(c, "welcome-email"))
                    .containsEntry("status", "SENT")
                    .containsEntry("attempts", 1);
        });
    }

    @Test
    void nothingGoesToAnErasedCustomer() {
        scheduler.pause("follow-up-dispatch");
        String customer = "erased-1";
        publish(EventType.CUSTOMER_REGISTERED, customer, profile(customer, "B", "NEW", "UTC"));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(followUp(customer, "welcome-email")).isNotNull());

        publish(EventType.CUSTOMER_ERASED, customer, new CustomerErased(customer));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(followUps(customer).getInt("total")).isZero());
        publish(
                EventType.RISK_RAISED,
                customer,
                new RiskRaised(
                        RiskLevel.HIGH,
                        80,
                        0.2,
                        List.of(new RiskReason(RiskReason.ReasonCode.OPEN_TICKETS, "3 open", 80)),
                        RiskLevel.LOW));
        await().during(QUIET)
                .atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(followUps(customer).getInt("total")).isZero());

        dispatcher.fireDue().await().atMost(WAIT);
        assertThat(mail.receivedBy(customer + "@example.com")).isEmpty();
    }
}
