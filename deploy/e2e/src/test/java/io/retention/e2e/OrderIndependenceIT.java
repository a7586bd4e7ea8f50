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
import io.retention.local.TempDirs;
import io.retention.local.testing.TestDatabases;
import io.retention.local.testing.TopicClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * One business history, two runs of the packaged platform: published in time order, and shuffled across topics with a
 * tenth of the events delivered twice and risk- and customer-service killed (-9) and restarted midway. Every service's
 * final state and every effect (risk signals, follow-ups scheduled, customers lost and offered) must be the same,
 * customer by customer.
 */
class OrderIndependenceIT {
    private static final Instant PRESENT = Instant.parse("2026-06-01T01:00:00Z");
    private static final int CUSTOMERS = 400;
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A history event: its topic, customer and structured-mode JSON. */
    private record Event(String topic, String customer, Instant time, ObjectNode json) {
    }

    /** What one run came to. */
    private record Outcome(Map<String, String> risk, Map<String, String> customers, Map<String, String> followUps,
                           Map<String, String> lost, Map<String, String> signals, Map<String, String> scheduled) {
    }

    @Test
    void theSameHistoryShuffledDuplicatedAndInterruptedEndsInTheSameStateAndEffectsAsInOrder() throws Exception {
        List<Event> history = history(new Random(7));
        List<Event> ordered = new ArrayList<>(history);
        ordered.sort(Comparator.comparing(Event::time));
        List<Event> shuffled = new ArrayList<>(history);
        Random random = new Random(11);
        for (int i = 0; i < history.size() / 10; i++) {
            shuffled.add(history.get(random.nextInt(history.size())));
        }
        Collections.shuffle(shuffled, random);

        Outcome inOrder = run("ordered", ordered, false);
        Outcome disorderly = run("shuffled", shuffled, true);

        assertThat(inOrder.risk()).hasSize(CUSTOMERS);
        assertThat(inOrder.signals().values()).as("the history calls for signals").anyMatch(s -> s.contains("churned"));
        assertThat(inOrder.lost()).as("lapsed and cancelled customers are lost").isNotEmpty();
        List<String> differing = new ArrayList<>();
        differing.addAll(compare("risk-service: score, level, reasons, features", inOrder.risk(), disorderly.risk()));
        differing.addAll(compare("customer-service: stage, tier, timeline", inOrder.customers(), disorderly.customers()));
        differing.addAll(compare("engagement-service: follow-ups", inOrder.followUps(), disorderly.followUps()));
        differing.addAll(compare("winback-service: lost customers and offers", inOrder.lost(), disorderly.lost()));
        differing.addAll(compare("risk signals", inOrder.signals(), disorderly.signals()));
        differing.addAll(compare("follow-ups scheduled and messages sent", inOrder.scheduled(), disorderly.scheduled()));
        assertThat(differing).as("customers whose state or effects depend on arrival order").isEmpty();
    }

