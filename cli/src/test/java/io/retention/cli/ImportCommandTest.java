package io.retention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.cli.history.ImportCommand;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.Topics;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.PurchaseRefunded;
import io.retention.contract.events.TicketClosed;
import io.retention.contract.events.UsageRecorded;
import io.retention.local.KafkaBroker;
import io.retention.local.TempDirs;
import io.retention.local.testing.TopicClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code retention import} against a real Kafka broker, on files shaped as businesses export them. */
class ImportCommandTest {
    private static Path dir;
    private static KafkaBroker broker;
    private static TopicClient topics;

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Files.createTempDirectory("retention-import-test-");
        broker = KafkaBroker.start(dir.resolve("kafka"), 0);
        topics = new TopicClient(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        topics.close();
        broker.close();
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void orderLinesTicketsUsageAndEventsArePublishedAsHistoryOnceWhateverTheNumberOfRuns() throws Exception {
        // order lines as a shop exports them: an invoice per order, a cancelled invoice as negative quantities
        Path orders = write("orders.csv", """
                InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID
                536365,85123A,6,12/1/2010 8:26,2.55,17850
                536365,71053,6,12/1/2010 8:26,3.39,17850
                C536379,D,-1,12/1/2010 9:41,27.50,14527
                536380,22961,2,12/1/2010 9:45,1.25,
                536381,22139,x,12/1/2010 9:46,4.95,15311
                581587,23256,4,12/9/2011 12:50,4.15,12680
                """);
        Path tickets = write("tickets.csv", """
                ticket_id,customer_id,opened,closed,category,priority,csat
                T-1,17850,2011-03-01T09:00:00Z,2011-03-02T10:00:00Z,complaint,high,2
                T-2,17850,2011-05-01 08:00,,BUG,,
                T-3,17850,2011-05-02 08:00,,SHIPPING,,
                """);
        Path usage = write("usage.csv", """
                customer_id,time,feature,count
                17850,2011-06-01,export,3
                17850,2011-06-01,export,3
                17850,2011-06-02,,
                """);
        Path events = write("events.ndjson", """
                {"specversion":"1.0","id":"crm-1","source":"/crm","type":"retention.feedback.submitted",\
                "time":"2011-07-01T00:00:00Z","subject":"17850","data":{"nps":3}}
                {"specversion":"1.0","id":"crm-2","source":"/crm","type":"retention.risk.raised",\
                "time":"2011-07-01T00:00:00Z","subject":"17850","data":{}}
                {"specversion":"1.0","id":"crm-3","source":"/crm","type":"retention.feedback.submitted",\
                "time":"0001-01-01T00:00:00Z","subject":"17850","data":{"nps":9}}
                """);
        String[] args = {
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--source",
            "/shop",
            "--orders",
            orders.toString(),
            "--tickets",
            tickets.toString(),
            "--usage",
            usage.toString(),
            "--events",
            events.toString(),
            "--map",
            "orders.customer=CustomerID",
            "--map",
            "orders.order=InvoiceNo",
            "--map",
            "orders.time=InvoiceDate",
            "--map",
            "quantity=Quantity",
            "--map",
            "unit-price=UnitPrice",
            "--time-format",
            "M/d/yyyy H:mm",
            "--zone",
            "Europe/London",
            "--currency",
            "GBP",
            "--until",
            "2011-09-09T00:00:00Z",
            "--rejects",
            dir.resolve("rejects.csv").toString(),
            "--progress",
            "lines"
        };

        Run first = run(args);

        assertThat(first.exit()).as("rows were rejected: %s", first.err()).isEqualTo(1);
        assertThat(first.out())
                .as(first.err())
                .contains("15 rows read, 9 events published, 5 rows rejected", "1 rows after --until left out");
        assertThat(Files.readAllLines(dir.resolve("rejects.csv")))
                .containsExactly(
                        "file,line,reason",
                        "\"" + orders + "\",5,\"customer is empty\"",
                        "\"" + orders + "\",6,\"quantity 'x' is not a number\"",
                        "\"" + tickets
                                + "\",4,\"category 'SHIPPING' is not one of [QUESTION, COMPLAINT, BUG, BILLING, OTHER]\"",
                        "\"" + events
                                + "\",2,\"type 'retention.risk.raised' is emitted by the platform itself; only purchase, ticket, "
                                + "feedback and usage events are imported\"",
                        "\"" + events
                                + "\",3,\"time 0001-01-01T00:00:00Z is not after 1970-01-01T00:00:00Z, the earliest an "
                                + "event may be: it looks like an unset date, not a moment something happened\"");

        Map<String, CloudEvent> purchases = byId(read(Topics.PURCHASES));
        assertThat(purchases.keySet()).containsExactlyInAnyOrder("/shop/orders/536365", "/shop/orders/C536379/refund");
        assertThat(purchases.values()).allMatch(CloudEvent::backfill);
        CloudEvent order = purchases.get("/shop/orders/536365");
        assertThat(order.dataAs(PurchaseCompleted.class).amount())
                .as("6 x 2.55 + 6 x 3.39")
                .isEqualByComparingTo("35.64");
        assertThat(order.time()).as("London time in December is UTC").isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(purchases
                        .get("/shop/orders/C536379/refund")
                        .dataAs(PurchaseRefunded.class)
                        .amount())
                .isEqualByComparingTo("27.50");
        Map<String, CloudEvent> ticketEvents = byId(read(Topics.TICKETS));
        assertThat(ticketEvents.keySet())
                .containsExactlyInAnyOrder(
                        "/shop/tickets/T-1/opened", "/shop/tickets/T-1/closed", "/shop/tickets/T-2/opened", "crm-1");
        assertThat(ticketEvents
                        .get("/shop/tickets/T-1/closed")
                        .dataAs(TicketClosed.class)
                        .satisfaction())
                .isEqualTo(2);
        assertThat(ticketEvents.get("crm-1").backfill())
                .as("a CloudEvent imported is marked as history too")
                .isTrue();
        List<CloudEvent> used = read(Topics.USAGE);
        assertThat(used.stream().map(CloudEvent::id).distinct())
                .as("identical rows, distinct events")
                .hasSize(3);
        assertThat(used)
                .extracting(event -> event.dataAs(UsageRecorded.class).countOrOne())
                .containsExactlyInAnyOrder(3, 3, 1);

        Run second = run(args);

        assertThat(second.out()).contains("9 events published");
        List<String> ids = read(Topics.PURCHASES).stream().map(CloudEvent::id).toList();
        assertThat(ids)
                .as("the second run publishes the same ids, which the services apply once")
                .containsExactlyInAnyOrder(
                        "/shop/orders/536365",
                        "/shop/orders/C536379/refund",
                        "/shop/orders/536365",
                        "/shop/orders/C536379/refund");
        assertThat(read(Topics.USAGE).stream().map(CloudEvent::id).distinct()).hasSize(3);
    }

    @Test
    void aFileWithoutTheColumnsItNeedsIsRefusedWithTheColumnToMap() throws Exception {
        Path orders = write("no-customer.csv", "order,when,total\n1,2011-01-01,5\n");
        Run run = run("--bootstrap-servers", broker.bootstrapServers(), "--orders", orders.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no column 'customer_id' for customer", "--map customer=<column>");
        assertThat(run(new String[] {"--orders", orders.toString(), "--map", "colour=red"})
                        .err())
                .contains("--map: unknown field 'colour'");
        assertThat(run(new String[0]).err()).contains("nothing to import");
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine command = new CommandLine(new ImportCommand());
            command.setErr(new java.io.PrintWriter(System.err, true));
            int exit = command.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Map<String, CloudEvent> byId(List<CloudEvent> events) {
        return events.stream().collect(java.util.stream.Collectors.toMap(CloudEvent::id, event -> event));
    }

    private static List<CloudEvent> read(String topic) {
        return topics.readAll(topic, Duration.ofSeconds(2)).stream()
                .map(r -> EventCodec.read(topic, r.key(), Map.of(), r.value()))
                .toList();
    }
}
