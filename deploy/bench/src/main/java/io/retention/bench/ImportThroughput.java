package io.retention.bench;

import io.retention.cli.history.ImportCommand;
import io.retention.local.Database;
import io.retention.local.KafkaBroker;
import io.retention.local.Platform;
import io.retention.local.Service;
import io.retention.local.TempDirs;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine;

/**
 * A history import against live processing on this machine, in one run: the consume and write ceilings, risk-service
 * on a backlog of live events, then {@code retention import} of a generated order history (rows read and published
 * per second) and the time until risk-service has settled every imported customer (judged once, after their history).
 * An import needs no signal per event, so it should settle at least as fast as live events are processed.
 *
 * <p>Arguments (all optional): order rows (1,000,000), customers (100,000), live events (300,000).
 */
public final class ImportThroughput {

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int customers = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int live = args.length > 2 ? Integer.parseInt(args[2]) : 300_000;
        Path root = Path.of(System.getProperty("retention.project.root", ".")).toAbsolutePath();
        Path dataDir = Files.createTempDirectory("retention-import-bench-");
        System.out.printf(
                "import benchmark: %,d order rows over %,d customers against %,d live events, %d cores%n",
                rows, customers, live, Runtime.getRuntime().availableProcessors());
        try (KafkaBroker broker = KafkaBroker.start(dataDir.resolve("kafka"), 0);
                Database database = RiskThroughput.openDatabase(dataDir)) {
            String prefix = "importbench_" + System.currentTimeMillis() + "_";
            RiskThroughput.describe(database);
            System.out.printf(
                    "produced live backlog: %,d events/s (acks=all)%n",
                    RiskThroughput.produceBacklog(broker.bootstrapServers(), live, customers));
            System.out.printf(
                    "plain Kafka consumer (the consume ceiling): %,d records/s%n",
                    RiskThroughput.rawConsume(broker.bootstrapServers(), live));
            database.ensureDatabase(prefix + "ceiling");
            try (Connection connection = database.connect(prefix + "ceiling")) {
                System.out.printf(
                        "batched durable upserts, 1,000 rows per statement (the write ceiling): %,d rows/s%n",
                        RiskThroughput.upsertCeiling(connection, live, customers));
            }
            database.dropDatabase(prefix + "ceiling");
            Path orders = dataDir.resolve("orders.csv");
            long buyers = writeOrders(orders, rows, customers);

            List<String> jvm = new ArrayList<>(RiskThroughput.serviceJvmOptions());
            jvm.addAll(List.of("-Dretention.risk.settle-after=10s", "-Dretention.risk.recheck-poll=1s"));
            Map<Service, Integer> port = Map.of(Service.RISK, KafkaBroker.freePort());
            long liveRate;
            // 1. the imported history as the platform takes it while running: published and processed at once
            long started = System.nanoTime();
            try (Platform platform = Platform.start(new Platform.Settings(
                            root,
                            dataDir,
                            broker.bootstrapServers(),
                            0,
                            database,
                            0,
                            prefix,
                            port,
                            jvm,
                            EnumSet.of(Service.RISK)));
                    Connection risk = database.connect(prefix + Service.RISK.database())) {
                RiskThroughput.Stall stall = new RiskThroughput.Stall(platform, Service.RISK);
                liveRate = RiskThroughput.measureBacklog(risk, live, started, stall);
                long importStarted = System.nanoTime();
                double importSeconds = importOrders(broker, orders, dataDir, "/bench-shop");
                double settledSeconds = awaitSettled(risk, buyers, importStarted, stall);
                System.out.printf(
                        Locale.ROOT,
                        "retention import while risk-service runs: %,d order rows read and published in %.1f s "
                                + "(%,.0f rows/s); every customer settled %.1f s after the import began, 10 s of it the settle period: "
                                + "%,.0f events/s to a settled state%n",
                        rows,
                        importSeconds,
                        rows / importSeconds,
                        settledSeconds,
                        rows / settledSeconds);
            } finally {
                database.dropDatabase(prefix + Service.RISK.database());
            }
            // 2. the same history as a backlog, as the live figure above was measured: published first (another source,
            // so other ids), then a fresh risk-service database takes it from where the consumer group left off
            double publishSeconds = importOrders(broker, orders, dataDir, "/bench-shop-2");
            System.out.printf(
                    Locale.ROOT,
                    "retention import alone: %,d order rows read and published in %.1f s: %,.0f rows/s%n",
                    rows,
                    publishSeconds,
                    rows / publishSeconds);
            String backlogPrefix = prefix + "backlog_";
            started = System.nanoTime();
            try (Platform platform = Platform.start(new Platform.Settings(
                            root,
                            dataDir,
                            broker.bootstrapServers(),
                            0,
                            database,
                            0,
                            backlogPrefix,
                            port,
                            jvm,
                            EnumSet.of(Service.RISK)));
                    Connection risk = database.connect(backlogPrefix + Service.RISK.database())) {
                double settledSeconds =
                        awaitSettled(risk, buyers, started, new RiskThroughput.Stall(platform, Service.RISK));
                System.out.printf(
                        Locale.ROOT,
                        "risk-service on the import as a backlog: every customer settled %.1f s after launch "
                                + "(10 s of it the settle period): %,.0f events/s to a settled state, against %,d live events/s above%n",
                        settledSeconds,
                        rows / settledSeconds,
                        liveRate);
            } finally {
                database.dropDatabase(backlogPrefix + Service.RISK.database());
            }
        } finally {
            TempDirs.deleteQuietly(dataDir);
        }
    }

    /** Runs {@code retention import} of the orders; answers its seconds. */
    private static double importOrders(KafkaBroker broker, Path orders, Path dataDir, String source) {
        long started = System.nanoTime();
        int exit = new CommandLine(new ImportCommand())
                .execute(
                        "--bootstrap-servers",
                        broker.bootstrapServers(),
                        "--orders",
                        orders.toString(),
                        "--source",
                        source,
                        "--progress",
                        "lines",
                        "--rejects",
                        dataDir.resolve("rejects.csv").toString());
        if (exit != 0) {
            throw new IllegalStateException("the import exited with " + exit);
        }
        return RiskThroughput.seconds(started);
    }

    /** Waits until every customer of the import is judged and none waits to be; answers the seconds since {@code started}. */
    private static double awaitSettled(Connection risk, long buyers, long started, RiskThroughput.Stall stall)
            throws Exception {
        while (true) {
            long settled = count(
                    risk, "select count(*) from customer_risk where customer_id like 'imp-%' and not settle_pending");
            long pending = count(risk, "select count(*) from customer_risk where settle_pending");
            if (settled >= buyers && pending == 0) {
                return RiskThroughput.seconds(started);
            }
            stall.observe(String.format("%,d of %,d customers settled, %,d pending", settled, buyers, pending));
            Thread.sleep(1000);
        }
    }

    /** An order history of random customers over three years; answers how many customers have an order in it. */
    private static long writeOrders(Path file, int rows, int customers) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        java.util.BitSet buyers = new java.util.BitSet(customers);
        Instant now = Instant.now();
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("customer_id,order_id,time,amount,currency\n");
            for (int i = 0; i < rows; i++) {
                int customer = random.nextInt(customers);
                buyers.set(customer);
                Instant at =
                        now.minus(Duration.ofDays(2 + random.nextInt(3 * 365))).minusSeconds(random.nextInt(86_400));
                out.write("imp-" + customer + ",o-" + i + "," + at + "," + (5 + random.nextInt(300)) + "."
                        + (10 + random.nextInt(90)) + ",EUR\n");
            }
        }
        System.out.printf(
                "wrote %,d order rows of %,d customers (%,d MB)%n", rows, buyers.cardinality(), Files.size(file) >> 20);
        return buyers.cardinality();
    }

    private static long count(Connection risk, String sql) throws Exception {
        try (Statement query = risk.createStatement();
                ResultSet result = query.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
