package io.retention.customer.store;

import io.retention.customer.lifecycle.Lifecycle;
import io.retention.customer.registry.LifecycleStage;
import io.retention.kit.rest.Page;
import io.retention.kit.store.Filter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry (table {@code customer}): each customer's profile, tier, and the facts their lifecycle stage is judged
 * from, with the stage and since when. Rows are locked in id order wherever several are: no deadlock between the
 * event projection, the stage clock and the tier recompute.
 */
@ApplicationScoped
public class Customers {
    private static final String PROFILE = "customer_id, name, email, phone, tier, lifecycle_stage, owner, time_zone, "
            + "referred_by, created_at, updated_at";
    /** Advisory lock key of the tier recompute ("tiers" in ASCII). */
    private static final long TIER_LOCK = 0x7469657273L;
    /** The columns the stage is judged from. */
    private static final String FACTS = "first_seen_at, first_active_at, risk_at, risk_raised, churned_at, returned_at";

    /** A customer's stage as stored, the facts it was judged from, and whether they were announced as registered. */
    public record Staged(
            String customerId, Lifecycle.Position position, Lifecycle.Facts facts, boolean registeredAnnounced) {}

    /** A customer's stage, its facts, and the time it is judged at: one row of {@link #writeStages}. */
    public record Judged(String customerId, Lifecycle.Facts facts, Lifecycle.Position position, Instant now) {}

    /** A customer's tier and net revenue since a day. */
    public record Revenue(String customerId, String tier, BigDecimal revenue) {}

    // ---- the profile

    /** Registers a customer; answers false when the id is taken. */
    public Uni<Boolean> register(SqlConnection connection, Customer customer, Instant firstSeen) {
        return connection
                .preparedQuery("insert into customer (customer_id, name, email, phone, owner, referred_by, time_zone, "
                        + "lifecycle_stage, created_at, updated_at, first_seen_at, stage_since, registered_announced) "
                        + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $10, true) "
                        + "on conflict (customer_id) do nothing returning customer_id")
                .execute(Tuple.from(Arrays.asList(
                        customer.customerId(),
                        customer.name(),
                        customer.email(),
                        customer.phone(),
                        customer.owner(),
                        customer.referredBy(),
                        customer.timeZone(),
                        customer.lifecycleStage(),
                        at(customer.createdAt()),
                        at(firstSeen))))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Optional<Customer>> find(SqlClient client, String customerId) {
        return one(client, customerId, "");
    }

    /** The customer, locked until the transaction ends. */
    public Uni<Optional<Customer>> lock(SqlConnection connection, String customerId) {
        return one(connection, customerId, " for update");
    }

