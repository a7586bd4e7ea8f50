package io.retention.winback.rest;

import io.retention.kit.auth.Caller;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.rest.QueryParams;
import io.retention.kit.rest.Roles;
import io.retention.kit.store.CustomerOwners;
import io.retention.winback.experiment.WinbackStats;
import io.retention.winback.lost.Approach;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The win-back programme as a whole: the queue of lost customers by priority, and what works against the holdout. */
@Path("/winback")
@Produces(MediaType.APPLICATION_JSON)
public class WinbackResource {
    private final Pool pool;
    private final Clock clock;
    private final Caller caller;

    public WinbackResource(Pool pool, Clock clock, Caller caller) {
        this.pool = pool;
        this.clock = clock;
        this.caller = caller;
    }

    /** The figures of decisions taken in a period. */
    public record Stats(Instant from, Instant to, List<WinbackStats.ReasonFigures> reasons) {}

    /** A lost customer as the queue shows them. */
    public record LostView(
            String customerId,
            String status,
            String churnReason,
            BigDecimal lifetimeValue,
            double priority,
            Instant churnedAt,
            String arm,
            String offerCode,
            Instant decidedAt,
            Instant windowUntil,
            Instant wonBackAt) {}

    @RolesAllowed({Roles.ADMIN, Roles.ANALYST})
    @GET
    @Path("/stats")
    public Uni<Stats> stats(@QueryParam("from") String fromParam, @QueryParam("to") String toParam) {
        Instant to = toParam == null ? clock.instant() : QueryParams.instant("to", toParam);
        Instant from = fromParam == null ? to.minus(Duration.ofDays(365)) : QueryParams.instant("from", fromParam);
        if (!from.isBefore(to)) {
            return Uni.createFrom().failure(ProblemException.badRequest("'from' must be before 'to'"));
        }
        return pool.preparedQuery("""
                        select l.churn_reason, l.arm, max(o.kind) as kind, count(*) as customers, count(l.offer_code) as issued,
                               count(l.redeemed_at) as redeemed, count(l.won_back_at) as won_back
                        from lost_customer l left join offer o on o.code = l.offer_code
                        where l.arm is not null and l.decided_at >= $1 and l.decided_at < $2
                        group by l.churn_reason, l.arm""")
                .execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<WinbackStats.Row> counted = new ArrayList<>();
                    for (Row row : rows) {
                        counted.add(new WinbackStats.Row(
                                row.getString("churn_reason"),
                                row.getString("arm"),
                                row.getString("kind"),
                                row.getLong("customers"),
                                row.getLong("issued"),
                                row.getLong("redeemed"),
                                row.getLong("won_back")));
                    }
                    return new Stats(from, to, WinbackStats.assemble(counted, Approach.HOLDOUT));
                });
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    @Path("/lost")
    public Uni<Page<LostView>> lost(
            @QueryParam("status")
                    @Pattern(
                            regexp = "WAITING|OFFERED|HOLDOUT|WON_BACK|RETURNED|LOST|NO_OFFER",
                            message = "must be one of WAITING, OFFERED, HOLDOUT, WON_BACK, RETURNED, LOST, NO_OFFER")
                    String status,
            @QueryParam("customerId") String customerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        // an account manager sees the customers they own
        String owner = caller.readsFor().orElse(null);
        Tuple filter = Tuple.tuple(Arrays.asList(status, customerId, owner));
        String where = " where ($1::varchar is null or status = $1) and ($2::varchar is null or customer_id = $2) "
                + "and ($3::varchar is null or " + CustomerOwners.OWNED_BY.formatted("$3") + ")";
        return pool.preparedQuery("select count(*) as total from lost_customer" + where)
                .execute(filter)
                .chain(total -> pool.preparedQuery(
                                "select customer_id, status, churn_reason, lifetime_value, priority, churned_at, "
                                        + "arm, offer_code, decided_at, window_until, won_back_at from lost_customer"
                                        + where
                                        + " order by priority desc, churned_at, id limit $4 offset $5")
                        .execute(Tuple.tuple(Arrays.asList(status, customerId, owner, size, page * size)))
                        .map(rows -> {
                            List<LostView> items = new ArrayList<>();
                            for (Row row : rows) {
                                items.add(new LostView(
                                        row.getString("customer_id"),
                                        row.getString("status"),
                                        row.getString("churn_reason"),
                                        row.getBigDecimal("lifetime_value"),
                                        row.getDouble("priority"),
                                        instant(row, "churned_at"),
                                        row.getString("arm"),
                                        row.getString("offer_code"),
                                        instant(row, "decided_at"),
                                        instant(row, "window_until"),
                                        instant(row, "won_back_at")));
                            }
                            return new Page<>(
                                    items, page, size, total.iterator().next().getLong("total"));
                        }));
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
