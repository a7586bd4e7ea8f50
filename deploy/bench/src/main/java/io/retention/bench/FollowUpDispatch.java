package io.retention.bench;

import io.retention.local.Database;
import io.retention.local.KafkaBroker;
import io.retention.local.Platform;
import io.retention.local.Service;
import io.retention.local.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * How fast the packaged engagement-service fires follow-ups from a backlog of due rows in PostgreSQL: first tasks
 * (claimed, fired, in the owner's queue), then emails (claimed, checked against the communication policy, sent to a
 * real SMTP server, recorded as sent with a {@code retention.message.sent} each). The backlog is committed at once,
 * already due; the clock starts at that commit and stops when the last row is fired.
 *
 * <p>Arguments (optional): rows per phase (100,000).
 */
public final class FollowUpDispatch {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path root = Path.of(System.getProperty("retention.project.root", ".")).toAbsolutePath();
        Path dataDir = Files.createTempDirectory("retention-bench-");
        System.out.printf(
                "engagement-service dispatch benchmark: %,d due rows per phase, %d cores%n",
                rows, Runtime.getRuntime().availableProcessors());
        try (KafkaBroker broker = KafkaBroker.start(dataDir.resolve("kafka"), 0);
                Database database = RiskThroughput.openDatabase(dataDir)) {
            String prefix = "bench_" + System.currentTimeMillis() + "_";
            Map<Service, Integer> ports = Map.of(Service.ENGAGEMENT, KafkaBroker.freePort());
            // no quiet hours: the benchmark may run at any time of day
            List<String> jvm = List.of(
                    "-Xmx512m",
                    "-Dretention.engagement.policy.quiet-start=00:00",
                    "-Dretention.engagement.policy.quiet-end=00:00");
            try (Platform platform = Platform.start(new Platform.Settings(
                            root,
                            dataDir,
                            broker.bootstrapServers(),
                            0,
                            database,
                            0,
                            prefix,
                            ports,
                            jvm,
                            EnumSet.of(Service.ENGAGEMENT)));
                    Connection engagement = database.connect(prefix + Service.ENGAGEMENT.database())) {
                addContacts(engagement, rows);
                double tasks = fire(
                        engagement,
                        rows,
                        "tasks",
                        "'at-risk-open-tickets', 'support-escalation', 'OPEN_TICKETS', 'TASK', 'support', null, null",
                        "select count(*) from follow_up where fired_at is not null and channel = 'TASK'");
                System.out.printf("tasks fired: %,.0f follow-ups/s%n", tasks);
                double emails = fire(
                        engagement,
                        rows,
                        "emails",
                        "'onboarding', 'welcome-email', '', 'EMAIL', 'platform', 'welcome', 'SERVICE'",
                        "select count(*) from follow_up where status = 'SENT'");
                System.out.printf(
                        "emails sent over SMTP and recorded: %,.0f follow-ups/s (the mail server received %,d)%n",
                        emails, platform.mailSink().received().size());
            } finally {
                database.dropDatabase(prefix + Service.ENGAGEMENT.database());
            }
        } finally {
            // a run leaves hundreds of megabytes of broker logs behind otherwise
            TempDirs.deleteQuietly(dataDir);
        }
    }

    /** Customers with 100 distinct addresses among them: the in-memory mail server slows down with a mailbox per customer. */
    private static void addContacts(Connection connection, int rows) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into customer_contact (customer_id, name, email, time_zone, consents, updated_at)
                select 'bench-' || i, 'Bench ' || i, 'inbox-' || (i % 100) || '@example.com', 'UTC', '[]', now()
                from generate_series(1, ?) i""")) {
            insert.setInt(1, rows);
            insert.executeUpdate();
        }
    }

    /** Commits a backlog of due rows at once and answers how many per second were fired. */
    private static double fire(Connection connection, int rows, String phase, String values, String firedCount)
            throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into follow_up (id, customer_id, playbook, step, trigger_ref, channel, owner, template, purpose,
                                       due_at, planned_at, status, created_at)
                select gen_random_uuid(), 'bench-' || i, %s, now() - interval '1 minute', now() - interval '1 minute', 'OPEN', now()
                from generate_series(1, ?) i""".formatted(values))) {
            insert.setInt(1, rows);
            insert.executeUpdate();
        }
        long started = System.nanoTime();
        long lastReport = started;
        while (true) {
            long fired = count(connection, firedCount);
            long now = System.nanoTime();
            if (fired >= rows) {
                return rows / ((now - started) / 1e9);
            }
            if (now - lastReport > 10_000_000_000L) {
                System.out.printf("  %s: %,d of %,d fired after %.0f s%n", phase, fired, rows, (now - started) / 1e9);
                lastReport = now;
            }
            Thread.sleep(200);
        }
    }

    private static long count(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
