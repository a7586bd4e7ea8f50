package io.retention.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.Json;
import io.retention.local.Database;
import io.retention.local.KafkaBroker;
import io.retention.local.Platform;
import io.retention.local.Service;
import io.retention.local.TempDirs;
import io.retention.local.testing.TestDatabases;
import io.retention.local.testing.TopicClient;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * One business history, two runs of the packaged platform: published in time order, and shuffled across topics with a
 * tenth of the events delivered twice and risk- and customer-service killed (-9) and restarted midway. Every service's
 * final state and every effect (risk signals, follow-ups scheduled, customers lost and offered) must be the same,
 * customer by customer.
 */
class OrderIndependenceIT {
    private static final int CUSTOMERS = 400;

    @Test
    void theSameHistoryShuffledDuplicatedAndInterruptedEndsInTheSameStateAndEffectsAsInOrder() throws Exception {
        List<Runs.Event> history = Runs.history(new Random(7), CUSTOMERS);
        List<Runs.Event> ordered = new ArrayList<>(history);
        ordered.sort(Comparator.comparing(Runs.Event::time));
        List<Runs.Event> shuffled = new ArrayList<>(history);
        Random random = new Random(11);
        for (int i = 0; i < history.size() / 10; i++) {
            shuffled.add(history.get(random.nextInt(history.size())));
        }
        Collections.shuffle(shuffled, random);

        Runs.Outcome inOrder = run("ordered", ordered, false);
        Runs.Outcome disorderly = run("shuffled", shuffled, true);

        assertThat(inOrder.risk()).hasSize(CUSTOMERS);
        assertThat(inOrder.signals().values()).as("the history calls for signals").anyMatch(s -> s.contains("churned"));
        assertThat(inOrder.lost()).as("lapsed and cancelled customers are lost").isNotEmpty();
        String tag = "order e2e";
        List<String> differing = new ArrayList<>();
        differing.addAll(Runs.compare(tag, "shuffled", "risk-service: score, level, reasons, features", inOrder.risk(), disorderly.risk()));
        differing.addAll(Runs.compare(tag, "shuffled", "customer-service: stage, tier, timeline", inOrder.customers(),
                disorderly.customers()));
        differing.addAll(Runs.compare(tag, "shuffled", "engagement-service: follow-ups", inOrder.followUps(), disorderly.followUps()));
        differing.addAll(Runs.compare(tag, "shuffled", "winback-service: lost customers and offers", inOrder.lost(), disorderly.lost()));
        differing.addAll(Runs.compare(tag, "shuffled", "risk signals", inOrder.signals(), disorderly.signals()));
        differing.addAll(Runs.compare(tag, "shuffled", "follow-ups scheduled and messages sent", inOrder.scheduled(), disorderly.scheduled()));
        assertThat(differing).as("customers whose state or effects depend on arrival order").isEmpty();
    }

    /** Starts a platform of its own, publishes the events, waits until every service has settled, reads it all. */
    private static Runs.Outcome run(String name, List<Runs.Event> events, boolean interrupt) throws Exception {
        Database database = TestDatabases.openServer();
        String prefix = TestDatabases.uniqueName("order_" + name) + "_";
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, KafkaBroker.freePort());
        }
        Path dataDir = Files.createTempDirectory("retention-order-" + name + "-");
        long started = System.nanoTime();
        try (Platform platform = Platform.start(new Platform.Settings(Path.of(System.getProperty("retention.project.root")),
                dataDir, null, 0, database, 0, prefix, ports, Runs.jvmOptions(Instant.now()), EnumSet.allOf(Service.class)));
             TopicClient topics = new TopicClient(platform.bootstrapServers())) {
            Map<String, Long> published = new TreeMap<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    platform.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < events.size(); i++) {
                    Runs.Event event = events.get(i);
                    producer.send(new ProducerRecord<>(event.topic(), event.customer(), Json.MAPPER.writeValueAsBytes(event.json())));
                    published.merge(event.topic(), 1L, Long::sum);
                    if (interrupt && i == events.size() / 2) {
                        producer.flush();
                        platform.killAndRestart(Service.RISK);
                        platform.killAndRestart(Service.CUSTOMER);
                    }
                }
            }
            Runs.Client client = new Runs.Client(platform, () -> database, prefix);
            Runs.awaitSettled(client, published.keySet());
            System.out.printf("[order e2e] %s run: %,d events settled in %.1f s%n", name, events.size(),
                    (System.nanoTime() - started) / 1e9);
            return Runs.outcome(client, topics);
        } finally {
            for (Service service : Service.values()) {
                database.dropDatabase(prefix + service.database());
            }
            database.close();
            TempDirs.deleteQuietly(dataDir);
        }
    }
}
