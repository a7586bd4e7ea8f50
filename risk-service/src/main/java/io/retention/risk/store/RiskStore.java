package io.retention.risk.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.retention.contract.Json;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason;
import io.retention.kit.store.CustomerOwners;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.model.ModelFitter.RepeatSpend;
import io.retention.risk.model.PurchaseHistory;
import io.retention.risk.scoring.Reason;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The customer rows of risk-service, read and written in batches with the reactive PostgreSQL client: a batch of events
 * costs a handful of statements whatever its size.
 */
@ApplicationScoped
public class RiskStore {
    private static final String STATE = "state, legacy_state_json::text as legacy_state_json";
    private static final String COLUMNS =
            "customer_id, " + STATE + ", score, level, reasons::text as reasons, p_alive, churn_probability, "
                    + "expected_purchases, expected_value, churn_basis, assessed_at, next_check_at";
    /** What a re-assessment reads: no more, since this is read for every customer of every batch. */
    private static final String HELD_COLUMNS = "customer_id, " + STATE + ", level, churn_basis, next_check_at";

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {};

    /**
     * The rows locked, by id, and the ids of those the lock created: customers new to the service, or whose row an
     * erasure deleted while the lock waited for it.
     */
    public record Locked(Map<String, HeldRisk> rows, Set<String> created) {}

