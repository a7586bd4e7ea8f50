package io.retention.bench;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.TicketClosed;
import io.retention.contract.events.TicketOpened;
import io.retention.contract.events.UsageRecorded;
import io.retention.local.Database;
import io.retention.local.KafkaBroker;
import io.retention.local.Platform;
import io.retention.local.Service;
import io.retention.local.TempDirs;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Throughput and latency of risk-service on this machine, beside their limits in the same run: a backlog of events on a
 * real broker, read once by a plain Kafka consumer (the consume ceiling), batched durable upserts into PostgreSQL (the
 * write ceiling), then the packaged risk-service processing the backlog into PostgreSQL; then the latency from an
 * event to the signal it causes at a steady background rate.
 *
 * <p>Arguments (all optional): events (1,000,000), customers (100,000), background rates for the latency runs, one
 * after the other (1,000/s; a list such as {@code 250,1000}), latency seconds (30). A run that stops making progress
 * (no event applied for {@code -Dbench.stall-seconds}, 120 by default) fails with what the service's log says last.
 */
public final class RiskThroughput {
    private static final List<String> INBOUND = List.of(Topics.PURCHASES, Topics.TICKETS, Topics.USAGE);

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int customers = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<Integer> rates = args.length > 2
                ? Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList()
                : List.of(1_000);
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        Path root = Path.of(System.getProperty("retention.project.root", ".")).toAbsolutePath();
        Path dataDir = Files.createTempDirectory("retention-bench-");
        System.out.printf(
                "risk-service benchmark: %,d events over %,d customers, %d cores%n",
                events, customers, Runtime.getRuntime().availableProcessors());

