package io.retention.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.Json;
import io.retention.contract.Topics;
import io.retention.local.BrokerProcess;
import io.retention.local.Database;
import io.retention.local.Platform;
import io.retention.local.Service;
import io.retention.local.TempDirs;
import io.retention.local.testing.TestDatabases;
import io.retention.local.testing.TopicClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The operator's worst afternoon, against the packaged platform: two instances of every service sharing their
 * databases and consumer groups (as the production overlay runs them), each service's first instance killed (-9) and
 * restarted mid-stream, PostgreSQL stopped for longer than any retry budget and started again, the Kafka broker killed
 * (-9, a process of its own) and started again. The final state of every service and every effect must equal a clean
 * run's (one instance each, no fault) customer by customer, with nothing on any dead-letter topic, every consumer
 * caught up without a restart, and each customer's risk signals published in the order they were decided.
 */
class FaultInjectionIT {
    private static final int CUSTOMERS = 200;
    private static final int LIVE_CUSTOMERS = 80;
    /** Longer than any retry budget the services had (5 attempts, 6.2 s in all) and than the pool's connect timeout. */
    private static final Duration DATABASE_DOWN = Duration.ofSeconds(25);

    private static final Duration BROKER_DOWN = Duration.ofSeconds(10);
    /** Events published per second, so that the faults fall while the services are still reading the stream. */
    private static final int RATE = 400;

    @Test
    void twoInstancesKillsADatabaseOutageAndABrokerRestartLeaveWhatACleanRunLeaves() throws Exception {
        List<Runs.Event> history = Runs.history(new Random(23), CUSTOMERS);
        history.sort(Comparator.comparing(Runs.Event::time));

        Runs.Outcome clean = run("clean", history, false);
        Runs.Outcome faulted = run("faulted", history, true);

        String tag = "faults e2e";
        String name = "with faults";
        List<String> differing = new ArrayList<>();
        differing.addAll(
                Runs.compare(tag, name, "risk-service: score, level, reasons, features", clean.risk(), faulted.risk()));
        differing.addAll(Runs.compare(
                tag, name, "customer-service: stage, tier, timeline", clean.customers(), faulted.customers()));
        differing.addAll(Runs.compare(
                tag,
                name,
                "engagement-service: follow-ups, cancelled included",
                clean.followUps(),
                faulted.followUps()));
        differing.addAll(
                Runs.compare(tag, name, "winback-service: lost customers and offers", clean.lost(), faulted.lost()));
        differing.addAll(Runs.compare(tag, name, "risk signals", clean.signals(), faulted.signals()));
        differing.addAll(Runs.compare(
                tag, name, "follow-ups scheduled and messages sent", clean.scheduled(), faulted.scheduled()));
        differing.stream().limit(40).forEach(difference -> System.out.println("[faults e2e] " + difference));
        assertThat(clean.risk()).hasSize(CUSTOMERS);
        assertThat(clean.signals().values()).as("live complaints raise risk").anyMatch(s -> s.contains("risk.raised"));
        assertThat(clean.scheduled().values())
                .as("and start playbooks")
                .anyMatch(s -> s.contains("at-risk-complaints"));
        assertThat(differing)
                .as("customers whose state or effects differ after the faults")
                .isEmpty();
    }