    /**
     * Locks the rows of these customers for the transaction and returns them by id. Rows are locked in id order, and
     * the missing ones are created in id order before they are locked, so that two transactions never wait on each
     * other crosswise; creating only what is missing spares the index a probe per known customer.
     */
    public Uni<Locked> lock(SqlConnection connection, Collection<String> customerIds, Instant now) {
        String[] ids = customerIds.stream().sorted().toArray(String[]::new);
        return lockExisting(connection, ids).chain(held -> {
            if (held.size() == ids.length) {
                return Uni.createFrom().item(new Locked(held, Set.of()));
            }
            String[] missing =
                    Arrays.stream(ids).filter(id -> !held.containsKey(id)).toArray(String[]::new);
            return connection
                    .preparedQuery("insert into customer_risk (customer_id, assessed_at) "
                            + "select id, $2 from unnest($1::varchar[]) as id order by id on conflict do nothing "
                            + "returning customer_id")
                    .execute(Tuple.tuple().addArrayOfString(missing).addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
                    .chain(inserted -> {
                        Set<String> created = new HashSet<>();
                        inserted.forEach(row -> created.add(row.getString("customer_id")));
                        return lockExisting(connection, missing).map(rows -> {
                            held.putAll(rows);
                            return new Locked(held, created);
                        });
                    });
        });
    }

    private Uni<Map<String, HeldRisk>> lockExisting(SqlConnection connection, String[] sortedIds) {
        return connection
                .preparedQuery("select " + HELD_COLUMNS + " from customer_risk "
                        + "where customer_id = any($1) order by customer_id for update")
                .execute(Tuple.tuple().addArrayOfString(sortedIds))
                .map(RiskStore::heldById);
    }

    /**
     * Locks up to {@code limit} customers whose re-assessment is due, skipping those another instance holds; a customer
     * whose history has not settled is due only if their due time is at or before {@code unsettledUntil}.
     */
    public Uni<Map<String, HeldRisk>> lockDue(
            SqlConnection connection, Instant now, Instant unsettledUntil, int limit) {
        return connection
                .preparedQuery(
                        "select " + HELD_COLUMNS + " from customer_risk where next_check_at <= $1 "
                                + "and (not settle_pending or next_check_at <= $3) order by next_check_at limit $2 for update skip locked")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), limit, unsettledUntil.atOffset(ZoneOffset.UTC)))
                .map(RiskStore::heldById);
    }

    /** Whether any customer whose history has not settled is due at {@code now}. */
    public Uni<Boolean> anyUnsettledDue(SqlClient client, Instant now) {
        return client.preparedQuery(
                        "select exists (select 1 from customer_risk where settle_pending and next_check_at <= $1) as due")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getBoolean("due"));
    }

    /**
     * Writes the customers' states as their history left them without judging them: score, level, reasons and signals
     * stay as they were; they are marked unsettled and due at {@code settleAt}. The purchase summary is written, since
     * the model fit that precedes their judgement reads it.
     */
    public Uni<Void> saveUnjudged(SqlConnection connection, List<HeldRisk> risks, Instant now, Instant settleAt) {
        int n = risks.size();
        String[] ids = new String[n];
        Buffer[] states = new Buffer[n];
        Integer[] purchaseDays = new Integer[n];
        LocalDate[] firstPurchase = new LocalDate[n];
        LocalDate[] lastPurchase = new LocalDate[n];
        BigDecimal[] meanRepeatValue = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            HeldRisk risk = risks.get(i);
            Features features = Features.of(risk.state(), now);
            ids[i] = risk.customerId();
            states[i] = StateCodec.write(risk.state());
            purchaseDays[i] = features.purchaseDays();
            firstPurchase[i] = features.firstPurchaseDay();
            lastPurchase[i] = features.lastPurchaseDay();
            meanRepeatValue[i] = features.meanRepeatPurchaseValue();
        }
        Tuple arrays = Tuple.tuple()
                .addArrayOfString(ids)
                .addValue(states)
                .addArrayOfInteger(purchaseDays)
                .addArrayOfLocalDate(firstPurchase)
                .addArrayOfLocalDate(lastPurchase)
                .addArrayOfBigDecimal(meanRepeatValue)
                .addOffsetDateTime(settleAt.atOffset(ZoneOffset.UTC));
        return connection
                .preparedQuery("update customer_risk c set state = u.state, legacy_state_json = null, "
                        + "purchase_days = u.purchase_days, first_purchase_day = u.first_purchase_day, "
                        + "last_purchase_day = u.last_purchase_day, mean_repeat_value = u.mean_repeat_value, "
                        + "settle_pending = true, next_check_at = $7 "
                        + "from unnest($1::varchar[], $2::bytea[], $3::int[], $4::date[], $5::date[], $6::numeric[]) "
                        + "as u(customer_id, state, purchase_days, first_purchase_day, last_purchase_day, mean_repeat_value) "
                        + "where c.customer_id = u.customer_id")
                .execute(arrays)
                .replaceWithVoid();
    }

    /**
     * Writes the customers back with their new assessment and the purchase summary the model fit reads: one statement
     * over arrays, so that a batch costs PostgreSQL one plan and one execution rather than one per customer.
     */
    public Uni<Void> save(SqlConnection connection, List<Reassessed> reassessed) {
        int n = reassessed.size();
        if (n == 0) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = new String[n];
        Buffer[] states = new Buffer[n];
        Integer[] scores = new Integer[n];
        String[] levels = new String[n];
        String[] reasons = new String[n];
        Double[] pAlive = new Double[n];
        Double[] churnProbability = new Double[n];
        Double[] expectedPurchases = new Double[n];
        Double[] expectedValues = new Double[n];
        String[] churn = new String[n];
        Integer[] purchaseDays = new Integer[n];
        LocalDate[] firstPurchase = new LocalDate[n];
        LocalDate[] lastPurchase = new LocalDate[n];
        BigDecimal[] meanRepeatValue = new BigDecimal[n];
        OffsetDateTime[] assessedAt = new OffsetDateTime[n];
        OffsetDateTime[] nextCheckAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            StoredRisk risk = reassessed.get(i).risk();
            Features features = reassessed.get(i).features();
            ids[i] = risk.customerId();
            states[i] = StateCodec.write(risk.state());
            scores[i] = risk.score();
            levels[i] = risk.level().name();
            reasons[i] = json(risk.reasons());
            pAlive[i] = risk.pAlive();
            churnProbability[i] = risk.churnProbability();
            expectedPurchases[i] = risk.expectedPurchases();
            expectedValues[i] = risk.expectedValue();
            churn[i] = risk.churn() == null ? null : risk.churn().name();
            purchaseDays[i] = features.purchaseDays();
            firstPurchase[i] = features.firstPurchaseDay();
            lastPurchase[i] = features.lastPurchaseDay();
            meanRepeatValue[i] = features.meanRepeatPurchaseValue();
            assessedAt[i] = risk.assessedAt().atOffset(ZoneOffset.UTC);
            nextCheckAt[i] =
                    risk.nextCheckAt() == null ? null : risk.nextCheckAt().atOffset(ZoneOffset.UTC);
        }
        Tuple arrays = Tuple.tuple()
                .addArrayOfString(ids)
                .addValue(states)
                .addArrayOfInteger(scores)
                .addArrayOfString(levels)
                .addArrayOfString(reasons)
                .addArrayOfDouble(pAlive)
                .addArrayOfDouble(expectedPurchases)
                .addArrayOfDouble(expectedValues)
                .addArrayOfString(churn)
                .addArrayOfInteger(purchaseDays)
                .addArrayOfLocalDate(firstPurchase)
                .addArrayOfLocalDate(lastPurchase)
                .addArrayOfBigDecimal(meanRepeatValue)
                .addArrayOfOffsetDateTime(assessedAt)
                .addArrayOfOffsetDateTime(nextCheckAt)
                .addArrayOfDouble(churnProbability);
        // the rows as they were and the update read one snapshot: a change of score, level or churn is kept in
        // risk_change as it is stored
        return connection
                .preparedQuery("with u as (select * from unnest($1::varchar[], $2::bytea[], $3::int[], $4::varchar[], "
                        + "$5::text[], $6::float8[], $7::float8[], $8::float8[], $9::varchar[], $10::int[], $11::date[], "
                        + "$12::date[], $13::numeric[], $14::timestamptz[], $15::timestamptz[], $16::float8[]) as u(customer_id, state, "
                        + "score, level, reasons, p_alive, expected_purchases, expected_value, churn_basis, purchase_days, "
                        + "first_purchase_day, last_purchase_day, mean_repeat_value, assessed_at, next_check_at, churn_probability)), "
                        + "was as (select c.customer_id, c.score, c.level, c.churn_basis from customer_risk c "
                        + "join u on u.customer_id = c.customer_id), "
                        + "saved as (update customer_risk c set state = u.state, legacy_state_json = null, "
                        + "score = u.score, level = u.level, reasons = u.reasons::jsonb, p_alive = u.p_alive, "
                        + "churn_probability = u.churn_probability, "
                        + "expected_purchases = u.expected_purchases, expected_value = u.expected_value, "
                        + "churn_basis = u.churn_basis, purchase_days = u.purchase_days, "
                        + "first_purchase_day = u.first_purchase_day, last_purchase_day = u.last_purchase_day, "
                        + "mean_repeat_value = u.mean_repeat_value, assessed_at = u.assessed_at, "
                        + "next_check_at = u.next_check_at, settle_pending = false from u "
                        + "where c.customer_id = u.customer_id) "
                        + "insert into risk_change (customer_id, changed_at, score, level, churn_basis, reasons) "
                        + "select u.customer_id, u.assessed_at, u.score, u.level, u.churn_basis, u.reasons::jsonb "
                        + "from u join was on was.customer_id = u.customer_id "
                        + "where was.score <> u.score or was.level <> u.level "
                        + "or was.churn_basis is distinct from u.churn_basis")
                .execute(arrays)
                .replaceWithVoid();
    }

    /** Forgets what is held on these customers, their history of changes too. */
    public Uni<Void> delete(SqlConnection connection, Collection<String> customerIds) {
        Tuple ids = Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new));
        return connection
                .preparedQuery("delete from customer_risk where customer_id = any($1)")
                .execute(ids)
                .chain(() -> connection
                        .preparedQuery("delete from risk_change where customer_id = any($1)")
                        .execute(ids))
                .replaceWithVoid();
    }

    /** A change of a customer's score, level or churn, as stored at {@code at}, with the reasons then. */
    public record Change(Instant at, int score, RiskLevel level, CustomerChurned.Basis churn, List<Reason> reasons) {}

    /** One page of the customer's changes, the latest stored first, with the total. */
    public Uni<Map.Entry<List<Change>, Long>> changes(SqlClient client, String customerId, int page, int size) {
        return client.preparedQuery("select count(*) as total from risk_change where customer_id = $1")
                .execute(Tuple.of(customerId))
                .chain(total -> client.preparedQuery(
                                "select changed_at, score, level, churn_basis, reasons::text as reasons "
                                        + "from risk_change where customer_id = $1 order by id desc "
                                        + "limit $2 offset $3")
                        .execute(Tuple.of(customerId, size, (long) page * size))
                        .map(rows -> {
                            List<Change> changes = new ArrayList<>(rows.size());
                            for (Row row : rows) {
                                String churn = row.getString("churn_basis");
                                try {
                                    changes.add(new Change(
                                            row.getOffsetDateTime("changed_at").toInstant(),
                                            row.getInteger("score"),
                                            RiskLevel.valueOf(row.getString("level")),
                                            churn == null ? null : CustomerChurned.Basis.valueOf(churn),
                                            Json.MAPPER.readValue(row.getString("reasons"), REASONS)));
                                } catch (JsonProcessingException e) {
                                    throw new UncheckedIOException("unreadable risk change of " + customerId, e);
                                }
                            }
                            return Map.entry(changes, total.iterator().next().getLong("total"));
                        }));
    }

    public Uni<StoredRisk> find(SqlClient client, String customerId) {
        return client.preparedQuery("select " + COLUMNS + " from customer_risk where customer_id = $1")
                .execute(Tuple.of(customerId))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    /**
     * Which customers a list holds: those at any of {@code levels} or churned if {@code churned} (neither: every
     * customer); a null field does not filter.
     */
    public record Filter(
            Set<RiskLevel> levels,
            boolean churned,
            String scope,
            String owner,
            String tier,
            RiskReason.ReasonCode reason) {}

    /**
     * A page of customers, highest score first, as the filter says (a churned customer is at none of the at-risk
     * levels, only churned); with the total. {@code scope} is the caller's own scope (an account manager's customers),
     * {@code owner} the owner asked for: both apply.
     */
    public Uni<Map.Entry<List<StoredRisk>, Long>> page(SqlClient client, Filter filter, int page, int size) {
        List<String> conditions = new ArrayList<>();
        List<Object> filters = new ArrayList<>();
        List<String> standings = new ArrayList<>();
        if (!filter.levels().isEmpty()) {
            filters.add(filter.levels().stream().map(Enum::name).toArray(String[]::new));
            standings.add("(level = any($" + filters.size() + ") and churn_basis is null)");
        }
        if (filter.churned()) {
            standings.add("churn_basis is not null");
        }
        if (!standings.isEmpty()) {
            conditions.add("(" + String.join(" or ", standings) + ")");
        }
        for (String owner : new String[] {filter.scope(), filter.owner()}) {
            if (owner != null) {
                filters.add(owner);
                conditions.add(CustomerOwners.OWNED_BY.formatted("$" + filters.size()));
            }
        }
        if (filter.tier() != null) {
            filters.add(filter.tier());
            conditions.add(CustomerOwners.IN_TIER.formatted("$" + filters.size()));
        }
        if (filter.reason() != null) {
            filters.add(filter.reason().name());
            conditions.add("reasons @> jsonb_build_array(jsonb_build_object('code', $" + filters.size() + "::text))");
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        List<Object> pageParameters = new ArrayList<>(filters);
        pageParameters.add(size);
        pageParameters.add((long) page * size);
        return client.preparedQuery("select " + COLUMNS + " from customer_risk" + where
                        + " order by score desc, customer_id limit $" + (filters.size() + 1) + " offset $"
                        + (filters.size() + 2))
                .execute(Tuple.from(pageParameters))
                .chain(rows -> client.preparedQuery("select count(*) as total from customer_risk" + where)
                        .execute(Tuple.from(filters))
                        .map(count ->
                                Map.entry(list(rows), count.iterator().next().getLong("total"))));
    }

    /** How many customers stood at each at-risk level, and churned, at the end of a day (UTC). */
    public record LevelCount(LocalDate day, long high, long medium, long churned) {}

    /**
     * The counts at the end of each of the days from {@code first} to {@code last}, from the history of changes: a
     * customer counts at the level of their latest change stored before the day ended. Only {@code scope}'s customers
     * when not null. Erased customers' history is gone, so they count on no day.
     */
    public Uni<List<LevelCount>> levelCounts(SqlClient client, LocalDate first, LocalDate last, String scope) {
        String owned = scope == null ? "" : " where " + CustomerOwners.OWNED_BY.formatted("$3");
        List<Object> parameters = new ArrayList<>(List.of(first, last));
        if (scope != null) {
            parameters.add(scope);
        }
        return client.preparedQuery(
                        "with day as (select d::date as day, (d + interval '1 day') at time zone 'UTC' as ends "
                                + "from generate_series($1::date::timestamp, $2::date::timestamp, interval '1 day') d), "
                                + "span as (select changed_at, lead(changed_at) over (partition by customer_id order by id) "
                                + "as until, case when churn_basis is not null then 'CHURNED' else level end as standing "
                                + "from risk_change" + owned + ") "
                                + "select day.day, count(*) filter (where standing = 'HIGH') as high, "
                                + "count(*) filter (where standing = 'MEDIUM') as medium, "
                                + "count(*) filter (where standing = 'CHURNED') as churned "
                                + "from day left join span on span.changed_at < day.ends "
                                + "and (span.until is null or span.until >= day.ends) group by day.day order by day.day")
                .execute(Tuple.from(parameters))
                .map(rows -> {
                    List<LevelCount> counts = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        counts.add(new LevelCount(
                                row.getLocalDate("day"),
                                row.getLong("high"),
                                row.getLong("medium"),
                                row.getLong("churned")));
                    }
                    return counts;
                });
    }

    /**
     * The buyers among the next {@code limit} customers after {@code afterId} ("" from the first), in id order, with their
     * states decoded off the event loop. A page is the next ids of the primary key, the buyers filtered after: asked for
     * the next buyers, the planner without statistics (a fresh database) read and sorted every remaining row per page.
     */
    public Uni<BuyerPage> buyerStates(SqlClient client, String afterId, int limit) {
        return client.preparedQuery("with page as (select customer_id, purchase_days, " + STATE + " from customer_risk "
                        + "where customer_id > $1 order by customer_id limit $2) "
                        + "select customer_id, state, legacy_state_json, purchase_days > 0 as buyer from page "
                        + "order by customer_id")
                .execute(Tuple.of(afterId, limit))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    Map<String, CustomerState> buyers = new LinkedHashMap<>();
                    String lastId = afterId;
                    for (Row row : rows) {
                        lastId = row.getString("customer_id");
                        if (row.getBoolean("buyer")) {
                            buyers.put(lastId, state(row));
                        }
                    }
                    return new BuyerPage(buyers, lastId, rows.size() == limit);
                });
    }

    /** Buyers' states by id in id order, the last id looked at, and whether customers may follow it. */
    public record BuyerPage(Map<String, CustomerState> states, String lastId, boolean more) {}

    /** These customers' states (those risk-service knows). */
    public Uni<Map<String, CustomerState>> states(SqlClient client, Collection<String> customerIds) {
        return client.preparedQuery("select customer_id, " + STATE + " from customer_risk where customer_id = any($1) "
                        + "order by customer_id")
                .execute(Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new)))
                .map(RiskStore::statesById);
    }

    /** The earliest purchase day of any customer, or null before any purchase. */
    public Uni<LocalDate> earliestPurchaseDay(SqlClient client) {
        return client.query("select min(first_purchase_day) as earliest from customer_risk")
                .execute()
                .map(rows -> rows.iterator().next().getLocalDate("earliest"));
    }

    private static Map<String, CustomerState> statesById(RowSet<Row> rows) {
        Map<String, CustomerState> states = new LinkedHashMap<>();
        for (Row row : rows) {
            states.put(row.getString("customer_id"), state(row));
        }
        return states;
    }

    /** Every buyer's purchase history at {@code now}, grouped: the input of the BG/NBD fit. */
    public Uni<Map<PurchaseHistory, Long>> purchaseHistories(SqlClient client, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return client.preparedQuery(
                        "select purchase_days - 1 as repeats, last_purchase_day - first_purchase_day as span_days, "
                                + "greatest($1::date, last_purchase_day) - first_purchase_day as age_days, count(*) as customers from "
                                + "customer_risk "
                                + "where purchase_days > 0 group by 1, 2, 3")
                .execute(Tuple.of(today))
                .map(rows -> {
                    Map<PurchaseHistory, Long> histories = new HashMap<>();
                    for (Row row : rows) {
                        histories.put(
                                new PurchaseHistory(
                                        row.getInteger("repeats"),
                                        row.getInteger("span_days") / 7.0,
                                        row.getInteger("age_days") / 7.0),
                                row.getLong("customers"));
                    }
                    return histories;
                });
    }

    /** Every repeat buyer's spend, grouped: the input of the Gamma-Gamma fit. */
    public Uni<Map<RepeatSpend, Long>> repeatSpend(SqlClient client) {
        return client.query(
                        "select purchase_days - 1 as repeats, mean_repeat_value, count(*) as customers from customer_risk "
                                + "where purchase_days > 1 and mean_repeat_value > 0 group by 1, 2")
                .execute()
                .map(rows -> {
                    Map<RepeatSpend, Long> spend = new HashMap<>();
                    for (Row row : rows) {
                        spend.put(
                                new RepeatSpend(
                                        row.getInteger("repeats"),
                                        row.getBigDecimal("mean_repeat_value").doubleValue()),
                                row.getLong("customers"));
                    }
                    return spend;
                });
    }

    /**
     * Locks the next {@code limit} customers after {@code afterId} in id order (the order every transaction that waits
     * for rows locks them in, so that none waits crosswise) for a sweep's step; answers the buyers among them that a new
     * model judges anew (not churned, their history settled), how many were passed and the last id.
     */
    public Uni<SweptPage> lockPage(SqlConnection connection, String afterId, int limit) {
        return connection
                .preparedQuery("select " + HELD_COLUMNS + ", purchase_days > 0 and churn_basis is null "
                        + "and not settle_pending as judged_anew from customer_risk where customer_id > $1 "
                        + "order by customer_id limit $2 for update")
                .execute(Tuple.of(afterId, limit))
                .map(rows -> {
                    List<HeldRisk> judgedAnew = new ArrayList<>();
                    String lastId = afterId;
                    for (Row row : rows) {
                        lastId = row.getString("customer_id");
                        if (row.getBoolean("judged_anew")) {
                            judgedAnew.add(heldRisk(row));
                        }
                    }
                    return new SweptPage(judgedAnew, rows.size(), lastId);
                });
    }

    /** A step of a sweep: the buyers to judge anew, how many customers were passed, and the last id passed. */
    public record SweptPage(List<HeldRisk> judgedAnew, int passed, String lastId) {}

    private static Map<String, HeldRisk> heldById(RowSet<Row> rows) {
        Map<String, HeldRisk> risks = new HashMap<>();
        for (Row row : rows) {
            HeldRisk risk = heldRisk(row);
            risks.put(risk.customerId(), risk);
        }
        return risks;
    }

    private static HeldRisk heldRisk(Row row) {
        String churn = row.getString("churn_basis");
        OffsetDateTime nextCheck = row.getOffsetDateTime("next_check_at");
        return new HeldRisk(
                row.getString("customer_id"),
                state(row),
                RiskLevel.valueOf(row.getString("level")),
                churn == null ? null : CustomerChurned.Basis.valueOf(churn),
                nextCheck == null ? null : nextCheck.toInstant());
    }

    private static List<StoredRisk> list(RowSet<Row> rows) {
        List<StoredRisk> risks = new ArrayList<>();
        rows.forEach(row -> risks.add(read(row)));
        return risks;
    }

    private static StoredRisk read(Row row) {
        try {
            String churn = row.getString("churn_basis");
            Instant nextCheck = row.getOffsetDateTime("next_check_at") == null
                    ? null
                    : row.getOffsetDateTime("next_check_at").toInstant();
            return new StoredRisk(
                    row.getString("customer_id"),
                    state(row),
                    row.getInteger("score"),
                    RiskLevel.valueOf(row.getString("level")),
                    Json.MAPPER.readValue(row.getString("reasons"), REASONS),
                    row.getDouble("p_alive"),
                    row.getDouble("churn_probability"),
                    row.getDouble("expected_purchases"),
                    row.getDouble("expected_value"),
                    churn == null ? null : CustomerChurned.Basis.valueOf(churn),
                    row.getOffsetDateTime("assessed_at").toInstant(),
                    nextCheck);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable risk row of " + row.getString("customer_id"), e);
        }
    }

    /** The stored state; a row written before the binary form has JSON, a row just created neither. */
    private static CustomerState state(Row row) {
        var stored = row.getBuffer("state");
        if (stored != null) {
            return StateCodec.read(stored.getBytes());
        }
        String legacy = row.getString("legacy_state_json");
        try {
            return legacy == null ? new CustomerState() : Json.MAPPER.readValue(legacy, CustomerState.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable state of " + row.getString("customer_id"), e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