    /** These customers, in id order (those not in the registry left out). */
    public Uni<List<Customer>> findAll(SqlClient client, Collection<String> customerIds) {
        return client.preparedQuery(
                        "select " + PROFILE + " from customer where customer_id = any($1) order by customer_id")
                .execute(Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new)))
                .map(rows -> {
                    List<Customer> found = new ArrayList<>(rows.size());
                    rows.forEach(row -> found.add(customer(row)));
                    return found;
                });
    }

    private Uni<Optional<Customer>> one(SqlClient client, String customerId, String lock) {
        return client.preparedQuery("select " + PROFILE + " from customer where customer_id = $1" + lock)
                .execute(Tuple.of(customerId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(customer(rows.iterator().next())));
    }

    /** Whether the customer is in the registry. */
    public Uni<Boolean> exists(SqlClient client, String customerId) {
        return client.preparedQuery("select exists (select 1 from customer where customer_id = $1) as known")
                .execute(Tuple.of(customerId))
                .map(rows -> rows.iterator().next().getBoolean("known"));
    }

    /** Writes the fields a profile patch changes. */
    public Uni<Void> updateProfile(SqlConnection connection, Customer customer) {
        return connection
                .preparedQuery("update customer set name = $2, email = $3, phone = $4, owner = $5, time_zone = $6, "
                        + "updated_at = $7 where customer_id = $1")
                .execute(Tuple.from(Arrays.asList(
                        customer.customerId(),
                        customer.name(),
                        customer.email(),
                        customer.phone(),
                        customer.owner(),
                        customer.timeZone(),
                        at(customer.updatedAt()))))
                .replaceWithVoid();
    }

    /** One page of the registry matching the filter (conditions on columns), by name. */
    public Uni<Page<Customer>> page(SqlClient client, Filter filter, int page, int size) {
        return filter.page(client, "customer", PROFILE, "name, customer_id", page, size, Customers::customer);
    }

    /** Deletes the customer's row (an erasure). */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from customer where customer_id = $1")
                .execute(Tuple.of(customerId))
                .replaceWithVoid();
    }

    // ---- what the events tell

    /** Locks these customers' rows, those that exist. */
    public Uni<Void> lockAll(SqlConnection connection, Collection<String> customerIds) {
        return connection
                .preparedQuery("select 1 from customer where customer_id = any($1) order by customer_id for update")
                .execute(Tuple.of(customerIds.stream().sorted().toArray(String[]::new)))
                .replaceWithVoid();
    }

    /**
     * Creates the customers not known yet, each first seen at the time given, NEW, not yet announced; answers those
     * created.
     */
    public Uni<Set<String>> createSeen(
            SqlConnection connection, String[] customerIds, OffsetDateTime[] firstSeen, String timeZone, Instant now) {
        return connection
                .preparedQuery("insert into customer (customer_id, lifecycle_stage, time_zone, created_at, updated_at, "
                        + "first_seen_at, stage_since, registered_announced) select id, 'NEW', $3, $2, $2, seen, seen, false "
                        + "from unnest($1::varchar[], $4::timestamptz[]) as u(id, seen) order by id "
                        + "on conflict do nothing returning customer_id")
                .execute(Tuple.of(customerIds, at(now), timeZone, firstSeen))
                .map(rows -> {
                    Set<String> created = new HashSet<>();
                    rows.forEach(row -> created.add(row.getString("customer_id")));
                    return created;
                });
    }

    /** These customers' stages and facts, locked, in id order. */
    public Uni<List<Staged>> lockStages(SqlConnection connection, String[] customerIds) {
        return connection
                .preparedQuery("select customer_id, lifecycle_stage, stage_since, registered_announced, " + FACTS
                        + " from customer where customer_id = any($1) order by customer_id for update")
                .execute(Tuple.tuple().addArrayOfString(customerIds))
                .map(Customers::staged);
    }

    /**
     * Up to {@code limit} customers whose onboarding began by {@code onboardingFrom} or whose won-back period began by
     * {@code wonBackFrom}, locked (rows another instance holds are skipped).
     */
    public Uni<List<Staged>> lockEndedPeriods(
            SqlConnection connection, Instant onboardingFrom, Instant wonBackFrom, int limit) {
        return connection
                .preparedQuery("select customer_id, lifecycle_stage, stage_since, registered_announced, " + FACTS
                        + " from customer where (lifecycle_stage = 'ONBOARDING' and first_seen_at <= $1) "
                        + "or (lifecycle_stage = 'WON_BACK' and stage_since <= $2) "
                        + "order by customer_id limit $3 for update skip locked")
                .execute(Tuple.of(at(onboardingFrom), at(wonBackFrom), limit))
                .map(Customers::staged);
    }

    /** Writes the facts, the stage and since when. */
    public Uni<Void> writeStages(SqlConnection connection, List<Judged> judged) {
        if (judged.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (Judged j : judged) {
            Lifecycle.Facts f = j.facts();
            rows.add(Tuple.from(Arrays.asList(
                    j.customerId(),
                    j.position().stage().name(),
                    at(j.position().since()),
                    at(f.firstSeen()),
                    at(f.firstActive()),
                    at(f.riskAt()),
                    f.riskRaised(),
                    at(f.churnedAt()),
                    at(f.returnedAt()),
                    at(j.now()))));
        }
        return connection
                .preparedQuery("update customer set lifecycle_stage = $2, stage_since = $3, first_seen_at = $4, "
                        + "first_active_at = $5, risk_at = $6, risk_raised = $7, churned_at = $8, returned_at = $9, "
                        + "updated_at = $10 where customer_id = $1")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /**
     * Each customer's first purchase, use or win-back after the given churn time, among the events already written
     * (purchases and win-backs on the timeline, uses in their day); customers with none are left out. A day used both
     * before and after the churn counts as a return at its last use.
     */
    public Uni<Map<String, Instant>> returnsAfter(SqlConnection connection, Map<String, Instant> churnedAt) {
        if (churnedAt.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] ids = churnedAt.keySet().toArray(String[]::new);
        OffsetDateTime[] times = churnedAt.values().stream().map(Customers::at).toArray(OffsetDateTime[]::new);
        return connection
                .preparedQuery("select c.id as customer_id, least("
                        + "(select min(t.occurred_at) from timeline_entry t where t.customer_id = c.id and t.occurred_at > c.churned "
                        + "and t.type in ('retention.purchase.completed', 'retention.customer.won-back')), "
                        + "(select min(case when u.first_at > c.churned then u.first_at else u.last_at end) from usage_day u "
                        + "where u.customer_id = c.id and u.last_at > c.churned)) as returned_at "
                        + "from unnest($1::varchar[], $2::timestamptz[]) as c(id, churned)")
                .execute(Tuple.of(ids, times))
                .map(rows -> {
                    Map<String, Instant> returns = new HashMap<>();
                    for (Row row : rows) {
                        Instant returned = instant(row, "returned_at");
                        if (returned != null) {
                            returns.put(row.getString("customer_id"), returned);
                        }
                    }
                    return returns;
                });
    }

    /** These customers have been announced as registered. */
    public Uni<Void> registeredAnnounced(SqlConnection connection, Collection<String> customerIds) {
        return customerIds.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery("update customer set registered_announced = true where customer_id = any($1)")
                        .execute(Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new)))
                        .replaceWithVoid();
    }

    // ---- tiers

    /** Whether this transaction may recompute tiers: one instance at a time, the others skip. */
    public Uni<Boolean> tryLockTierRecompute(SqlConnection connection) {
        return connection
                .preparedQuery("select pg_try_advisory_xact_lock($1) as locked")
                .execute(Tuple.of(TIER_LOCK))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    /** Every customer's tier and net revenue since the day (zero without any). */
    public Uni<List<Revenue>> revenuesSince(SqlConnection connection, LocalDate from) {
        return connection
                .preparedQuery("select c.customer_id, c.tier, coalesce(sum(r.amount), 0) as revenue from customer c "
                        + "left join revenue_day r on r.customer_id = c.customer_id and r.day >= $1 "
                        + "group by c.customer_id, c.tier")
                .execute(Tuple.of(from))
                .map(rows -> {
                    List<Revenue> revenues = new ArrayList<>();
                    for (Row row : rows) {
                        revenues.add(new Revenue(
                                row.getString("customer_id"), row.getString("tier"), row.getBigDecimal("revenue")));
                    }
                    return revenues;
                });
    }

    /** Sets these customers' tiers (rows locked in id order first). */
    public Uni<Void> setTiers(SqlConnection connection, List<String> customerIds, List<String> tiers, Instant now) {
        String[] ids = customerIds.toArray(String[]::new);
        return lockAll(connection, customerIds)
                .chain(() -> connection
                        .preparedQuery("update customer c set tier = u.tier, updated_at = $3 "
                                + "from unnest($1::varchar[], $2::varchar[]) as u(id, tier) where c.customer_id = u.id")
                        .execute(Tuple.tuple()
                                .addArrayOfString(ids)
                                .addArrayOfString(tiers.toArray(String[]::new))
                                .addOffsetDateTime(at(now))))
                .replaceWithVoid();
    }

    // ---- the portfolio

    /** How many customers are in each stage and in each tier ("none" for no tier). */
    public Uni<Map<String, Map<String, Long>>> countsByStageAndTier(SqlClient client) {
        return client.query(
                        "select 'stage' as dimension, lifecycle_stage as value, count(*) as customers from customer "
                                + "group by lifecycle_stage "
                                + "union all select 'tier', coalesce(tier, 'none'), count(*) from customer group by tier")
                .execute()
                .map(rows -> {
                    Map<String, Map<String, Long>> counts = new HashMap<>();
                    for (Row row : rows) {
                        counts.computeIfAbsent(row.getString("dimension"), dimension -> new HashMap<>())
                                .put(row.getString("value"), row.getLong("customers"));
                    }
                    return counts;
                });
    }

    private static Customer customer(Row row) {
        return new Customer(
                row.getString("customer_id"),
                row.getString("name"),
                row.getString("email"),
                row.getString("phone"),
                row.getString("tier"),
                row.getString("lifecycle_stage"),
                row.getString("owner"),
                row.getString("time_zone"),
                row.getString("referred_by"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static List<Staged> staged(Iterable<Row> rows) {
        List<Staged> staged = new ArrayList<>();
        for (Row row : rows) {
            staged.add(new Staged(
                    row.getString("customer_id"),
                    new Lifecycle.Position(
                            LifecycleStage.valueOf(row.getString("lifecycle_stage")), instant(row, "stage_since")),
                    new Lifecycle.Facts(
                            instant(row, "first_seen_at"),
                            instant(row, "first_active_at"),
                            instant(row, "risk_at"),
                            row.getBoolean("risk_raised"),
                            instant(row, "churned_at"),
                            instant(row, "returned_at")),
                    row.getBoolean("registered_announced")));
        }
        return staged;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
