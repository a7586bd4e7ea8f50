package io.retention.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.retention.contract.Json;
import io.retention.contract.Topics;
import io.retention.local.Database;
import io.retention.local.Platform;
import io.retention.local.Service;
import io.retention.local.TempDirs;
import io.retention.local.testing.MetricsText;
import io.retention.local.testing.TestDatabases;
import io.retention.local.testing.TopicClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A business adopts the platform: the packaged services with their clock at the business's present (UCI Online
 * Retail's calibration end), its order lines imported with {@code retention import}, as the README says. Each lapsed
 * customer is announced lost once, on the whole history's value; nobody is onboarded; a live event during the import is
 * acted on at once; the same import again changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryImportIT {
    private static final Instant PRESENT = Instant.parse("2011-09-09T06:00:00Z");
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Path UCI = Path.of(
                    System.getProperty("retention.project.root"),
                    "..",
                    "shared",
                    "datasets",
                    "online-retail",
                    "online-retail.csv")
            .normalize();
    private static final Pattern SUMMARY = Pattern.compile("import: ([0-9,]+) rows read, ([0-9,]+) events published, "
            + "([0-9,]+) rows rejected.*; ([0-9.]+) s, ([0-9,]+) rows/s, ([0-9,]+) events/s");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Database database;
    private static String databasePrefix;
    private static Path dataDir;
    private static Platform platform;
    private static TopicClient topics;

    @BeforeAll
    static void startPlatform() throws Exception {
        assumeTrue(
                Files.isReadable(UCI),
                "UCI Online Retail is read from the shared datasets beside the checkout: " + UCI);
        database = TestDatabases.openServer();
        databasePrefix = TestDatabases.uniqueName("import") + "_";
        Map<Service, Integer> ports = Runs.servicePorts();
        dataDir = Files.createTempDirectory("retention-import-e2e-");
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
                        "-Xmx320m",
                        "-XX:+UseSerialGC",
                        "-Dretention.clock.start-at=" + PRESENT,
                        "-Dretention.risk.settle-after=" + SETTLE.toSeconds() + "s",
                        "-Dretention.risk.recheck-poll=1s",
                        "-Dretention.engagement.policy.quiet-start=00:00",
                        "-Dretention.engagement.policy.quiet-end=00:00"),
                EnumSet.allOf(Service.class)));
        topics = new TopicClient(platform.bootstrapServers());
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (platform == null) {
            return;
        }
        topics.close();
        platform.close();
        Runs.dropDatabases(database, databasePrefix);
        database.close();
        TempDirs.deleteQuietly(dataDir);
    }

    @Test
    @Order(1)
    void aBusinessImportsItsOrderHistoryAndThePlatformJudgesEachCustomerOnceOnAllOfIt() throws Exception {
        Expected expected = Expected.from(UCI, PRESENT);

        long started = System.nanoTime();
        Run first = importOrders();
        double importSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(first.exit())
                .as("rows without a customer are rejected: %s", first.output())
                .isEqualTo(1);
        Matcher summary = SUMMARY.matcher(first.output());
        assertThat(summary.find()).as(first.output()).isTrue();
        assertThat(number(summary.group(3))).as("rows rejected").isEqualTo(expected.rowsWithoutCustomer);
        assertThat(number(summary.group(2))).as("events published").isEqualTo(expected.invoices);
        assertThat(Files.readString(dataDir.resolve("rejects.csv"))).contains(",\"customer is empty\"");

        // a live event during the import is acted on at once; the import's customers are not judged yet
        String live = "live-during-import-" + UUID.randomUUID();
        for (int i = 1; i <= 3; i++) {
            publishLive(
                    Topics.TICKETS,
                    live,
                    "retention.ticket.opened",
                    Map.of("ticketId", "t-" + i, "category", "BUG", "priority", "HIGH"));
        }
        List<ConsumerRecord<String, byte[]>> raised =
                topics.readUntil(Topics.RISK_SIGNALS, record -> live.equals(record.key()), WAIT);
        assertThat(raised).as("a signal for the live customer").isNotEmpty();
        assertThat(signalsOfType("retention.customer.churned"))
                .as("churned signals before the history settled")
                .isEmpty();

        await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> query("risk", "select count(*) from customer_risk where settle_pending") == 0
                        && query("risk", "select count(*) from customer_risk") == expected.customers.size() + 1);
        double settledSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "[import e2e] %s rows read at %s rows/s, %s events published at %s events/s (import %.1f s); "
                        + "%,d customers settled %.1f s after the import began, %.1f s of it the settle period: %,.0f events/s "
                        + "to a settled state%n",
                summary.group(1),
                summary.group(5),
                summary.group(2),
                summary.group(6),
                importSeconds,
                expected.customers.size(),
                settledSeconds,
                (double) SETTLE.toSeconds(),
                expected.invoices / settledSeconds);

        // each lapsed customer announced lost once, with all they spent and their last purchase
        Map<String, List<JsonNode>> churned = signalsOfType("retention.customer.churned").stream()
                .collect(Collectors.groupingBy(event -> event.get("subject").asText()));
        List<String> lostInRisk = pageAll(Service.RISK, "/risk?level=CHURNED").stream()
                .map(risk -> risk.get("customerId").asText())
                .toList();
        assertThat(lostInRisk).hasSizeGreaterThan(100);
        assertThat(churned.keySet()).containsExactlyInAnyOrderElementsOf(lostInRisk);
        churned.forEach((customer, events) -> {
            assertThat(events).as("churned signals of %s", customer).hasSize(1);
            JsonNode data = events.get(0).get("data");
            assertThat(data.get("lifetimeValue").decimalValue())
                    .as("lifetime value of %s", customer)
                    .isEqualByComparingTo(expected.net.get(customer).max(BigDecimal.ZERO));
            assertThat(Instant.parse(data.get("lastPurchaseAt").asText()))
                    .as("last purchase of %s", customer)
                    .isEqualTo(expected.lastPurchase
                            .get(customer)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant());
        });
        // ...and queued for win-back on that value (kept to the cent there)
        await().atMost(WAIT)
                .until(() -> pageAll(Service.WINBACK, "/winback/lost").size() == churned.size());
        for (JsonNode lost : pageAll(Service.WINBACK, "/winback/lost")) {
            assertThat(lost.get("lifetimeValue").decimalValue())
                    .isEqualByComparingTo(expected.net
                            .get(lost.get("customerId").asText())
                            .max(BigDecimal.ZERO)
                            .setScale(2, java.math.RoundingMode.HALF_UP));
        }
        // nobody whose history began long ago is onboarded; the customer first seen live is
        assertThat(pageAll(Service.ENGAGEMENT, "/follow-ups?playbook=onboarding"))
                .extracting(f -> f.get("customerId").asText())
                .isNotEmpty()
                .containsOnly(live);
        assertThat(json(Service.CUSTOMER, "/customers?size=1").get("total").asInt())
                .isEqualTo(expected.customers.size() + 1);

        // the same import again changes nothing: risk- and customer-service find every event a duplicate
        long signalsBefore =
                topics.readAll(Topics.RISK_SIGNALS, Duration.ofSeconds(2)).size();
        long appliedBefore = consumed(Service.RISK, "applied", Topics.PURCHASES)
                + consumed(Service.CUSTOMER, "applied", Topics.PURCHASES);
        long riskDuplicates = consumed(Service.RISK, "duplicate", Topics.PURCHASES);
        long customerDuplicates = consumed(Service.CUSTOMER, "duplicate", Topics.PURCHASES);
        Run second = importOrders();
        assertThat(second.output()).contains(summary.group(2) + " events published");
        await().atMost(WAIT)
                .until(() -> consumed(Service.RISK, "duplicate", Topics.PURCHASES) >= riskDuplicates + expected.invoices
                        && consumed(Service.CUSTOMER, "duplicate", Topics.PURCHASES)
                                >= customerDuplicates + expected.invoices);
        assertThat(consumed(Service.RISK, "applied", Topics.PURCHASES)
                        + consumed(Service.CUSTOMER, "applied", Topics.PURCHASES))
                .isEqualTo(appliedBefore);
        assertThat(query("risk", "select count(*) from customer_risk where settle_pending"))
                .isZero();
        assertThat(topics.readAll(Topics.RISK_SIGNALS, Duration.ofSeconds(2))).hasSize((int) signalsBefore);
        assertThat(json(Service.CUSTOMER, "/customers?size=1").get("total").asInt())
                .isEqualTo(expected.customers.size() + 1);
    }

    @Test
    @Order(2)
    void ticketsImportedThroughPostEventsReachTheTimelineAsHistory() throws Exception {
        Path tickets = dataDir.resolve("tickets.csv");
        Files.writeString(tickets, """
                ticket_id,customer_id,opened,closed,category,priority,csat
                H-1,http-import-1,2011-03-01 09:00,2011-03-02 10:00,complaint,high,2
                H-2,http-import-1,2011-05-01 08:00,,bug,,
                """);
        Path output = dataDir.resolve("import-http.log");
        Path jar = Path.of(System.getProperty("retention.project.root"), "cli", "target", "retention-cli.jar");
        ProcessBuilder process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "import",
                        "--url",
                        platform.url(Service.CUSTOMER),
                        "--tickets",
                        tickets.toString(),
                        "--source",
                        "/helpdesk",
                        "--rejects",
                        dataDir.resolve("http-rejects.csv").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        process.environment().put("RETENTION_TOKEN", platform.token("ingest"));
        assertThat(process.start().waitFor()).as(Files.readString(output)).isZero();
        assertThat(Files.readString(output)).contains("2 rows read, 3 events published, 0 rows rejected");

        await().atMost(WAIT)
                .until(() -> json(Service.CUSTOMER, "/customers/http-import-1/timeline")
                                .get("total")
                                .asInt()
                        == 3);
        List<ConsumerRecord<String, byte[]>> published = topics.readAll(Topics.TICKETS, Duration.ofSeconds(2)).stream()
                .filter(record -> "http-import-1".equals(record.key()))
                .toList();
        assertThat(published)
                .hasSize(3)
                .allMatch(record -> new String(record.value(), java.nio.charset.StandardCharsets.UTF_8)
                        .contains("\"backfill\":true"));
    }

    private record Run(int exit, String output) {}

    /** The README's import command, on UCI's order lines, as its own process. */
    private static Run importOrders() throws Exception {
        Path jar = Path.of(System.getProperty("retention.project.root"), "cli", "target", "retention-cli.jar");
        Path output = dataDir.resolve("import-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "import",
                        "--bootstrap-servers",
                        platform.bootstrapServers(),
                        "--orders",
                        UCI.toString(),
                        "--source",
                        "/online-retail",
                        "--map",
                        "customer=CustomerID",
                        "--map",
                        "order=InvoiceNo",
                        "--map",
                        "time=InvoiceDate",
                        "--map",
                        "quantity=Quantity",
                        "--map",
                        "unit-price=UnitPrice",
                        "--currency",
                        "GBP",
                        "--until",
                        PRESENT.toString(),
                        "--rejects",
                        dataDir.resolve("rejects.csv").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        int exit = process.waitFor();
        return new Run(exit, Files.readString(output));
    }

    /** What the import must come to, worked out from the file alone. */
    private static final class Expected {
        final Map<String, BigDecimal> net = new TreeMap<>();
        final Map<String, LocalDate> lastPurchase = new HashMap<>();
        final java.util.Set<String> customers = new java.util.HashSet<>();
        long rowsWithoutCustomer;
        long invoices;

        static Expected from(Path csv, Instant until) throws IOException {
            DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
            Expected expected = new Expected();
            Map<String, BigDecimal> invoiceTotals = new HashMap<>();
            Map<String, String> invoiceCustomer = new HashMap<>();
            Map<String, LocalDate> invoiceDay = new HashMap<>();
            try (MappingIterator<Map<String, String>> rows = new CsvMapper()
                    .readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(csv.toFile())) {
                while (rows.hasNext()) {
                    Map<String, String> row = rows.next();
                    LocalDateTime at = LocalDateTime.parse(row.get("InvoiceDate"), format);
                    if (at.toInstant(ZoneOffset.UTC).isAfter(until)) {
                        continue;
                    }
                    String customer = row.get("CustomerID");
                    if (customer == null || customer.isBlank()) {
                        expected.rowsWithoutCustomer++;
                        continue;
                    }
                    BigDecimal amount =
                            new BigDecimal(row.get("Quantity")).multiply(new BigDecimal(row.get("UnitPrice")));
                    expected.customers.add(customer);
                    expected.net.merge(customer, amount, BigDecimal::add);
                    invoiceTotals.merge(row.get("InvoiceNo"), amount, BigDecimal::add);
                    invoiceCustomer.put(row.get("InvoiceNo"), customer);
                    invoiceDay.putIfAbsent(row.get("InvoiceNo"), at.toLocalDate());
                }
            }
            expected.invoices = invoiceTotals.size();
            invoiceTotals.forEach((invoice, total) -> {
                if (total.signum() >= 0) {
                    expected.lastPurchase.merge(
                            invoiceCustomer.get(invoice), invoiceDay.get(invoice), (a, b) -> a.isAfter(b) ? a : b);
                }
            });
            return expected;
        }
    }

    private static long number(String figure) {
        return Long.parseLong(figure.replace(",", ""));
    }

    private static void publishLive(String topic, String customer, String type, Map<String, Object> data)
            throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", "/helpdesk")
                .put("type", type)
                .put("time", PRESENT.plusSeconds(1).toString())
                .put("subject", customer)
                .put("datacontenttype", "application/json");
        event.set("data", Json.MAPPER.valueToTree(data));
        topics.publish(topic, customer, Json.MAPPER.writeValueAsBytes(event));
    }

    private static List<JsonNode> signalsOfType(String type) throws IOException {
        List<JsonNode> signals = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : topics.readAll(Topics.RISK_SIGNALS, Duration.ofSeconds(2))) {
            JsonNode event = Json.MAPPER.readTree(record.value());
            if (type.equals(event.get("type").asText())) {
                signals.add(event);
            }
        }
        return signals;
    }

    private static long query(String service, String sql) throws Exception {
        try (Connection connection = database.connect(databasePrefix + service);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The service's count of inbound events of a topic applied, or found duplicate. */
    private static long consumed(Service service, String outcome, String topic) throws Exception {
        String metrics = HTTP.send(
                        platform.request(service, "/q/metrics").build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return Math.round(MetricsText.sum(
                metrics, "retention_events_consumed_total{", "outcome=\"" + outcome + "\"", "topic=\"" + topic + "\""));
    }

    private static JsonNode json(Service service, String path) throws Exception {
        HttpResponse<String> response =
                HTTP.send(platform.request(service, path).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", service, path, response.body())
                .isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static List<JsonNode> pageAll(Service service, String path) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = json(service, path + (path.contains("?") ? "&" : "?") + "size=500&page=" + page);
            body.get("items").forEach(items::add);
            if (items.size() >= body.get("total").asLong() || body.get("items").isEmpty()) {
                return items;
            }
        }
    }
}
