package io.retention.risk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.retention.cli.history.ImportCommand;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.kit.testing.RealTimeAfterEach;
import io.retention.kit.testing.TestClock;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.MetricsText;
import io.retention.local.testing.PostgresTestResource;
import io.retention.risk.TestQueries;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.learning.ChurnFeatures;
import io.retention.risk.learning.ChurnOutcome;
import io.retention.risk.learning.ScoreModel;
import io.retention.risk.learning.ScoreModels;
import io.retention.risk.learning.SnapshotGrid;
import io.retention.risk.model.BgNbdFit;
import io.retention.risk.model.ModelFitter;
import io.retention.risk.model.PurchaseHistory;
import io.retention.risk.model.PurchaseModel;
import io.retention.risk.model.PurchaseModels;
import io.retention.risk.scoring.Assessment;
import io.retention.risk.scoring.RiskScorer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * A business's purchase history (UCI Online Retail's order lines up to the churn-quality benchmark's calibration end)
 * imported with {@code retention import} through the broker: each customer is judged once, on the whole of it, with the
 * score the same code computes offline from the whole history; a second import changes nothing.
 */
@ExtendWith(RealTimeAfterEach.class)
@QuarkusTest
@TestProfile(HistoryImportTest.OwnDatabase.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class HistoryImportTest extends BrokerBackedTest {
    private static final LocalDate CALIBRATION_END = LocalDate.parse("2011-09-09");
    private static final Instant NOW = CALIBRATION_END.atTime(12, 0).toInstant(ZoneOffset.UTC);
    private static final Path UCI = Path.of(
            System.getProperty("retention.datasets", "../../shared/datasets"), "online-retail/online-retail.csv");

    /** A database of its own: every customer in it is one of the import's. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("retention.risk.recheck-batch", "500");
        }
    }

    @Inject
    Pool pool;

    @Inject
    PurchaseModels models;

    @Inject
    ScoreModels scoreModels;

    @Test
    void anImportIsJudgedOnceOnEachCustomersWholeHistoryAsTheOfflineScoreAndASecondImportChangesNothing()
            throws Exception {
        assumeTrue(
                Files.isReadable(UCI),
                "UCI Online Retail is read from " + UCI.toAbsolutePath()
                        + " (the shared datasets beside the checkout; -Dretention.datasets=DIR names another place)");
        TestClock.CLOCK.set(NOW);
        long started = System.nanoTime();
        assertThat(importUci()).as("rows without a customer are rejected").isEqualTo(1);
        // the events as the command published them: what the offline computation reads too
        List<CloudEvent> history = topics.readAll(Topics.PURCHASES, Duration.ofSeconds(2)).stream()
                .map(record -> EventCodec.read(Topics.PURCHASES, record.key(), Map.of(), record.value()))
                .toList();
        assertThat(history).isNotEmpty().allMatch(CloudEvent::backfill);
        long customers = history.stream().map(CloudEvent::subject).distinct().count();
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count("select count(*) from customer_risk") == customers
                        && appliedAndDuplicates() >= history.size());
        assertThat(count("select count(*) from customer_risk where settle_pending"))
                .as("judged before their history settled")
                .isEqualTo(customers);
        assertThat(signals()).as("no signal while history is read").isEmpty();
        TestClock.CLOCK.advance(Duration.ofSeconds(3)); // the settle period passes
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count("select count(*) from customer_risk where settle_pending") == 0);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "[history import] %,d purchase events of %,d customers imported and settled in %.1f s (3 s of it the "
                        + "settle period on the test's clock)%n",
                history.size(), customers, seconds);

        // the offline path of the churn-quality benchmark, on the whole history, with the model the service fitted on
        // it
        Map<String, CustomerState> states = new TreeMap<>();
        history.forEach(event -> states.computeIfAbsent(event.subject(), id -> new CustomerState())
                .apply(event, NOW));
        PurchaseModel model = models.current().orElseThrow();
        Map<PurchaseHistory, Long> histories = new HashMap<>();
        states.values().stream()
                .map(state -> Features.of(state, NOW).purchaseHistory())
                .filter(java.util.Objects::nonNull)
                .forEach(buyer -> histories.merge(buyer, 1L, Long::sum)); // a customer with only refunds has none
        BgNbdFit offlineFit = ModelFitter.fitBgNbd(histories);
        assertThat(model.purchases().customers())
                .as("buyers")
                .isEqualTo(
                        histories.values().stream().mapToLong(Long::longValue).sum());
        assertThat(model.purchases().model().r())
                .as("fitted on the whole history")
                .isCloseTo(offlineFit.model().r(), org.assertj.core.data.Offset.offset(1e-6));
        RiskScorer scorer = new RiskScorer(ShippedConfig.risk().scoringPolicy());
        // the customers were judged once the score their history taught was in force
        ScoreModel inForce = scoreModels.current();
        assertThat(inForce.kind()).as("the score in force after UCI's history").isEqualTo(ScoreModel.Kind.LEARNED);
        Map<String, Row> stored = new HashMap<>();
        pool.query("select customer_id, score, level, churn_basis, churn_probability from customer_risk")
                .execute()
                .await()
                .indefinitely()
                .forEach(row -> stored.put(row.getString("customer_id"), row));
        Map<String, Assessment> offline = new TreeMap<>();
        states.forEach((id, state) -> {
            Features features = Features.of(state, NOW);
            offline.put(
                    id,
                    inForce.assess(
                            scorer,
                            state,
                            features,
                            features.purchaseHistory() == null
                                    ? null
                                    : model.outlook(
                                            features.purchaseHistory(),
                                            features.meanRepeatPurchaseValue() == null
                                                    ? null
                                                    : features.meanRepeatPurchaseValue()
                                                            .doubleValue()),
                            CALIBRATION_END));
        });
        List<String> differing = offline.entrySet().stream()
                .filter(entry -> stored.get(entry.getKey()).getInteger("score")
                                != entry.getValue().score()
                        || !java.util.Objects.equals(
                                stored.get(entry.getKey()).getDouble("churn_probability"),
                                entry.getValue().churnProbability())
                        || !String.valueOf(entry.getValue().churn())
                                .equals(String.valueOf(
                                        stored.get(entry.getKey()).getString("churn_basis"))))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(differing)
                .as("customers whose score, churn probability or churn differs from the offline computation")
                .isEmpty();

        // exactly one churned signal per lapsed customer, with the whole history's value and last purchase
        List<CloudEvent> signals = signals();
        Map<String, List<CloudEvent>> churned = signals.stream()
                .filter(event -> event.type() == EventType.CUSTOMER_CHURNED)
                .collect(Collectors.groupingBy(CloudEvent::subject));
        List<String> lapsed = offline.entrySet().stream()
                .filter(entry -> entry.getValue().churn() != null)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(lapsed)
                .as("UCI's lapsed buyers (gap of 90 days and four times their cadence)")
                .hasSizeGreaterThan(100);
        assertThat(churned.keySet()).containsExactlyInAnyOrderElementsOf(lapsed);
        churned.forEach((id, events) -> {
            assertThat(events).as("churned signals of %s", id).hasSize(1);
            CustomerChurned data = events.get(0).dataAs(CustomerChurned.class);
            Features features = Features.of(states.get(id), NOW);
            assertThat(data.lifetimeValue())
                    .as("lifetime value of %s", id)
                    .isEqualByComparingTo(features.netRevenue().max(BigDecimal.ZERO));
            assertThat(data.lastPurchaseAt())
                    .isEqualTo(features.lastPurchaseDay()
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant());
        });
        Map<String, Long> atRisk = signals.stream()
                .filter(event -> event.type() == EventType.RISK_RAISED)
                .collect(Collectors.groupingBy(CloudEvent::subject, Collectors.counting()));
        assertThat(atRisk.values())
                .as("one at-risk signal at most per customer")
                .allMatch(n -> n == 1);
        assertThat(signals).extracting(CloudEvent::type).doesNotContain(EventType.RISK_CLEARED);
        // each at-risk signal carries the learned score, its probability and reasons whose points add up to it
        signals.stream().filter(event -> event.type() == EventType.RISK_RAISED).forEach(event -> {
            RiskRaised raised = event.dataAs(RiskRaised.class);
            Assessment expected = offline.get(event.subject());
            assertThat(raised.score()).isEqualTo(expected.score());
            assertThat(raised.churnProbability()).isEqualTo(expected.churnProbability());
            assertThat(raised.reasons().stream().mapToDouble(RiskReason::weight).sum())
                    .isCloseTo(raised.score(), org.assertj.core.data.Offset.offset(0.5));
        });
        assertThat(atRisk).as("customers at risk after UCI's history").isNotEmpty();

        // learning from the history (issue 19): snapshots from the events' times on the grid's days whose 13 weeks
        // have passed, each labelled, and the score judged on the latest such day
        LocalDate today = CALIBRATION_END;
        LocalDate earliest = states.values().stream()
                .filter(state -> !state.purchaseDays.isEmpty())
                .map(state -> state.purchaseDays.firstKey())
                .min(LocalDate::compareTo)
                .orElseThrow();
        List<LocalDate> grid = SnapshotGrid.cutOffs(today, earliest, 6);
        List<LocalDate> matured = grid.stream()
                .filter(day -> ChurnOutcome.matured(day, 13, today))
                .toList();
        assertThat(matured)
                .as("matured grid days")
                .hasSizeGreaterThanOrEqualTo(2)
                .hasSizeLessThan(grid.size());
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count("select count(*) from churn_validation") == 1
                        && count("select count(distinct cut_off) from churn_snapshot") == matured.size());
        for (LocalDate day : grid) {
            long buyersThen = states.values().stream()
                    .filter(state -> !state.asOf(day).purchaseDays.isEmpty())
                    .count();
            assertThat(count("select count(*) from churn_snapshot where cut_off = '" + day + "'"))
                    .as("snapshots of %s, a day %s", day, matured.contains(day) ? "matured" : "not matured yet")
                    .isEqualTo(matured.contains(day) ? buyersThen : 0);
        }
        assertThat(count("select count(*) from churn_snapshot where churned is null"))
                .as("snapshots without an outcome")
                .isZero();
        assertThat(io.restassured.RestAssured.given()
                        .get("/risk/model")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("validation.snapshotDays", String.class))
                .as("the grid's days, those not matured included")
                .containsExactlyElementsOf(
                        grid.stream().map(LocalDate::toString).toList());
        // each outcome as the events say: no purchase in the 13 weeks after the day
        LocalDate judgedDay = matured.get(matured.size() - 1);
        Map<String, Boolean> labels = new HashMap<>();
        pool.query("select customer_id, churned from churn_snapshot where cut_off = '" + judgedDay + "'")
                .execute()
                .await()
                .indefinitely()
                .forEach(row -> labels.put(row.getString("customer_id"), row.getBoolean("churned")));
        labels.forEach((id, label) -> assertThat(label)
                .as("outcome of %s after %s", id, judgedDay)
                .isEqualTo(states.get(id)
                        .purchaseDays
                        .subMap(judgedDay, false, judgedDay.plusWeeks(13), true)
                        .isEmpty()));
        io.restassured.path.json.JsonPath validation = io.restassured.RestAssured.given()
                .get("/risk/model")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(validation.getString("validation.validatedOn")).isEqualTo(judgedDay.toString());
        assertThat(validation.getList("validation.trainedOn", String.class))
                .containsExactlyElementsOf(matured.subList(0, matured.size() - 1).stream()
                        .map(LocalDate::toString)
                        .toList());
        assertThat(validation.getLong("validation.outcomes")).isEqualTo(labels.size());
        assertThat(validation.getDouble("validation.shipped.auc")).isBetween(0.6, 0.95);
        assertThat(validation.getDouble("validation.learned.auc")).isBetween(0.6, 0.95);
        assertThat(validation.getDouble("validation.learned.brier")).isBetween(0.0, 0.25);
        assertThat(validation.getList("validation.learned.calibration")).hasSize(10);
        assertThat(validation.getString("validation.inForce")).isEqualTo("learned");
        assertThat(validation.getDouble("validation.learned.auc"))
                .as("the model in force ranks better than the shipped weights")
                .isGreaterThan(validation.getDouble("validation.shipped.auc"));
        assertThat(validation.getMap("validation.weights")).containsOnlyKeys(ChurnFeatures.NAMES.toArray());
        System.out.printf(
                "[history import] score judged on %s (%d outcomes, trained on %s): shipped AUC %.4f Brier %.4f, "
                        + "learned AUC %.4f Brier %.4f%n",
                judgedDay,
                labels.size(),
                validation.getList("validation.trainedOn"),
                validation.getDouble("validation.shipped.auc"),
                validation.getDouble("validation.shipped.brier"),
                validation.getDouble("validation.learned.auc"),
                validation.getDouble("validation.learned.brier"));

        // the next round (a day's fit) takes the same snapshots: none is written again
        long lastWritten = count("select max(xmin::text::bigint) from churn_snapshot");
        long snapshotCount = count("select count(*) from churn_snapshot");
        TestClock.CLOCK.advance(Duration.ofSeconds(1));
        Instant refitted = TestClock.CLOCK.instant();
        io.restassured.RestAssured.given().post("/risk/model/fit").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        count("select count(*) from churn_validation where computed_at >= '" + refitted + "'") == 1);
        assertThat(count("select count(*) from churn_snapshot")).isEqualTo(snapshotCount);
        assertThat(count("select max(xmin::text::bigint) from churn_snapshot"))
                .as("the newest row version of a snapshot")
                .isEqualTo(lastWritten);

        // an erased customer's snapshots go with them
        String leaving = labels.keySet().iterator().next();
        topics.publish(
                Topics.CUSTOMERS,
                leaving,
                EventCodec.write(CloudEvent.create(
                        "/customer-service",
                        EventType.CUSTOMER_ERASED,
                        leaving,
                        NOW,
                        new io.retention.contract.events.CustomerErased(leaving))));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("select count(*) from churn_snapshot where customer_id = '" + leaving + "'") == 0);

        // the same import again: every event is a duplicate, and nothing changes
        double before = appliedAndDuplicates();
        assertThat(importUci()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> appliedAndDuplicates() >= before + history.size());
        TestClock.CLOCK.advance(Duration.ofSeconds(3));
        assertThat(count("select count(*) from customer_risk where settle_pending"))
                .isZero();
        assertThat(signals()).as("signals after the second import").hasSameSizeAs(signals);
    }

    /** {@code retention import} of UCI's order lines up to the calibration end, as the README shows it; its exit status. */
    private int importUci() {
        return new CommandLine(new ImportCommand())
                .execute(
                        "--bootstrap-servers",
                        bootstrapServers,
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
                        "--progress",
                        "lines",
                        "--until",
                        CALIBRATION_END.atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                        "--rejects",
                        Path.of("target", "uci-rejects.csv").toString());
    }

    private long count(String sql) {
        return TestQueries.count(pool, sql);
    }

    private static double appliedAndDuplicates() {
        return MetricsText.sum(
                io.restassured.RestAssured.given().get("/q/metrics").asString(),
                "retention_events_consumed_total{",
                "topic=\"retention.purchases\"");
    }

    private List<CloudEvent> signals() {
        List<CloudEvent> signals = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : topics.readAll(Topics.RISK_SIGNALS, Duration.ofSeconds(2))) {
            signals.add(EventCodec.read(Topics.RISK_SIGNALS, record.key(), Map.of(), record.value()));
        }
        return signals;
    }
}
