package io.retention.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retention.contract.Json;
import io.retention.contract.Topics;
import io.retention.local.Database;
import io.retention.local.KafkaBroker;
import io.retention.local.Platform;
import io.retention.local.Service;
import io.retention.local.testing.TopicClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the tests that run the packaged platform twice and compare the runs share: a generated business history, the
 * wait until every service has settled, and each service's final state and effects read customer by customer.
 */
final class Runs {
    /** The present both runs judge at: every service's clock starts here. */
    static final Instant PRESENT = Instant.parse("2026-06-01T01:00:00Z");

    static final Duration WAIT = Duration.ofSeconds(240);
    /** Customers first seen in {@link #liveTail}. */
    static final int NEW_LIVE_CUSTOMERS = 40;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Runs() {}

    /** An event: its topic, customer, time and structured-mode JSON. */
    record Event(String topic, String customer, Instant time, ObjectNode json) {}

    /** What one run came to, each map keyed by customer. */
    record Outcome(
            Map<String, String> risk,
            Map<String, String> customers,
            Map<String, String> followUps,
            Map<String, String> lost,
            Map<String, String> signals,
            Map<String, String> scheduled) {}

    /**
     * The services' settings for a compared run: each service's clock reads {@link #PRESENT} at {@code startedAt} (one
     * clock for every process of the run, restarted ones included), quick settling and win-back rounds, no quiet hours,
     * tiers recomputed only on request.
     */
    static List<String> jvmOptions(Instant startedAt) {
        return List.of(
                "-Xmx320m",
                "-XX:+UseSerialGC",
                "-Dretention.clock.start-at=" + PRESENT,
                "-Dretention.clock.started-at=" + startedAt,
                "-Dretention.risk.settle-after=10s",
                "-Dretention.risk.recheck-poll=1s",
                // the shipped weights stay in force: which learned model would be in force depends on when the
                // learning rounds ran (one that ranks worse than the model in force is not put in force), and
                // these runs compare what the order of events does, not when models were learned
                "-Dretention.risk.learning.min-outcomes=2000000000",
                "-Dretention.winback.queue-settle=5s",
                "-Dretention.winback.round-every=1s",
                "-Dretention.winback.daily-budget=10000",
                "-Dretention.engagement.policy.quiet-start=00:00",
                // tiers only when the test asks, once all is settled: the scheduled recompute, put off while history
                // is read, could otherwise run before risk-service (held back by consumer lag after the faults) has
                // judged the import, and plan tier cadences that the churned signals then cancel
                "-Dretention.customer.tiers.settle-after=1h",
                "-Dretention.engagement.policy.quiet-end=00:00",
                "-Dretention.engagement.cadence-settle=PT5S",
                "-Dretention.engagement.cadence-check-every=1s",
                // a killed instance's partitions pass to its restart (or its twin) once the group gives up on it: 10 s
                // instead of Kafka's 45 s, as the runs compare what a kill does to the state, not how long it is
                // noticed
                "-Dmp.messaging.connector.smallrye-kafka.session.timeout.ms=10000");
    }