    private static List<String> compare(String what, Map<String, String> expected, Map<String, String> actual) {
        List<String> differing = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(union(expected.keySet(), actual.keySet()))) {
            if (!java.util.Objects.equals(expected.get(key), actual.get(key))) {
                differing.add(what + " of " + key + ": in order " + expected.get(key) + ", shuffled " + actual.get(key));
            }
        }
        System.out.printf("[order e2e] %s: %,d customers compared, %d differ%n", what, expected.size(), differing.size());
        return differing;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Starts a platform of its own, publishes the events, waits until every service has settled, reads it all. */
    private static Outcome run(String name, List<Event> events, boolean interrupt) throws Exception {
        Database database = TestDatabases.openServer();
        String prefix = TestDatabases.uniqueName("order_" + name) + "_";
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, KafkaBroker.freePort());
        }
        Path dataDir = Files.createTempDirectory("retention-order-" + name + "-");
        long started = System.nanoTime();
        try (Platform platform = Platform.start(new Platform.Settings(Path.of(System.getProperty("retention.project.root")),
                dataDir, null, 0, database, 0, prefix, ports, List.of("-Xmx320m", "-XX:+UseSerialGC",
                        "-Dretention.clock.start-at=" + PRESENT, "-Dretention.risk.settle-after=10s", "-Dretention.risk.recheck-poll=1s",
                        "-Dretention.winback.queue-settle=5s", "-Dretention.winback.round-every=1s",
                        "-Dretention.winback.daily-budget=10000", "-Dretention.engagement.policy.quiet-start=00:00",
                        "-Dretention.engagement.policy.quiet-end=00:00"),
                EnumSet.allOf(Service.class)));
             TopicClient topics = new TopicClient(platform.bootstrapServers())) {
            Map<String, Long> published = new TreeMap<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    platform.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < events.size(); i++) {
                    Event event = events.get(i);
                    producer.send(new ProducerRecord<>(event.topic(), event.customer(), Json.MAPPER.writeValueAsBytes(event.json())));
                    published.merge(event.topic(), 1L, Long::sum);
                    if (interrupt && i == events.size() / 2) {
                        producer.flush();
                        platform.killAndRestart(Service.RISK);
                        platform.killAndRestart(Service.CUSTOMER);
                    }
                }
            }
            Client client = new Client(platform, database, prefix);
            // every service has read every event (its consumer group has no lag left), then risk settles
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> published.keySet().stream().allMatch(topic ->
                    client.lag(Service.RISK, topic) == 0 && client.lag(Service.CUSTOMER, topic) == 0));
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> client.query("risk", "select count(*) from customer_risk where settle_pending") == 0);
            // tiers as of now in both runs, then every service has read what the others emitted
            // (409 while the service's own, put off during the history, happens to run: then once more after it)
            await().atMost(WAIT).until(() -> client.send(Service.CUSTOMER, "/tiers/recompute", "POST").statusCode() == 200);
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() ->
                    client.query("winback", "select count(*) from lost_customer where status = 'WAITING'") == 0
                            && client.query("risk", "select count(*) from outbox") == 0
                            && client.query("customer", "select count(*) from outbox") == 0
                            && client.query("winback", "select count(*) from outbox") == 0
                            && client.query("engagement", "select count(*) from outbox") == 0
                            && Topics.ALL.stream().allMatch(topic -> client.caughtUp(topic)));
            System.out.printf("[order e2e] %s run: %,d events settled in %.1f s%n", name, events.size(),
                    (System.nanoTime() - started) / 1e9);
            return new Outcome(
                    client.pages(Service.RISK, "/risk", "customerId", risk -> {
                        ObjectNode view = (ObjectNode) risk.deepCopy();
                        view.remove(List.of("assessedAt", "nextCheckAt"));
                        return view.toString();
                    }),
                    client.pages(Service.CUSTOMER, "/customers", "customerId", customer -> customer.get("lifecycleStage").asText()
                            + " tier " + customer.path("tier").asText() + " timeline " + client.total(Service.CUSTOMER,
                            "/customers/" + customer.get("customerId").asText() + "/timeline")),
                    grouped(client.all(Service.ENGAGEMENT, "/follow-ups"), followUp -> followUp.get("customerId").asText(),
                            followUp -> followUp.get("playbook").asText() + "/" + followUp.get("step").asText() + "#"
                                    + followUp.get("occurrence").asText() + " " + ("CANCELLED".equals(followUp.get("status").asText())
                                    ? "cancelled" : "active") + " owner " + followUp.get("owner").asText()),
                    grouped(client.all(Service.WINBACK, "/winback/lost"), lost -> lost.get("customerId").asText(),
                            lost -> lost.get("status").asText() + " " + lost.get("churnReason").asText() + " "
                                    + lost.get("lifetimeValue").decimalValue().stripTrailingZeros().toPlainString()),
                    grouped(records(topics, Topics.RISK_SIGNALS), event -> event.get("subject").asText(), event -> {
                        JsonNode data = event.get("data");
                        return event.get("type").asText().replace("retention.", "") + " " + data.path("level").asText()
                                + data.path("basis").asText() + " " + data.path("lifetimeValue").asText();
                    }),
                    grouped(records(topics, Topics.ENGAGEMENTS), event -> event.get("subject").asText(),
                            event -> event.get("type").asText().replace("retention.", "") + " " + event.get("data").path("playbook").asText()
                                    + "/" + event.get("data").path("step").asText()));
        } finally {
            for (Service service : Service.values()) {
                database.dropDatabase(prefix + service.database());
            }
            database.close();
            TempDirs.deleteQuietly(dataDir);
        }
    }

    /** Each customer's items, described and sorted, so that arrival order does not count but number does. */
    private static Map<String, String> grouped(List<JsonNode> items, Function<JsonNode, String> key, Function<JsonNode, String> describe) {
        Map<String, List<String>> byKey = new TreeMap<>();
        items.forEach(item -> byKey.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(describe.apply(item)));
        Map<String, String> described = new TreeMap<>();
        byKey.forEach((k, list) -> {
            Collections.sort(list);
            described.put(k, String.join(", ", list));
        });
        return described;
    }

    private static List<JsonNode> records(TopicClient topics, String topic) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : topics.readAll(topic, Duration.ofSeconds(2))) {
            events.add(Json.MAPPER.readTree(record.value()));
        }
        return events;
    }

    /** A business's history: buyers with a cadence (some lapsed, some cancelled, a few refunds), tickets, usage, NPS. */
    private static List<Event> history(Random random) {
        List<Event> events = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            String customer = "hist-" + c;
            int cadence = 7 + random.nextInt(50);
            int firstDaysAgo = 120 + random.nextInt(500);
            int lastDaysAgo = random.nextInt(4) == 0 ? 100 + random.nextInt(Math.max(1, firstDaysAgo - 100)) : 2 + random.nextInt(20);
            int order = 0;
            for (int daysAgo = firstDaysAgo; daysAgo >= lastDaysAgo; daysAgo -= cadence) {
                Instant at = PRESENT.minus(Duration.ofDays(daysAgo)).plusSeconds(random.nextInt(80_000));
                String orderId = customer + "-o" + order++;
                String amount = (10 + random.nextInt(200)) + "." + (10 + random.nextInt(90));
                events.add(event(Topics.PURCHASES, "retention.purchase.completed", customer, at, random,
                        Map.of("orderId", orderId, "amount", Double.parseDouble(amount), "currency", "EUR")));
                if (random.nextInt(20) == 0) {
                    events.add(event(Topics.PURCHASES, "retention.purchase.refunded", customer, at.plus(Duration.ofDays(3)), random,
                            Map.of("orderId", orderId, "amount", Double.parseDouble(amount), "currency", "EUR")));
                }
            }
            if (random.nextInt(25) == 0) {
                events.add(event(Topics.PURCHASES, "retention.subscription.cancelled", customer,
                        PRESENT.minus(Duration.ofDays(1 + random.nextInt(lastDaysAgo + 1))).minusSeconds(3600), random,
                        Map.of("reason", List.of("PRICE", "SERVICE", "PRODUCT", "COMPETITOR").get(random.nextInt(4)))));
            }
            int tickets = random.nextInt(5);
            for (int t = 0; t < tickets; t++) {
                Instant opened = PRESENT.minus(Duration.ofDays(2 + random.nextInt(150))).minusSeconds(random.nextInt(80_000));
                String ticketId = customer + "-t" + t;
                events.add(event(Topics.TICKETS, "retention.ticket.opened", customer, opened, random, Map.of("ticketId", ticketId,
                        "category", random.nextInt(3) == 0 ? "COMPLAINT" : "BUG", "priority", "NORMAL")));
                if (random.nextInt(3) > 0) {
                    events.add(event(Topics.TICKETS, "retention.ticket.closed", customer, opened.plus(Duration.ofHours(2 + random.nextInt(90))),
                            random, Map.of("ticketId", ticketId, "satisfaction", 1 + random.nextInt(5))));
                }
            }
            if (random.nextInt(3) == 0) {
                events.add(event(Topics.TICKETS, "retention.feedback.submitted", customer,
                        PRESENT.minus(Duration.ofDays(2 + random.nextInt(100))), random, Map.of("nps", random.nextInt(11))));
            }
            if (random.nextInt(3) == 0) {
                int until = random.nextInt(2) == 0 ? 2 : 2 + random.nextInt(40);
                for (int daysAgo = 90; daysAgo >= until; daysAgo--) {
                    events.add(event(Topics.USAGE, "retention.usage.recorded", customer,
                            PRESENT.minus(Duration.ofDays(daysAgo)).plusSeconds(random.nextInt(80_000)), random,
                            Map.of("feature", random.nextBoolean() ? "search" : "export", "count", 1 + random.nextInt(5))));
                }
            }
        }
        return events;
    }

    private static Event event(String topic, String type, String customer, Instant time, Random random, Map<String, Object> data) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("specversion", "1.0").put("id", new java.util.UUID(random.nextLong(), random.nextLong()).toString())
                .put("source", "/history").put("type", type).put("time", time.toString()).put("subject", customer)
                .put("datacontenttype", "application/json");
        if (random.nextBoolean()) {
            json.put("backfill", true); // the other half is history by its age alone
        }
        json.set("data", Json.MAPPER.valueToTree(data));
        return new Event(topic, customer, time, json);
    }

    /** REST, metrics and database reads of one platform. */
    private record Client(Platform platform, Database database, String prefix) {
        HttpResponse<String> send(Service service, String path, String method) throws Exception {
            HttpRequest.Builder request = platform.request(service, path);
            return HTTP.send(("POST".equals(method) ? request.POST(HttpRequest.BodyPublishers.noBody()) : request).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        JsonNode json(Service service, String path) throws Exception {
            HttpResponse<String> response = send(service, path, "GET");
            assertThat(response.statusCode()).as("%s %s: %s", service, path, response.body()).isEqualTo(200);
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
                if (items.size() >= body.get("total").asLong() || body.get("items").isEmpty()) {
                    return items;
                }
            }
        }

        Map<String, String> pages(Service service, String path, String idField, Function<JsonNode, String> describe) throws Exception {
            Map<String, String> described = new TreeMap<>();
            for (JsonNode item : all(service, path)) {
                described.put(item.get(idField).asText(), describe.apply(item));
            }
            return described;
        }

        /** Records of the topic the service's consumer group has not committed yet (0 for a topic it does not read). */
        long lag(Service service, String topic) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(service.module())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                committed.keySet().stream().filter(partition -> partition.topic().equals(topic))
                        .forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                long lag = 0;
                for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                    lag += end.getValue().offset() - committed.get(end.getKey()).offset();
                }
                return lag;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("consumer group " + service.module() + ": " + e.getCause().getMessage(), e);
            }
        }

        /** Whether every service that reads the topic has read all of it. */
        boolean caughtUp(String topic) {
            return java.util.Arrays.stream(Service.values()).allMatch(service -> lag(service, topic) == 0);
        }

        long query(String service, String sql) throws Exception {
            try (Connection connection = database.connect(prefix + service);
                 Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
