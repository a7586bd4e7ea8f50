package io.retention.cli.history;

import io.retention.cli.publish.HttpPublisher;
import io.retention.cli.publish.KafkaPublisher;
import io.retention.cli.publish.Publisher;
import io.retention.contract.CloudEvent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code retention import}: publishes a business's history to the platform, marked as history (contract 1.2), with
 * ids derived from the rows so that a second run changes nothing. Exit status 0 when every row was imported, 1 when
 * rows were rejected (listed with line and reason in the rejects file) or could not be published, 2 for bad arguments.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Imports a business's history: orders, tickets and usage as CSV (a header line; columns by name, "
                    + "see --map), or CloudEvents one per line. Events are published marked as history (backfill): they "
                    + "update what the platform knows and trigger nothing by themselves; each customer is judged once "
                    + "their whole history has been read. Running the same import again changes nothing.",
            "",
            "Default columns: orders customer_id, order_id, time, amount (or quantity and unit_price per order "
                    + "line), currency, refund; tickets ticket_id, customer_id, opened, closed, category, priority, csat; "
                    + "usage customer_id, time, feature, count."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every row imported",
            "1:rows rejected or not published (see the rejects file)",
            "2:bad arguments"
        })
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--orders", paramLabel = "CSV", description = "Orders or order lines.")
    List<Path> orders = new ArrayList<>();

    @Option(names = "--tickets", paramLabel = "CSV", description = "Support tickets.")
    List<Path> tickets = new ArrayList<>();

    @Option(names = "--usage", paramLabel = "CSV", description = "Product usage.")
    List<Path> usage = new ArrayList<>();

    @Option(
            names = "--events",
            paramLabel = "NDJSON",
            description = "CloudEvents of the contract, one JSON object a line.")
    List<Path> events = new ArrayList<>();

    @Option(
            names = "--map",
            paramLabel = "[KIND.]FIELD=COLUMN",
            description = "Take a field from a differently named column, "
                    + "in every file (--map customer=CustomerID) or in one kind of file (--map orders.time=InvoiceDate; kinds: "
                    + "orders, tickets, usage). Fields: customer, order, time, amount, currency, refund, quantity, unit-price, "
                    + "ticket, opened, closed, category, priority, csat, feature, count.")
    Map<String, String> map = new LinkedHashMap<>();

    @Option(
            names = "--time-format",
            paramLabel = "PATTERN",
            description = "Pattern of the times (java.time), e.g. "
                    + "'M/d/yyyy H:mm'. Default: RFC 3339, yyyy-MM-dd HH:mm[:ss] or yyyy-MM-dd.")
    String timeFormat;

    @Option(
            names = "--zone",
            defaultValue = "UTC",
            description = "Time zone of times without an offset (default ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Option(
            names = "--currency",
            paramLabel = "ISO-4217",
            description = "Currency of orders without a currency column.")
    String currency;

    @Option(
            names = "--delimiter",
            defaultValue = ",",
            description = "Column separator of the CSV files (default '${DEFAULT-VALUE}').")
    char delimiter;

    @Option(
            names = "--until",
            paramLabel = "INSTANT",
            description = "Leave out rows after this time (RFC 3339): the history up "
                    + "to a cut-over, when live events take over from it.")
    Instant until;

    @Option(
            names = "--source",
            defaultValue = "/import",
            description = "CloudEvents source of the events, and the prefix of "
                    + "their ids (default ${DEFAULT-VALUE}); give each system its own.")
    String source;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka brokers to publish to (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--kafka",
            paramLabel = "KEY=VALUE",
            description = "A Kafka client setting, e.g. --kafka security.protocol=SASL_SSL.")
    Map<String, String> kafka = new LinkedHashMap<>();

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Publish through customer-service's POST /events at this URL "
                    + "instead of Kafka, e.g. http://localhost:8081.")
    String url;

    @Option(
            names = "--token",
            defaultValue = "${env:RETENTION_TOKEN}",
            description = "Bearer token (role ingest) for --url; " + "default from RETENTION_TOKEN.")
    String token;

    @Option(
            names = "--live",
            description = "Publish as live events (no backfill mark): for recent events that should "
                    + "trigger what live events trigger.")
    boolean live;

    @Option(
            names = "--rejects",
            defaultValue = "import-rejects.csv",
            description = "Where the rejected rows are listed " + "(default ${DEFAULT-VALUE}).")
    Path rejectsFile;

    @Option(
            names = "--progress",
            defaultValue = "auto",
            description = "auto (a bar on a terminal, lines otherwise), bar, lines.")
    String progress;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<Path> all = new ArrayList<>();
        all.addAll(orders);
        all.addAll(tickets);
        all.addAll(usage);
        all.addAll(events);
        if (all.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "nothing to import: give --orders, --tickets, --usage or --events");
        }
        for (Path file : all) {
            if (!Files.isReadable(file)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "cannot read " + file);
            }
        }
        Map<String, Columns> columns = new LinkedHashMap<>();
        try {
            for (String kind : Columns.KINDS) {
                columns.put(kind, Columns.of(map, kind));
            }
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        long totalBytes = 0;
        for (Path file : all) {
            totalBytes += Files.size(file);
        }
        TimeReader times = new TimeReader(timeFormat, zone);
        HistoryEvents history = new HistoryEvents(source, !live);
        Counts counts = new Counts();
        Rejections rejections = new Rejections();
        long started = System.nanoTime();
        boolean terminal = "bar".equals(progress) || ("auto".equals(progress) && System.console() != null);
        try (Publisher publisher =
                        url != null ? new HttpPublisher(url, token) : new KafkaPublisher(bootstrapServers, kafka);
                Progress shown = new Progress(
                        err, terminal, totalBytes, counts.bytes::get, counts.rows, counts.published::get)) {
            Sink sink = counts.sink(publisher, rejections);
            for (Path file : orders) {
                new OrderRows(columns.get("orders"), times, history, currency, until).read(input(file, counts), sink);
            }
            for (Path file : tickets) {
                new TicketRows(columns.get("tickets"), times, history, until).read(input(file, counts), sink);
            }
            for (Path file : usage) {
                new UsageRows(columns.get("usage"), times, history, until).read(input(file, counts), sink);
            }
            for (Path file : events) {
                new EventLines(history, until).read(input(file, counts), sink);
            }
            publisher.flush();
        } catch (IllegalArgumentException e) {
            err.println("import: " + e.getMessage());
            return 2;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (rejections.count() > 0) {
            rejections.write(rejectsFile);
        }
        out.printf(
                Locale.ROOT,
                "import: %,d rows read, %,d events published, %,d rows rejected%s, %,d rows after --until left "
                        + "out, %,d events not published; %.1f s, %,.0f rows/s, %,.0f events/s%n",
                counts.rows.get(),
                counts.published.get(),
                rejections.count() - counts.failed.get(),
                rejections.count() > 0 ? " (listed in " + rejectsFile + ")" : "",
                counts.skipped.get(),
                counts.failed.get(),
                seconds,
                counts.rows.get() / seconds,
                counts.published.get() / seconds);
        rejections.all().stream()
                .limit(10)
                .forEach(r -> err.printf("  rejected %s line %d: %s%n", r.file(), r.line(), r.reason()));
        if (rejections.count() > 10) {
            err.printf("  ... %,d more in %s%n", rejections.count() - 10, rejectsFile);
        }
        return rejections.count() > 0 || counts.failed.get() > 0 ? 1 : 0;
    }

    private NamedInput input(Path file, Counts counts) throws IOException {
        InputStream counted = new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    counts.bytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    counts.bytes.addAndGet(n);
                }
                return n;
            }
        };
        return new NamedInput(file.toString(), counted, delimiter);
    }

    /** The import's figures, shared with the publisher's callbacks and the progress bar. */
    private static final class Counts {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong rows = new AtomicLong();
        final AtomicLong published = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();

        Sink sink(Publisher publisher, Rejections rejections) {
            Publisher.Outcome outcome = new Publisher.Outcome() {
                @Override
                public void published(CloudEvent event) {
                    published.incrementAndGet();
                }

                @Override
                public void failed(CloudEvent event, String reason) {
                    failed.incrementAndGet();
                    rejections.add("(publishing)", 0, "event " + event.id() + ": " + reason);
                }
            };
            return new Sink() {
                @Override
                public void row() {
                    rows.incrementAndGet();
                }

                @Override
                public void accept(CloudEvent event) {
                    publisher.send(event, outcome);
                }

                @Override
                public void reject(String file, long line, String reason) {
                    rejections.add(file, line, reason);
                }

                @Override
                public void skip() {
                    skipped.incrementAndGet();
                }
            };
        }
    }
}
