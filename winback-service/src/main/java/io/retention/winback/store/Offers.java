package io.retention.winback.store;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import io.retention.kit.rest.Page;
import io.retention.kit.store.Filter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The offers issued (table {@code offer}). */
@ApplicationScoped
public class Offers {
    private static final String COLUMNS = "code, customer_id, kind, discount_percent, arm, churn_reason, status, "
            + "issued_at, valid_until, redeemed_at, order_id, template_id";

    /** Redeemed and expired-unredeemed offers of one churn reason and arm. */
    public record ArmResult(String churnReason, String arm, long redeemed, long expired) {}

    /** One page of the offers matching the filter (columns by name), newest first. */
    public Uni<Page<Offer>> page(SqlClient client, Filter filter, int page, int size) {
        return filter.page(client, "offer", COLUMNS, "issued_at desc, code", page, size, Offers::offer);
    }

    public Uni<Optional<Offer>> find(SqlClient client, String code) {
        return client.preparedQuery("select " + COLUMNS + " from offer where code = $1")
                .execute(Tuple.of(code))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(offer(rows.iterator().next())));
    }

    /** The offer, locked until the transaction ends (a redemption decides on it). */
    public Uni<Optional<Offer>> lock(SqlConnection connection, String code) {
        return connection
                .preparedQuery("select " + COLUMNS + " from offer where code = $1 for update")
                .execute(Tuple.of(code))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(offer(rows.iterator().next())));
    }

    public Uni<Void> redeemed(SqlConnection connection, String code, Instant at, String orderId) {
        return connection
                .preparedQuery("update offer set status = 'REDEEMED', redeemed_at = $2, order_id = $3 where code = $1")
                .execute(Tuple.of(code, utc(at), orderId))
                .replaceWithVoid();
    }

    /** How many offers were issued since the moment. */
    public Uni<Long> issuedSince(SqlConnection connection, Instant since) {
        return connection
                .preparedQuery("select count(*) as issued from offer where issued_at >= $1")
                .execute(Tuple.of(utc(since)))
                .map(rows -> rows.iterator().next().getLong("issued"));
    }

    /** What each reason's arms achieved so far: what Thompson sampling learns from. */
    public Uni<Map<String, ArmResult>> armResults(SqlConnection connection) {
        return connection
                .query("select churn_reason, arm, count(*) filter (where status = 'REDEEMED') as redeemed, "
                        + "count(*) filter (where status = 'EXPIRED') as expired from offer group by churn_reason, arm")
                .execute()
                .map(rows -> {
                    Map<String, ArmResult> results = new HashMap<>();
                    for (Row row : rows) {
                        ArmResult result = new ArmResult(
                                row.getString("churn_reason"),
                                row.getString("arm"),
                                row.getLong("redeemed"),
                                row.getLong("expired"));
                        results.put(result.churnReason() + "/" + result.arm(), result);
                    }
                    return results;
                });
    }

    /** Records an offer issued now from a template (its arm). */
    public Uni<Void> issue(
            SqlConnection connection,
            String code,
            String customerId,
            OfferKind kind,
            Integer discountPercent,
            String templateId,
            ChurnReason reason,
            Instant now,
            Instant validUntil) {
        return connection
                .preparedQuery("""
                        insert into offer (code, customer_id, kind, discount_percent, arm, churn_reason, status, issued_at,
                                           valid_until, template_id)
                        values ($1, $2, $3, $4, $5, $6, 'ISSUED', $7, $8, $5)""")
                .execute(Tuple.tuple(Arrays.asList(
                        code,
                        customerId,
                        kind.name(),
                        discountPercent,
                        templateId,
                        reason.name(),
                        utc(now),
                        utc(validUntil))))
                .replaceWithVoid();
    }

    /** Expires up to {@code limit} issued offers whose validity ended by {@code now}; answers them. */
    public Uni<List<Offer>> expireDue(SqlConnection connection, Instant now, int limit) {
        return connection
                .preparedQuery("update offer set status = 'EXPIRED' "
                        + "where code in (select code from offer where status = 'ISSUED' and valid_until <= $1 "
                        + "order by valid_until limit $2 for update skip locked) returning " + COLUMNS)
                .execute(Tuple.of(utc(now), limit))
                .map(rows -> {
                    List<Offer> expired = new ArrayList<>(rows.size());
                    rows.forEach(row -> expired.add(offer(row)));
                    return expired;
                });
    }

    /** Deletes an erased customer's offers. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from offer where customer_id = $1")
                .execute(Tuple.of(customerId))
                .replaceWithVoid();
    }

    private static Offer offer(Row row) {
        return new Offer(
                row.getString("code"),
                row.getString("customer_id"),
                OfferKind.valueOf(row.getString("kind")),
                row.getInteger("discount_percent"),
                row.getString("arm"),
                row.getString("churn_reason") == null ? null : ChurnReason.valueOf(row.getString("churn_reason")),
                Offer.Status.valueOf(row.getString("status")),
                instant(row.getOffsetDateTime("issued_at")),
                instant(row.getOffsetDateTime("valid_until")),
                instant(row.getOffsetDateTime("redeemed_at")),
                row.getString("order_id"),
                row.getString("template_id"));
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