    private static Runs.Outcome run(String name, List<Runs.Event> history, boolean faults) throws Exception {
        Database server = faults ? null : TestDatabases.openServer();
        String prefix = faults ? "" : TestDatabases.uniqueName("faults_" + name) + "_";
        Map<Service, Integer> ports = Runs.servicePorts();
        Path dataDir = Files.createTempDirectory("retention-faults-" + name + "-");
        boolean finished = false;
        Instant startedAt = Instant.now();
        // the faulted run's broker is a process of its own (to be killed) and its database its own (to be stopped)
        try (BrokerProcess broker = faults ? BrokerProcess.start(dataDir.resolve("kafka-process")) : null;
                Platform platform = Platform.start(new Platform.Settings(
                        Path.of(System.getProperty("retention.project.root")),
                        dataDir,
                        broker == null ? null : broker.bootstrapServers(),
                        0,
                        server,
                        0,
                        prefix,
                        ports,
                        Runs.jvmOptions(startedAt),
                        EnumSet.allOf(Service.class)));
                TopicClient topics = new TopicClient(platform.bootstrapServers())) {
            if (faults) {
                platform.addInstances(EnumSet.allOf(Service.class));
            }
            Runs.Client client = new Runs.Client(platform, platform::database, prefix);
            Map<String, Long> published = new TreeMap<>();
            List<CompletableFuture<Void>> outages = new ArrayList<>();
            Map<String, Outage.Window> down = new ConcurrentHashMap<>(); // the outages begun, by what went down
            try (KafkaProducer<String, byte[]> producer = Runs.producer(platform)) {
                long began = System.nanoTime();
                for (int i = 0; i < history.size(); i++) {
                    Runs.Event event = history.get(i);
                    producer.send(new ProducerRecord<>(
                            event.topic(), event.customer(), Json.MAPPER.writeValueAsBytes(event.json())));
                    published.merge(event.topic(), 1L, Long::sum);
                    if (faults) {
                        // each fault on a thread of its own: the stream goes on meanwhile, as a business's import would
                        if (i == history.size() / 5) {
                            outages.add(CompletableFuture.runAsync(
                                    () -> kills(platform, down, Service.RISK, Service.CUSTOMER)));
                        } else if (i == history.size() * 2 / 5) {
                            outages.add(CompletableFuture.runAsync(() ->
                                    outage("PostgreSQL", DATABASE_DOWN, platform::stopDatabaseFor, platform, down)));
                        } else if (i == history.size() * 3 / 4) {
                            outages.add(CompletableFuture.runAsync(() ->
                                    outage("Kafka broker (kill -9)", BROKER_DOWN, broker::killFor, platform, down)));
                        }
                    }
                    pace(began, i + 1);
                }
            }
            CompletableFuture.allOf(outages.toArray(CompletableFuture[]::new)).join();
            Runs.awaitSettled(client, published.keySet());
            System.out.printf(
                    "[faults e2e] %s run: history settled in %.1f s%n",
                    name, Duration.between(startedAt, Instant.now()).toMillis() / 1e3);

            // live complaints about settled customers, each acted on at once: playbooks, follow-ups, messages; stamped
            // with the time every service's clock started at (minutes ago, so live), the same in both runs
            Instant now = Runs.PRESENT;
            Random random = new Random(31);
            try (KafkaProducer<String, byte[]> producer = Runs.producer(platform)) {
                for (int c = 0; c < LIVE_CUSTOMERS; c++) {
                    String customer = "hist-" + (c * CUSTOMERS / LIVE_CUSTOMERS);
                    String ticket = customer + "-live";
                    send(
                            producer,
                            Runs.event(
                                    Topics.TICKETS,
                                    "retention.ticket.opened",
                                    customer,
                                    now,
                                    random,
                                    false,
                                    Map.of("ticketId", ticket, "category", "COMPLAINT", "priority", "HIGH")));
                    if (c % 3 == 0) {
                        send(
                                producer,
                                Runs.event(
                                        Topics.TICKETS,
                                        "retention.ticket.closed",
                                        customer,
                                        now.plusSeconds(1),
                                        random,
                                        false,
                                        Map.of("ticketId", ticket, "satisfaction", 5)));
                    }
                    if (faults && c == LIVE_CUSTOMERS / 2) {
                        producer.flush();
                        kills(platform, down, Service.ENGAGEMENT, Service.WINBACK);
                    }
                }
            }
            Runs.awaitQuiet(client);
            Runs.Outcome outcome = Runs.outcome(client, topics);

            for (String topic : Topics.ALL) {
                assertThat(topics.readAll(Topics.deadLetter(topic), Duration.ofMillis(500)).stream()
                                .map(record -> record.key() + ": "
                                        + new String(
                                                record.headers()
                                                        .lastHeader("dead-letter-reason")
                                                        .value(),
                                                StandardCharsets.UTF_8))
                                .toList())
                        .as("%s: dead letters in the %s run", Topics.deadLetter(topic), name)
                        .isEmpty();
            }
            assertThat(outOfOrder(Runs.records(topics, Topics.RISK_SIGNALS)))
                    .as("customers whose risk signals were published out of the order they were decided")
                    .isEmpty();
            for (Service service : Service.values()) {
                assertThat(platform.ready(service))
                        .as("%s ready without a restart", service)
                        .isTrue();
            }
            System.out.printf(
                    "[faults e2e] %s run: %,d history and %d live customers settled in %.1f s%n",
                    name,
                    history.size(),
                    LIVE_CUSTOMERS,
                    Duration.between(startedAt, Instant.now()).toMillis() / 1e3);
            finished = true;
            return outcome;
        } finally {
            if (server != null) {
                Runs.dropDatabases(server, prefix);
                server.close();
            }
            if (finished) {
                TempDirs.deleteQuietly(dataDir);
            } else {
                System.out.printf("[faults e2e] %s run failed: the services' logs are kept in %s%n", name, dataDir);
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, Runs.Event event) throws Exception {
        producer.send(
                new ProducerRecord<>(event.topic(), event.customer(), Json.MAPPER.writeValueAsBytes(event.json())));
    }

    private static void pace(long beganNanos, int sent) throws InterruptedException {
        long due = beganNanos + sent * 1_000_000_000L / RATE;
        long early = due - System.nanoTime();
        if (early > 0) {
            Thread.sleep(early / 1_000_000, (int) (early % 1_000_000));
        }
    }

    /**
     * Each service's first instance killed (-9) and started again, one after the other; a restart that met an outage
     * (it cannot be ready while its database or the broker is down) says which.
     */
    private static void kills(Platform platform, Map<String, Outage.Window> outages, Service... services) {
        try {
            for (Service service : services) {
                long killed = System.nanoTime();
                platform.killAndRestart(service, 0);
                long ready = System.nanoTime();
                List<String> met = outages.entrySet().stream()
                        .filter(outage -> outage.getValue().overlaps(killed, ready))
                        .map(Map.Entry::getKey)
                        .toList();
                System.out.printf(
                        "[faults e2e] %s killed (-9) and ready again in %.1f s%s%n",
                        service,
                        (ready - killed) / 1e9,
                        met.isEmpty() ? "" : " (its restart met the outage of " + String.join(", ", met) + ")");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Something the services depend on, stopped for a while and started again. */
    @FunctionalInterface
    private interface Outage {
        void stopFor(Duration down) throws Exception;

        /** When an outage began and, once the dependency was back, ended ({@link System#nanoTime}). */
        final class Window {
            private final long began;
            private volatile long ended = Long.MAX_VALUE;

            Window(long began) {
                this.began = began;
            }

            void end() {
                ended = System.nanoTime();
            }

            boolean overlaps(long from, long to) {
                return began < to && ended > from;
            }
        }
    }

    /**
     * An outage mid-stream, its window kept in {@code outages}; prints how long the services took to be ready again
     * once the dependency was back.
     */
    private static void outage(
            String what, Duration down, Outage outage, Platform platform, Map<String, Outage.Window> outages) {
        try {
            Outage.Window window = new Outage.Window(System.nanoTime());
            outages.put(what, window);
            try {
                outage.stopFor(down);
            } finally {
                window.end();
            }
            long back = System.nanoTime();
            await().atMost(Runs.WAIT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> EnumSet.allOf(Service.class).stream().allMatch(platform::ready));
            System.out.printf(
                    "[faults e2e] %s down %d s: every instance ready again %.1f s after it was back%n",
                    what, down.toSeconds(), (System.nanoTime() - back) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Customers whose risk signals, read in partition order (a republished copy counted once), do not go forward in
     * time: the signals of one customer must reach consumers in the order risk-service decided them.
     */
    private static List<String> outOfOrder(List<JsonNode> signals) {
        Map<String, Instant> latest = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        for (JsonNode signal : Runs.distinct(signals)) {
            String customer = signal.get("subject").asText();
            Instant time = Instant.parse(signal.get("time").asText());
            Instant before = latest.put(customer, time);
            if (before != null && time.isBefore(before)) {
                outOfOrder.add(
                        customer + ": " + signal.get("type").asText() + " at " + time + " after a signal at " + before);
            }
        }
        System.out.printf(
                "[faults e2e] risk signals: %,d read, %,d distinct, %d customers out of order%n",
                signals.size(), Runs.distinct(signals).size(), outOfOrder.size());
        return outOfOrder;
    }
}
