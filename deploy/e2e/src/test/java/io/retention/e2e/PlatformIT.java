package io.retention.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retention.contract.EventCodec;
import io.retention.contract.Json;
import io.retention.contract.Topics;
import io.retention.local.Database;
import io.retention.local.MailSink;
import io.retention.local.Platform;
import io.retention.local.Service;
import io.retention.local.testing.TestDatabases;
import io.retention.local.testing.TopicClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four packaged services on a real Kafka broker and a real PostgreSQL, started as the run command starts them,
 * fed by a plain Kafka producer as an outside system would feed them, and read through their REST APIs.
 */
class PlatformIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Database database;
    private static String databasePrefix;
    private static Platform platform;
    private static TopicClient topics;

    @BeforeAll
    static void startPlatform() throws Exception {
        database = TestDatabases.openServer();
        databasePrefix = TestDatabases.uniqueName("e2e") + "_";
        Map<Service, Integer> ports = Runs.servicePorts();
        Path dataDir = Files.createTempDirectory("retention-e2e-");
        platform = Platform.start(new Platform.Settings(
                Path.of(System.getProperty("retention.project.root")),
                dataDir,
                null,
                0,
                database,
                0,
                databasePrefix,
                ports,
                List.of(
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        // no quiet hours: the run may be at any time of day, and the welcome email is checked at once
                        "-Dretention.engagement.policy.quiet-start=00:00",
                        "-Dretention.engagement.policy.quiet-end=00:00",
                        // no holdout: every lost customer of the run gets an offer
                        "-Dretention.winback.holdout-share=0",
                        // a round as soon as the queue has been still for 2 s (30 s by default), to keep the run short
                        "-Dretention.winback.queue-settle=2s",
                        // spans, so that the trace test sees each service's own (nothing collects them here)
                        "-Dquarkus.otel.sdk.disabled=false"),
                EnumSet.allOf(Service.class)));
        topics = new TopicClient(platform.bootstrapServers());
        Thread.sleep(3000);
        for (Service service : Service.values()) {
            String rss =
                    Files.readAllLines(Path.of(
                                    "/proc",
                                    String.valueOf(platform.process(service).pid()),
                                    "status"))
                            .stream()
                            .filter(line -> line.startsWith("VmRSS"))
                            .findFirst()
                            .orElse("VmRSS: unknown");
            System.out.printf("[e2e] %s idle %s%n", service.module(), rss.replaceAll("\\s+", " "));
        }
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (topics != null) {
            topics.close();
        }
        if (platform != null) {
            platform.close();
        }
        Runs.dropDatabases(database, databasePrefix);
        database.close();
    }

    @Test
    void everyServiceStartsWithoutAnErrorInItsLog() throws IOException {
        for (Service service : Service.values()) {
            List<String> startup = new ArrayList<>();
            for (String line : Files.readAllLines(platform.logFile(service))) {
                startup.add(line);
                if (line.contains(" started in ")) {
                    break;
                }
            }
            assertThat(startup)
                    .as("%s's log until it started", service.module())
                    .anyMatch(line -> line.contains(" started in "))
                    .noneMatch(line -> line.contains(" ERROR "));
        }
    }

    @Test
    void aCustomerWithThreeOpenTicketsGetsAFollowUp() throws Exception {
        String customer = "e2e-tickets-" + UUID.randomUUID();
        register(customer);
        for (int i = 1; i <= 3; i++) {
            publish(
                    Topics.TICKETS,
                    event(
                            customer,
                            "retention.ticket.opened",
                            Map.of("ticketId", "t-" + i, "category", "BUG", "priority", "HIGH")));
        }

        JsonNode followUps = awaitJson(
                Service.ENGAGEMENT,
                "/follow-ups?playbook=at-risk-open-tickets&customerId=" + customer,
                page -> page.get("total").asInt() == 1);
        assertThat(followUps.at("/items/0/step").asText()).isEqualTo("support-escalation");
        assertThat(followUps.at("/items/0/status").asText()).isEqualTo("OPEN");
        assertThat(get(Service.RISK, "/risk/" + customer).body()).contains("\"level\":\"MEDIUM\"");

        // the single view: the tickets, risk-service's signal and engagement-service's follow-up on one timeline
        awaitJson(
                Service.CUSTOMER,
                "/customers/" + customer + "/timeline?kind=SIGNAL",
                page -> page.get("total").asInt() == 1);
        awaitJson(
                Service.CUSTOMER,
                "/customers/" + customer + "/timeline?kind=FOLLOW_UP",
                page -> page.get("total").asInt() >= 1);
        awaitJson(
                Service.CUSTOMER,
                "/customers/" + customer + "/timeline?kind=TICKET",
                page -> page.get("total").asInt() == 3);
        awaitJson(
                Service.CUSTOMER,
                "/customers/" + customer,
                profile -> "AT_RISK".equals(profile.get("lifecycleStage").asText()));
    }

    @Test
    void oneTraceRunsFromTicketsPostedOverHttpToTheFollowUpTheyCause() throws Exception {
        String customer = "e2e-traced-" + UUID.randomUUID();
        register(customer);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = "a1b2c3d4e5f60718";
        ArrayNode tickets = Json.MAPPER.createArrayNode();
        for (int i = 1; i <= 3; i++) {
            tickets.add(event(
                    customer,
                    "retention.ticket.opened",
                    Map.of("ticketId", "tr-" + i, "category", "BUG", "priority", "HIGH")));
        }
        HttpResponse<String> accepted = HTTP.send(
                platform.request(Service.CUSTOMER, "/events")
                        .header("content-type", "application/json")
                        .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                        .POST(HttpRequest.BodyPublishers.ofString(tickets.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        // customer-service published the tickets, risk-service raised the risk, engagement-service scheduled the
        // follow-up: each record on the way carries the caller's trace, each from a span of its own service
        ConsumerRecord<String, byte[]> ticket = awaitRecord(Topics.TICKETS, customer, "retention.ticket.opened");
        ConsumerRecord<String, byte[]> signal = awaitRecord(Topics.RISK_SIGNALS, customer, "retention.risk.raised");
        // (not the onboarding follow-ups of the registration, which are the registration request's trace)
        ConsumerRecord<String, byte[]> followUp = awaitRecord(
                Topics.ENGAGEMENTS, customer, "retention.followup.scheduled", "\"playbook\":\"at-risk-open-tickets\"");
        List<String> spans = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : List.of(ticket, signal, followUp)) {
            String[] traceparent = TopicClient.header(record, "traceparent").split("-");
            assertThat(traceparent[1]).as("trace id on %s", record.topic()).isEqualTo(traceId);
            spans.add(traceparent[2]);
        }
        assertThat(spans).doesNotContain(callerSpan).doesNotHaveDuplicates();
    }

    /** The first record of the type about the customer on the topic (whose payload has the given text, if any). */
    private static ConsumerRecord<String, byte[]> awaitRecord(
            String topic, String customer, String type, String... containing) {
        List<ConsumerRecord<String, byte[]>> read = topics.readUntil(
                topic,
                record -> {
                    String payload = new String(record.value(), StandardCharsets.UTF_8);
                    return customer.equals(record.key())
                            && payload.contains("\"type\":\"" + type + "\"")
                            && java.util.Arrays.stream(containing).allMatch(payload::contains);
                },
                WAIT);
        assertThat(read).as("a %s on %s", type, topic).isNotEmpty();
        return read.get(read.size() - 1);
    }

    @Test
    void aCancelledCustomerGetsAnOfferThatRedeemsOnce() throws Exception {
        String customer = "e2e-cancel-" + UUID.randomUUID();
        publish(
                Topics.PURCHASES,
                event(
                        customer,
                        "retention.purchase.completed",
                        Map.of("orderId", "o-1", "amount", 80.00, "currency", "EUR")));
        publish(Topics.PURCHASES, event(customer, "retention.subscription.cancelled", Map.of("reason", "PRICE")));

        JsonNode offers = awaitJson(
                Service.WINBACK,
                "/offers?customerId=" + customer,
                page -> page.get("total").asInt() == 1);
        assertThat(offers.at("/items/0/kind").asText()).isEqualTo("DISCOUNT");
        String code = offers.at("/items/0/code").asText();

        HttpResponse<String> first =
                post(Service.WINBACK, "/offers/" + code + "/redeem", "{\"customerId\":\"" + customer + "\"}");
        assertThat(first.statusCode()).isEqualTo(200);
        HttpResponse<String> second =
                post(Service.WINBACK, "/offers/" + code + "/redeem", "{\"customerId\":\"" + customer + "\"}");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Json.MAPPER.readTree(second.body()).get("detail").asText()).contains("already redeemed");
    }

    @Test
    void garbageLandsOnTheDeadLetterTopicAndTheNextGoodEventIsStillProcessed() throws Exception {
        String customer = "e2e-garbage-" + UUID.randomUUID();
        topics.publish(
                Topics.TICKETS, customer, "\u0000\u0001 definitely not an event".getBytes(StandardCharsets.UTF_8));
        // well-formed JSON with text no database stores: refused alike by the three services that read purchases
        publish(
                Topics.PURCHASES,
                event(
                        customer,
                        "retention.purchase.completed",
                        Map.of("orderId", "o-\u0000", "amount", 10, "currency", "EUR")));
        for (int i = 1; i <= 3; i++) {
            publish(
                    Topics.TICKETS,
                    event(
                            customer,
                            "retention.ticket.opened",
                            Map.of("ticketId", "g-" + i, "category", "COMPLAINT", "priority", "URGENT")));
        }

        // three urgent complaints: the open-tickets and the complaints playbooks both start
        awaitJson(
                Service.ENGAGEMENT,
                "/follow-ups?playbook=at-risk-complaints&customerId=" + customer,
                page -> page.get("total").asInt() >= 1);
        List<ConsumerRecord<String, byte[]>> dead =
                topics.readUntil(Topics.deadLetter(Topics.TICKETS), record -> customer.equals(record.key()), WAIT);
        assertThat(dead).isNotEmpty();
        assertThat(TopicClient.header(dead.get(dead.size() - 1), "dead-letter-reason"))
                .startsWith("value is not valid JSON");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                topics.readAll(Topics.deadLetter(Topics.PURCHASES), Duration.ofMillis(500)).stream()
                                        .filter(record -> customer.equals(record.key()))
                                        .map(record -> TopicClient.header(record, "dead-letter-reason")))
                        .as("risk-, winback- and customer-service each dead-letter it, with the reason")
                        .containsExactly(
                                "$.data.orderId: contains the NUL character (U+0000), which is not stored",
                                "$.data.orderId: contains the NUL character (U+0000), which is not stored",
                                "$.data.orderId: contains the NUL character (U+0000), which is not stored"));
        assertThat(Json.MAPPER
                        .readTree(get(Service.RISK, "/risk/" + customer).body())
                        .at("/features/purchaseDays")
                        .asInt())
                .as("the purchase was not applied")
                .isZero();
    }

    @Test
    void aRegisteredCustomerIsAnnouncedAndReadable() throws Exception {
        String customer = "e2e-register-" + UUID.randomUUID();
        register(customer);
        assertThat(get(Service.CUSTOMER, "/customers/" + customer).statusCode()).isEqualTo(200);
        var read = topics.readUntil(Topics.CUSTOMERS, record -> customer.equals(record.key()), WAIT);
        assertThat(read).isNotEmpty();
        ConsumerRecord<String, byte[]> last = read.get(read.size() - 1);
        assertThat(EventCodec.read(Topics.CUSTOMERS, last.key(), Map.of(), last.value())
                        .type()
                        .typeName())
                .isEqualTo("retention.customer.registered");
        assertThat(post(Service.CUSTOMER, "/customers", "{\"customerId\":\"" + customer + "\",\"name\":\"Again\"}")
                        .statusCode())
                .isEqualTo(409);

        // engagement-service onboards the new customer: the welcome email reaches the platform's SMTP server, its
        // Message-ID is the follow-up's id, and the customer's timeline shows the message
        JsonNode welcome = awaitJson(
                Service.ENGAGEMENT,
                "/follow-ups?playbook=onboarding&status=SENT&customerId=" + customer,
                page -> page.get("total").asInt() == 1);
        assertThat(platform.mailSink().receivedBy(customer + "@example.com"))
                .extracting(MailSink.Mail::messageId, MailSink.Mail::subject)
                .containsExactly(
                        tuple("<" + welcome.at("/items/0/id").asText() + "@retention>", "Welcome aboard, End To End"));
        awaitJson(
                Service.CUSTOMER,
                "/customers/" + customer + "/timeline?kind=MESSAGE",
                page -> page.get("total").asInt() == 1);
    }

    @Test
    void anErasedCustomerIsForgottenByEveryService() throws Exception {
        String customer = "e2e-erase-" + UUID.randomUUID();
        register(customer);
        for (int i = 1; i <= 3; i++) {
            publish(
                    Topics.TICKETS,
                    event(
                            customer,
                            "retention.ticket.opened",
                            Map.of("ticketId", "e-" + i, "category", "BUG", "priority", "LOW")));
        }
        awaitJson(
                Service.ENGAGEMENT,
                "/follow-ups?playbook=at-risk-open-tickets&customerId=" + customer,
                page -> page.get("total").asInt() == 1);
        publish(Topics.PURCHASES, event(customer, "retention.subscription.cancelled", Map.of("reason", "SERVICE")));
        awaitJson(
                Service.WINBACK,
                "/offers?customerId=" + customer,
                page -> page.get("total").asInt() == 1);

        HttpResponse<String> erased = HTTP.send(
                platform.request(Service.CUSTOMER, "/customers/" + customer)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(erased.statusCode()).isEqualTo(204);

        assertThat(get(Service.CUSTOMER, "/customers/" + customer).statusCode()).isEqualTo(404);
        assertThat(get(Service.CUSTOMER, "/customers/" + customer + "/timeline").statusCode())
                .isEqualTo(404);
        await().atMost(WAIT).until(() -> get(Service.RISK, "/risk/" + customer).statusCode() == 404);
        awaitJson(
                Service.ENGAGEMENT,
                "/follow-ups?customerId=" + customer,
                page -> page.get("total").asInt() == 0);
        awaitJson(
                Service.WINBACK,
                "/offers?customerId=" + customer,
                page -> page.get("total").asInt() == 0);
    }

    @Test
    void eventsPostedOverHttpAreProcessedLikeThoseOnKafka() throws Exception {
        String customer = "e2e-http-" + UUID.randomUUID();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 1; i <= 3; i++) {
            batch.append(i > 1 ? "," : "")
                    .append(Json.MAPPER.writeValueAsString(event(
                            customer,
                            "retention.ticket.opened",
                            Map.of("ticketId", "h-" + i, "category", "BILLING", "priority", "NORMAL"))));
        }
        HttpResponse<String> accepted =
                post(Service.CUSTOMER, "/events", batch.append("]").toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        awaitJson(
                Service.ENGAGEMENT,
                "/follow-ups?playbook=at-risk-open-tickets&customerId=" + customer,
                page -> page.get("total").asInt() == 1);
    }

    private static void register(String customer) throws Exception {
        HttpResponse<String> created = post(
                Service.CUSTOMER,
                "/customers",
                "{\"customerId\":\"" + customer + "\",\"name\":\"End To End\",\"email\":\"" + customer
                        + "@example.com\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** A structured-mode CloudEvent as an outside system writes it, without the platform's own classes. */
    private static ObjectNode event(String customer, String type, Map<String, Object> data) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/e2e-test");
        event.put("type", type);
        event.put("time", Instant.now().toString());
        event.put("subject", customer);
        event.put("datacontenttype", "application/json");
        event.set("data", Json.MAPPER.valueToTree(data));
        return event;
    }

    private static void publish(String topic, ObjectNode event) throws IOException {
        topics.publish(topic, event.get("subject").asText(), Json.MAPPER.writeValueAsBytes(event));
    }

    private static JsonNode awaitJson(Service service, String path, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = get(service, path);
            last[0] = response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()) : null;
            return last[0] != null && done.test(last[0]);
        });
        return last[0];
    }

    private static HttpResponse<String> get(Service service, String path) throws Exception {
        return HTTP.send(platform.request(service, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(Service service, String path, String json) throws Exception {
        return HTTP.send(
                platform.request(service, path)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