        try (KafkaBroker broker = KafkaBroker.start(dataDir.resolve("kafka"), 0);
                Database database = openDatabase(dataDir)) {
            String prefix = "bench_" + System.currentTimeMillis() + "_";
            describe(database);
            long produced = produceBacklog(broker.bootstrapServers(), events, customers);
            System.out.printf("produced backlog: %,d events/s (acks=all)%n", produced);
            System.out.printf(
                    "plain Kafka consumer (the consume ceiling): %,d records/s%n",
                    rawConsume(broker.bootstrapServers(), events));
            database.ensureDatabase(prefix + "ceiling");
            try (Connection connection = database.connect(prefix + "ceiling")) {
                System.out.printf(
                        "batched durable upserts, 1,000 rows per statement (the write ceiling): %,d rows/s%n",
                        upsertCeiling(connection, events, customers));
            }
            database.dropDatabase(prefix + "ceiling");

            Map<Service, Integer> ports = Map.of(Service.RISK, KafkaBroker.freePort());
            long started = System.nanoTime();
            try (Platform platform = Platform.start(new Platform.Settings(
                            root,
                            dataDir,
                            broker.bootstrapServers(),
                            0,
                            database,
                            0,
                            prefix,
                            ports,
                            serviceJvmOptions(),
                            EnumSet.of(Service.RISK)));
                    Connection risk = database.connect(prefix + Service.RISK.database())) {
                Stall stall = new Stall(platform, Service.RISK);
                measureBacklog(risk, events, started, stall);
                for (int run = 0; run < rates.size(); run++) {
                    measureLatency(
                            broker.bootstrapServers(), risk, rates.get(run), latencySeconds, "probe-" + run + "-");
                }
            } finally {
                database.dropDatabase(prefix + Service.RISK.database());
            }
        } finally {
            // a run leaves hundreds of megabytes of broker logs behind otherwise
            TempDirs.deleteQuietly(dataDir);
        }
    }

    /**
     * The service's JVM options: a 512 MB heap; the backlog's events, spread over half a year, count as live (contract 1.2
     * would make those older than a day history, judged only once they settle); and whatever {@code -Dbench.service.jvm}
     * adds (a JFR recording, say).
     */
    static List<String> serviceJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx512m", "-Dretention.events.history-after=P365D"));
        String extra = System.getProperty("bench.service.jvm", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    /**
     * The local PostgreSQL when one answers on 5432 (as in CI), otherwise an embedded one; {@code -Dbench.database=embedded}
     * asks for the embedded one (PostgreSQL's own defaults, autovacuum on, durable commits) even where a local one runs.
     */
    static Database openDatabase(Path dataDir) throws Exception {
        Database local = "embedded".equals(System.getProperty("bench.database"))
                ? null
                : Database.reachable("127.0.0.1", 5432, "postgres", "");
        return local != null ? local : Database.embedded(dataDir.resolve("postgres"), 0);
    }

    /** Which PostgreSQL the figures are of, and the settings that move them most. */
    static void describe(Database database) throws Exception {
        try (Connection connection = database.connect("postgres");
                Statement query = connection.createStatement();
                ResultSet row =
                        query.executeQuery("select current_setting('server_version'), current_setting('fsync'), "
                                + "current_setting('synchronous_commit'), current_setting('autovacuum'), "
                                + "current_setting('shared_buffers')")) {
            row.next();
            System.out.printf(
                    "PostgreSQL %s (%s): fsync %s, synchronous_commit %s, autovacuum %s, shared_buffers %s%n",
                    row.getString(1),
                    database.isEmbedded() ? "embedded" : "the machine's",
                    row.getString(2),
                    row.getString(3),
                    row.getString(4),
                    row.getString(5));
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        10,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** A realistic mix: usage most often, then purchases, then tickets; times spread over the last half year. */
    /** An event at a random time of the half year before {@code now}, or at {@code now} itself when not {@code spread}. */
    private static ProducerRecord<String, byte[]> randomEvent(
            SplittableRandom random, int customers, Instant now, boolean spread) {
        String customer = "bench-" + random.nextInt(customers);
        Instant at = spread ? now.minus(Duration.ofMinutes(random.nextInt(180 * 24 * 60))) : now;
        int kind = random.nextInt(100);
        CloudEvent event;
        if (kind < 50) {
            event = CloudEvent.create(
                    "/bench",
                    EventType.USAGE_RECORDED,
                    customer,
                    at,
                    new UsageRecorded("search", 1 + random.nextInt(5)));
        } else if (kind < 80) {
            event = CloudEvent.create(
                    "/bench",
                    EventType.PURCHASE_COMPLETED,
                    customer,
                    at,
                    new PurchaseCompleted(
                            "o-" + random.nextLong(),
                            BigDecimal.valueOf(500 + random.nextInt(20_000), 2),
                            "EUR",
                            null,
                            null));
        } else if (kind < 92) {
            event = CloudEvent.create(
                    "/bench",
                    EventType.TICKET_OPENED,
                    customer,
                    at,
                    new TicketOpened(
                            "t-" + random.nextInt(5),
                            TicketOpened.Category.values()[random.nextInt(5)],
                            TicketOpened.Priority.NORMAL));
        } else {
            event = CloudEvent.create(
                    "/bench",
                    EventType.TICKET_CLOSED,
                    customer,
                    at,
                    new TicketClosed("t-" + random.nextInt(5), 3 + random.nextInt(3)));
        }
        return record(event);
    }

    private static ProducerRecord<String, byte[]> record(CloudEvent event) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(event.type().topic(), event.subject(), EventCodec.write(event));
        record.headers().add("content-type", EventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    static long produceBacklog(String bootstrap, int events, int customers) {
        SplittableRandom random = new SplittableRandom(42);
        Instant now = Instant.now();
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (int i = 0; i < events; i++) {
                producer.send(randomEvent(random, customers, now, true));
            }
            producer.flush();
        }
        return Math.round(events / seconds(started));
    }

    static long rawConsume(String bootstrap, int events) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        1000),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            INBOUND.forEach(topic -> consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long read = 0;
            while (read < events) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            return Math.round(read / seconds(started));
        }
    }

    static long upsertCeiling(Connection connection, int rows, int customers) throws Exception {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("create table ceiling (id varchar(64) primary key, doc jsonb not null)");
        }
        SplittableRandom random = new SplittableRandom(7);
        long started = System.nanoTime();
        try (PreparedStatement upsert =
                connection.prepareStatement("insert into ceiling select * from unnest(?::varchar[], ?::jsonb[]) "
                        + "on conflict (id) do update set doc = excluded.doc")) {
            for (int done = 0; done < rows; done += 1000) {
                String[] ids = new String[1000];
                String[] docs = new String[1000];
                Set<String> seen = new HashSet<>();
                int n = 0;
                while (n < 1000) {
                    String id = "bench-" + random.nextInt(customers);
                    if (seen.add(id)) {
                        ids[n] = id;
                        docs[n] = "{\"purchaseDays\":{\"2026-01-01\":12.5},\"usageTotal\":" + done + "}";
                        n++;
                    }
                }
                upsert.setArray(1, connection.createArrayOf("varchar", ids));
                upsert.setArray(2, connection.createArrayOf("jsonb", docs));
                upsert.execute();
            }
        }
        return Math.round(rows / seconds(started));
    }

    /**
     * Fails a run that stopped making progress, instead of waiting for ever: how long it waited, whether the service
     * still runs, and the last lines of its log. Progress is what a wait reports changing.
     */
    static final class Stall {
        static final Duration LIMIT = Duration.ofSeconds(Long.getLong("bench.stall-seconds", 120));

        private final Platform platform;
        private final Service service;
        private String progress;
        private long progressedAt;

        Stall(Platform platform, Service service) {
            this.platform = platform;
            this.service = service;
        }

        /** Takes the wait's state now; throws when it has not changed for longer than the limit. */
        void observe(String now) throws IOException {
            if (!now.equals(progress)) {
                progress = now;
                progressedAt = System.nanoTime();
                return;
            }
            if (System.nanoTime() - progressedAt < LIMIT.toNanos()) {
                return;
            }
            Path log = platform.logFile(service);
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            throw new IllegalStateException(String.format(
                    "no progress for %d s while waiting for %s; %s %s; the last lines of its log (%s):%n%s",
                    LIMIT.toSeconds(),
                    now,
                    service.name().toLowerCase(Locale.ROOT),
                    platform.process(service).isAlive() ? "still runs" : "has exited",
                    log,
                    String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()))));
        }
    }

    /** Waits until the service has processed the backlog; prints and answers its rate in events/s. */
    static long measureBacklog(Connection risk, int events, long started, Stall stall) throws Exception {
        long firstProgress = 0;
        long done = 0;
        long lastPrint = System.nanoTime();
        while (done < events) {
            // counting a million-row table costs the database a share of a core: rarely, until the end is near
            Thread.sleep(done < events * 0.95 ? 2000 : 100);
            done = processed(risk);
            stall.observe(String.format("%,d events processed of %,d", done, events));
            if (done > 0 && firstProgress == 0) {
                firstProgress = System.nanoTime();
                System.out.printf("risk-service started consuming %.1f s after launch%n", seconds(started));
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                System.out.printf("  %,d processed%n", done);
                lastPrint = System.nanoTime();
            }
        }
        // taken in is not yet applied: live events wait in held_event until the watermark lets them through (a
        // service built before event-time order has no such table)
        if (holdsEvents(risk)) {
            for (long held = held(risk); held > 0; held = held(risk)) {
                stall.observe(String.format("%,d held events to be applied", held));
                Thread.sleep(100);
            }
        }
        long rate = Math.round(done / seconds(firstProgress));
        System.out.printf(
                "risk-service, backlog of %,d events into PostgreSQL (durable, deduplicated): %,d events/s "
                        + "(%.1f s from first commit to the last applied)%n",
                done, rate, seconds(firstProgress));
        return rate;
    }

    /** Whether the service holds live events for the watermark (one built before event-time order does not). */
    static boolean holdsEvents(Connection risk) throws Exception {
        try (Statement query = risk.createStatement();
                ResultSet table = query.executeQuery("select to_regclass('held_event') is not null")) {
            table.next();
            return table.getBoolean(1);
        }
    }

    static long held(Connection risk) throws Exception {
        try (Statement query = risk.createStatement();
                ResultSet rows = query.executeQuery("select count(*) from held_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static long processed(Connection risk) throws Exception {
        try (Statement query = risk.createStatement();
                ResultSet rows = query.executeQuery("select count(*) from processed_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Background events at {@code rate}/s; every 100 ms a new probe customer gets three open tickets (which raise MEDIUM):
     * the latency is from sending the third to reading the risk.raised signal.
     */
    private static void measureLatency(String bootstrap, Connection risk, int rate, int seconds, String probePrefix)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> raisedAt = new ConcurrentHashMap<>();
        // where the time went, from the clocks of one machine: the probe's time, the signal's (when the release that
        // judged it began), the signal record's (when the outbox relay sent it) and when this reader had it
        Map<String, Instant> probeTime = new ConcurrentHashMap<>();
        Map<String, Stages> stages = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.RISK_SIGNALS).stream()
                        .map(p -> new TopicPartition(Topics.RISK_SIGNALS, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                        if (record.key().startsWith(probePrefix)
                                && raisedAt.putIfAbsent(record.key(), System.nanoTime()) == null) {
                            stages.put(record.key(), new Stages(signalTime(record), record.timestamp(), Instant.now()));
                        }
                    }
                }
            }
        });
        reader.start();
        Thread.sleep(2000);
        SplittableRandom random = new SplittableRandom(3);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            long sent = 0;
            int probes = 0;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                for (; sent < due; sent++) {
                    producer.send(randomEvent(random, 100_000, Instant.now(), false)); // live traffic: stamped as sent
                }
                if ((System.nanoTime() - start) / 100_000_000L >= probes) {
                    String probe = probePrefix + probes++; // new customers each run: a MEDIUM one stays MEDIUM
                    for (int ticket = 1; ticket <= 3; ticket++) {
                        Instant time = Instant.now();
                        if (ticket == 3) {
                            sentAt.put(probe, System.nanoTime());
                            probeTime.put(probe, time);
                        }
                        producer.send(record(CloudEvent.create(
                                "/bench",
                                EventType.TICKET_OPENED,
                                probe,
                                time,
                                new TicketOpened(
                                        "p-" + ticket, TicketOpened.Category.BUG, TicketOpened.Priority.HIGH))));
                    }
                    producer.flush();
                }
                Thread.sleep(1);
            }
            System.out.printf("latency run: %,d background events at %,d/s and %d probes%n", sent, rate, probes);
        }
        Thread.sleep(5000);
        running.set(false);
        reader.join();
        List<Double> millis = new ArrayList<>();
        // the run in 5-second windows of wall-clock time: a slow stretch can be put beside the service's log
        Map<Long, List<Double>> byWindow = new TreeMap<>();
        sentAt.forEach((probe, sent) -> {
            Long raised = raisedAt.get(probe);
            if (raised != null) {
                double latency = (raised - sent) / 1e6;
                millis.add(latency);
                byWindow.computeIfAbsent(wallClockSecond(sent) / 5 * 5, at -> new ArrayList<>())
                        .add(latency);
            }
        });
        byWindow.forEach((at, window) -> {
            Collections.sort(window);
            System.out.printf(
                    "  from %s: p50 %.0f ms, max %.0f ms%n",
                    LocalTime.ofSecondOfDay(at % 86_400), percentile(window, 0.5), window.get(window.size() - 1));
        });
        Collections.sort(millis);
        if (millis.isEmpty()) {
            throw new IllegalStateException(
                    "none of " + sentAt.size() + " probes was signalled within 5 s of the run's end");
        }
        System.out.printf(
                "event to risk.raised signal: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d of %d probes signalled)%n",
                percentile(millis, 0.50),
                percentile(millis, 0.99),
                millis.get(millis.size() - 1),
                millis.size(),
                sentAt.size());
        printStages(probeTime, stages);
        if (millis.size() < sentAt.size()) {
            List<String> silent = sentAt.keySet().stream()
                    .filter(probe -> !raisedAt.containsKey(probe))
                    .sorted()
                    .toList();
            System.out.printf(
                    "  probes not signalled, as risk-service holds them now (level, score: probes): %s%n",
                    levels(risk, silent));
        }
    }

    /** When a probe's signal was judged, sent by the relay and read here. */
    private record Stages(Instant judged, long sentMillis, Instant read) {}

    private static Instant signalTime(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        record.headers()
                .forEach(header -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        return EventCodec.read(null, record.key(), headers, record.value()).time();
    }

    /** The probes' latency in three stages, at the median and p99 of each. */
    private static void printStages(Map<String, Instant> probeTime, Map<String, Stages> stages) {
        List<Double> untilJudged = new ArrayList<>();
        List<Double> untilSent = new ArrayList<>();
        List<Double> untilRead = new ArrayList<>();
        stages.forEach((probe, at) -> {
            Instant time = probeTime.get(probe);
            if (time != null) {
                untilJudged.add(Duration.between(time, at.judged()).toNanos() / 1e6);
                untilSent.add(at.sentMillis() - at.judged().toEpochMilli() * 1.0);
                untilRead.add(at.read().toEpochMilli() - at.sentMillis() * 1.0);
            }
        });
        if (untilJudged.isEmpty()) {
            return;
        }
        Collections.sort(untilJudged);
        Collections.sort(untilSent);
        Collections.sort(untilRead);
        System.out.printf(
                "  stages (p50 / p99): probe to the release that judged it %.0f / %.0f ms; release to the relay's send "
                        + "%.0f / %.0f ms; send to read here %.0f / %.0f ms%n",
                percentile(untilJudged, 0.5),
                percentile(untilJudged, 0.99),
                percentile(untilSent, 0.5),
                percentile(untilSent, 0.99),
                percentile(untilRead, 0.5),
                percentile(untilRead, 0.99));
    }

    /** How many of the customers are at each level and score (or not judged yet). */
    private static Map<String, Long> levels(Connection risk, List<String> customers) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement query =
                risk.prepareStatement("select coalesce(r.level || ' ' || r.score, 'not judged') as judged "
                        + "from unnest(?::varchar[]) as c(id) left join customer_risk r on r.customer_id = c.id")) {
            query.setArray(1, risk.createArrayOf("varchar", customers.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.merge(rows.getString("judged"), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** The wall-clock second (UTC, since the epoch) of a {@link System#nanoTime} reading taken in this run. */
    private static long wallClockSecond(long nanoTime) {
        return (System.currentTimeMillis() - (System.nanoTime() - nanoTime) / 1_000_000) / 1000;
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