    /** A free port for each of the four services. */
    static Map<Service, Integer> servicePorts() throws IOException {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, KafkaBroker.freePort());
        }
        return ports;
    }

    /** Drops the four services' databases of a platform started with this prefix on the server. */
    static void dropDatabases(Database server, String prefix) throws SQLException {
        for (Service service : Service.values()) {
            server.dropDatabase(prefix + service.database());
        }
    }

    /** Every service has read every event, risk-service has judged all history, and the services' effects have spread. */
    static void awaitSettled(Client client, Set<String> topicsPublished) {
        awaitRead(client, topicsPublished);
        await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.query("risk", "select count(*) from customer_risk where settle_pending") == 0);
        // tiers as of the settled state in both runs (every signal about the history read everywhere first), then every
        // service has read what the others emitted (409 while the service's own, put off during the history, happens
        // to run: then once more after it)
        awaitQuiet(client);
        await().atMost(WAIT)
                .until(() -> client.send(Service.CUSTOMER, "/tiers/recompute", "POST")
                                .statusCode()
                        == 200);
        awaitQuiet(client);
    }

    /** risk- and customer-service, which read the inbound topics, have read all that was published to them. */
    static void awaitRead(Client client, Set<String> topicsPublished) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> topicsPublished.stream()
                        .allMatch(topic ->
                                client.lag(Service.RISK, topic) == 0 && client.lag(Service.CUSTOMER, topic) == 0));
    }

    /** A producer as outside systems publish with: every record acknowledged by all replicas. */
    static KafkaProducer<String, byte[]> producer(Platform platform) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        platform.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /**
     * No outbox row left, no live event held, no tier cadence waiting for its snapshot to hold, nobody waiting for a
     * win-back round, and every topic read by every service.
     */
    static void awaitQuiet(Client client) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.query("winback", "select count(*) from lost_customer where status = 'WAITING'") == 0
                        && client.query("risk", "select count(*) from held_event") == 0
                        && client.query(
                                        "engagement",
                                        "select count(*) from customer_contact where cadence_pending_since is not null")
                                == 0
                        && client.query("risk", "select count(*) from outbox") == 0
                        && client.query("customer", "select count(*) from outbox") == 0
                        && client.query("winback", "select count(*) from outbox") == 0
                        && client.query("engagement", "select count(*) from outbox") == 0
                        && Topics.ALL.stream().allMatch(client::caughtUp));
    }

    /** Each service's state and the effects on the topics, customer by customer. */
    static Outcome outcome(Client client, TopicClient topics) throws Exception {
        return new Outcome(
                client.pages(Service.RISK, "/risk", "customerId", risk -> {
                    ObjectNode view = (ObjectNode) risk.deepCopy();
                    // the probability follows the calibration of the latest learning round, whenever it ran
                    view.remove(List.of("assessedAt", "nextCheckAt", "churnProbability"));
                    return view.toString();
                }),
                client.pages(
                        Service.CUSTOMER,
                        "/customers",
                        "customerId",
                        customer -> customer.get("lifecycleStage").asText()
                                + " tier " + customer.path("tier").asText() + " timeline "
                                + client.total(
                                        Service.CUSTOMER,
                                        "/customers/"
                                                + customer.get("customerId").asText() + "/timeline")),
                grouped(
                        client.all(Service.ENGAGEMENT, "/follow-ups"),
                        followUp -> followUp.get("customerId").asText(),
                        followUp -> followUp.get("playbook").asText() + "/"
                                + followUp.get("step").asText() + "#"
                                + followUp.get("occurrence").asText() + " "
                                + ("CANCELLED".equals(followUp.get("status").asText()) ? "cancelled" : "active")
                                + " owner " + followUp.get("owner").asText()),
                grouped(
                        client.all(Service.WINBACK, "/winback/lost"),
                        lost -> lost.get("customerId").asText(),
                        lost -> lost.get("status").asText() + " "
                                + lost.get("churnReason").asText() + " "
                                + lost.get("lifetimeValue")
                                        .decimalValue()
                                        .stripTrailingZeros()
                                        .toPlainString()),
                grouped(
                        distinct(records(topics, Topics.RISK_SIGNALS)),
                        event -> event.get("subject").asText(),
                        event -> {
                            JsonNode data = event.get("data");
                            return event.get("type").asText().replace("retention.", "") + " "
                                    + data.path("level").asText()
                                    + data.path("basis").asText() + " "
                                    + data.path("lifetimeValue").asText();
                        }),
                grouped(
                        distinct(records(topics, Topics.ENGAGEMENTS)),
                        event -> event.get("subject").asText(),
                        event -> event.get("type").asText().replace("retention.", "") + " "
                                + event.get("data").path("playbook").asText() + "/"
                                + event.get("data").path("step").asText()));
    }

    /** The customers whose descriptions differ between two runs; prints how many. */
    static List<String> compare(
            String tag, String actualName, String what, Map<String, String> expected, Map<String, String> actual) {
        List<String> differing = new ArrayList<>();
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            if (!Objects.equals(expected.get(key), actual.get(key))) {
                differing.add(what + " of " + key + ": " + difference(expected.get(key), actual.get(key), actualName));
            }
        }
        System.out.printf("[%s] %s: %,d customers compared, %d differ%n", tag, what, expected.size(), differing.size());
        return differing;
    }

    /** Where two descriptions part, with a little context: whole JSON documents are too long to read in a report. */
    private static String difference(String expected, String actual, String actualName) {
        if (expected == null || actual == null) {
            return "expected " + expected + ", " + actualName + " " + actual;
        }
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 60);
        return "expected ..." + expected.substring(from, Math.min(expected.length(), at + 80)) + "..., " + actualName
                + " ..." + actual.substring(from, Math.min(actual.length(), at + 80)) + "...";
    }

    /** Each customer's items, described and sorted, so that arrival order does not count but number does. */
    static Map<String, String> grouped(
            List<JsonNode> items, Function<JsonNode, String> key, Function<JsonNode, String> describe) {
        Map<String, List<String>> byKey = new TreeMap<>();
        items.forEach(item ->
                byKey.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(describe.apply(item)));
        Map<String, String> described = new TreeMap<>();
        byKey.forEach((k, list) -> {
            Collections.sort(list);
            described.put(k, String.join(", ", list));
        });
        return described;
    }

    /**
     * Events once each, by id, in the order read: delivery is at least once (a relay that crashed between the send and
     * its commit sends again, and consumers drop the copy by its id).
     */
    static List<JsonNode> distinct(List<JsonNode> events) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.putIfAbsent(event.get("id").asText(), event));
        return new ArrayList<>(byId.values());
    }

    /** A topic's events from the beginning, each partition in offset order. */
    static List<JsonNode> records(TopicClient topics, String topic) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : topics.readAll(topic, Duration.ofSeconds(2))) {
            events.add(Json.MAPPER.readTree(record.value()));
        }
        return events;
    }

    /**
     * A business's history: buyers with a cadence (some lapsed, some cancelled, a few refunds), tickets, usage, NPS; all
     * of it older than the grace period, so history by age where not marked {@code backfill}.
     */
    static List<Event> history(Random random, int customers) {
        List<Event> events = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            String customer = "hist-" + c;
            int cadence = 7 + random.nextInt(50);
            int firstDaysAgo = 120 + random.nextInt(500);
            int lastDaysAgo = random.nextInt(4) == 0
                    ? 100 + random.nextInt(Math.max(1, firstDaysAgo - 100))
                    : 2 + random.nextInt(20);
            int order = 0;
            for (int daysAgo = firstDaysAgo; daysAgo >= lastDaysAgo; daysAgo -= cadence) {
                Instant at = PRESENT.minus(Duration.ofDays(daysAgo)).plusSeconds(random.nextInt(80_000));
                String orderId = customer + "-o" + order++;
                String amount = (10 + random.nextInt(200)) + "." + (10 + random.nextInt(90));
                events.add(event(
                        Topics.PURCHASES,
                        "retention.purchase.completed",
                        customer,
                        at,
                        random,
                        true,
                        Map.of("orderId", orderId, "amount", Double.parseDouble(amount), "currency", "EUR")));
                if (random.nextInt(20) == 0) {
                    events.add(event(
                            Topics.PURCHASES,
                            "retention.purchase.refunded",
                            customer,
                            at.plus(Duration.ofDays(3)),
                            random,
                            true,
                            Map.of("orderId", orderId, "amount", Double.parseDouble(amount), "currency", "EUR")));
                }
            }
            if (random.nextInt(25) == 0) {
                events.add(event(
                        Topics.PURCHASES,
                        "retention.subscription.cancelled",
                        customer,
                        PRESENT.minus(Duration.ofDays(1 + random.nextInt(lastDaysAgo + 1)))
                                .minusSeconds(3600),
                        random,
                        true,
                        Map.of(
                                "reason",
                                List.of("PRICE", "SERVICE", "PRODUCT", "COMPETITOR")
                                        .get(random.nextInt(4)))));
            }
            int tickets = random.nextInt(5);
            for (int t = 0; t < tickets; t++) {
                Instant opened =
                        PRESENT.minus(Duration.ofDays(2 + random.nextInt(150))).minusSeconds(random.nextInt(80_000));
                String ticketId = customer + "-t" + t;
                events.add(event(
                        Topics.TICKETS,
                        "retention.ticket.opened",
                        customer,
                        opened,
                        random,
                        true,
                        Map.of(
                                "ticketId",
                                ticketId,
                                "category",
                                random.nextInt(3) == 0 ? "COMPLAINT" : "BUG",
                                "priority",
                                "NORMAL")));
                if (random.nextInt(3) > 0) {
                    events.add(event(
                            Topics.TICKETS,
                            "retention.ticket.closed",
                            customer,
                            opened.plus(Duration.ofHours(2 + random.nextInt(90))),
                            random,
                            true,
                            Map.of("ticketId", ticketId, "satisfaction", 1 + random.nextInt(5))));
                }
            }
            if (random.nextInt(3) == 0) {
                events.add(event(
                        Topics.TICKETS,
                        "retention.feedback.submitted",
                        customer,
                        PRESENT.minus(Duration.ofDays(2 + random.nextInt(100))),
                        random,
                        true,
                        Map.of("nps", random.nextInt(11))));
            }
            if (random.nextInt(3) == 0) {
                int until = random.nextInt(2) == 0 ? 2 : 2 + random.nextInt(40);
                for (int daysAgo = 90; daysAgo >= until; daysAgo--) {
                    events.add(event(
                            Topics.USAGE,
                            "retention.usage.recorded",
                            customer,
                            PRESENT.minus(Duration.ofDays(daysAgo)).plusSeconds(random.nextInt(80_000)),
                            random,
                            true,
                            Map.of(
                                    "feature",
                                    random.nextBoolean() ? "search" : "export",
                                    "count",
                                    1 + random.nextInt(5))));
                }
            }
        }
        Instant latest = PRESENT.minus(Duration.ofHours(25));
        return events.stream()
                .map(event -> event.time().isAfter(latest) ? at(event, latest) : event)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    /**
     * Live events (inside the grace period, the last 20 hours before {@link #PRESENT}) on all three inbound topics: for
     * some of the history's customers and for new ones, purchases, complaints and other tickets opened and closed,
     * usage, feedback and a few cancellations. Each topic in time order, as a producer publishes them.
     */
    static List<Event> liveTail(Random random, int historyCustomers) {
        List<Event> events = new ArrayList<>();
        Instant from = PRESENT.minus(Duration.ofHours(20));
        for (int c = 0; c < 120 + NEW_LIVE_CUSTOMERS; c++) {
            String customer = c < 120 ? "hist-" + random.nextInt(historyCustomers) : "live-" + c;
            int count = 2 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                Instant at = from.plusSeconds(random.nextInt(19 * 3600));
                String id = customer + "-live-" + c + "-" + i;
                switch (random.nextInt(5)) {
                    case 0 ->
                        events.add(event(
                                Topics.PURCHASES,
                                "retention.purchase.completed",
                                customer,
                                at,
                                random,
                                false,
                                Map.of("orderId", id, "amount", 10 + random.nextInt(200), "currency", "EUR")));
                    case 1, 2 -> {
                        events.add(event(
                                Topics.TICKETS,
                                "retention.ticket.opened",
                                customer,
                                at,
                                random,
                                false,
                                Map.of(
                                        "ticketId",
                                        id,
                                        "category",
                                        random.nextBoolean() ? "COMPLAINT" : "BUG",
                                        "priority",
                                        "NORMAL")));
                        if (random.nextInt(3) == 0) {
                            events.add(event(
                                    Topics.TICKETS,
                                    "retention.ticket.closed",
                                    customer,
                                    at.plus(Duration.ofMinutes(10 + random.nextInt(40))),
                                    random,
                                    false,
                                    Map.of("ticketId", id, "satisfaction", 1 + random.nextInt(5))));
                        }
                    }
                    case 3 ->
                        events.add(event(
                                Topics.USAGE,
                                "retention.usage.recorded",
                                customer,
                                at,
                                random,
                                false,
                                Map.of("feature", "search", "count", 1 + random.nextInt(5))));
                    default ->
                        events.add(
                                random.nextInt(6) == 0
                                        ? event(
                                                Topics.PURCHASES,
                                                "retention.subscription.cancelled",
                                                customer,
                                                at,
                                                random,
                                                false,
                                                Map.of(
                                                        "reason",
                                                        List.of("PRICE", "SERVICE", "PRODUCT", "COMPETITOR")
                                                                .get(random.nextInt(4))))
                                        : event(
                                                Topics.TICKETS,
                                                "retention.feedback.submitted",
                                                customer,
                                                at,
                                                random,
                                                false,
                                                Map.of("nps", random.nextInt(11))));
                }
            }
        }
        events.sort(Comparator.comparing(Event::time));
        return events;
    }

    /** The events with the topics interleaved at random, each topic's own events still in their order. */
    static List<Event> interleaved(List<Event> events, Random random) {
        Map<String, Deque<Event>> byTopic = new TreeMap<>();
        events.forEach(event -> byTopic.computeIfAbsent(event.topic(), topic -> new ArrayDeque<>())
                .add(event));
        List<Event> mixed = new ArrayList<>(events.size());
        while (mixed.size() < events.size()) {
            List<Deque<Event>> left =
                    byTopic.values().stream().filter(queue -> !queue.isEmpty()).toList();
            mixed.add(left.get(random.nextInt(left.size())).poll());
        }
        return mixed;
    }

    private static Event at(Event event, Instant time) {
        ObjectNode json = event.json().deepCopy();
        json.put("time", time.toString());
        return new Event(event.topic(), event.customer(), time, json);
    }

    /**
     * A structured-mode event with an id from the random source. History events are marked {@code backfill} at random:
     * the others are history by their age alone.
     */
    static Event event(
            String topic,
            String type,
            String customer,
            Instant time,
            Random random,
            boolean history,
            Map<String, Object> data) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("specversion", "1.0")
                .put("id", new UUID(random.nextLong(), random.nextLong()).toString())
                .put("source", "/history")
                .put("type", type)
                .put("time", time.toString())
                .put("subject", customer)
                .put("datacontenttype", "application/json");
        if (history && random.nextBoolean()) {
            json.put("backfill", true);
        }
        json.set("data", Json.MAPPER.valueToTree(data));
        return new Event(topic, customer, time, json);
    }

    /** REST, consumer-group and database reads of one platform. */
    record Client(Platform platform, Supplier<Database> database, String prefix) {
        HttpResponse<String> send(Service service, String path, String method) throws Exception {
            HttpRequest.Builder request = platform.request(service, path);
            return HTTP.send(
                    ("POST".equals(method) ? request.POST(HttpRequest.BodyPublishers.noBody()) : request).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        JsonNode json(Service service, String path) throws Exception {
            HttpResponse<String> response = send(service, path, "GET");
            assertThat(response.statusCode())
                    .as("%s %s: %s", service, path, response.body())
                    .isEqualTo(200);
            return Json.MAPPER.readTree(response.body());
        }

        long total(Service service, String path) {
            try {
                return json(service, path + "?size=1").get("total").asLong();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        List<JsonNode> all(Service service, String path) throws Exception {
            List<JsonNode> items = new ArrayList<>();
            for (int page = 0; ; page++) {
                JsonNode body = json(service, path + "?size=500&page=" + page);
                body.get("items").forEach(items::add);
                if (items.size() >= body.get("total").asLong()
                        || body.get("items").isEmpty()) {
                    return items;
                }
            }
        }

        Map<String, String> pages(Service service, String path, String idField, Function<JsonNode, String> describe)
                throws Exception {
            Map<String, String> described = new TreeMap<>();
            for (JsonNode item : all(service, path)) {
                described.put(item.get(idField).asText(), describe.apply(item));
            }
            return described;
        }

        /**
         * Records of the topic the service's consumer group has not committed yet; -1 when it has committed nothing on
         * the topic (one it does not read, or has not read yet).
         */
        long lag(Service service, String topic) {
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(service.module())
                        .partitionsToOffsetAndMetadata()
                        .get();
                // the group reads the topic if it has committed on it or a member is assigned a partition of it (a
                // service that has committed nothing yet on a topic it reads has all of it unread, not none)
                boolean reads = committed.keySet().stream()
                                .anyMatch(partition -> partition.topic().equals(topic))
                        || admin
                                .describeConsumerGroups(List.of(service.module()))
                                .all()
                                .get()
                                .get(service.module())
                                .members()
                                .stream()
                                .anyMatch(member -> member.assignment().topicPartitions().stream()
                                        .anyMatch(partition -> partition.topic().equals(topic)));
                if (!reads) {
                    return -1; // a topic the service does not read
                }
                // every partition of the topic: one the group has committed nothing on yet is unread, not caught up
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions()
                        .forEach(partition ->
                                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
                long lag = 0;
                for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                    OffsetAndMetadata read = committed.get(end.getKey());
                    lag += end.getValue().offset() - (read == null ? 0 : read.offset());
                }
                return lag;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "consumer group " + service.module() + ": "
                                + e.getCause().getMessage(),
                        e);
            }
        }

        /** Whether every service that reads the topic has read all of it. */
        boolean caughtUp(String topic) {
            return Arrays.stream(Service.values()).allMatch(service -> lag(service, topic) <= 0);
        }

        long query(String service, String sql) throws Exception {
            try (Connection connection = database.get().connect(prefix + service);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
