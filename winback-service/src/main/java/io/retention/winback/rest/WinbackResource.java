package io.retention.winback.rest;

import io.retention.kit.auth.Caller;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.rest.QueryParams;
import io.retention.kit.rest.Roles;
import io.retention.winback.experiment.WinbackStats;
import io.retention.winback.lost.Approach;
import io.retention.winback.store.LostCustomer;
import io.retention.winback.store.LostCustomerStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The win-back programme as a whole: the queue of lost customers by priority, and what works against the holdout. */
@Path("/winback")
@Produces(MediaType.APPLICATION_JSON)
public class WinbackResource {
    private final Pool pool;
    private final Clock clock;
    private final Caller caller;
    private final LostCustomerStore queue;

    public WinbackResource(Pool pool, Clock clock, Caller caller, LostCustomerStore queue) {
        this.pool = pool;
        this.queue = queue;
        this.clock = clock;
        this.caller = caller;
    }

    /** The figures of decisions taken in a period. */
    public record Stats(Instant from, Instant to, List<WinbackStats.ReasonFigures> reasons) {}

    @RolesAllowed({Roles.ADMIN, Roles.ANALYST})
    @GET
    @Path("/stats")
    public Uni<Stats> stats(@QueryParam("from") String fromParam, @QueryParam("to") String toParam) {
        Instant to = toParam == null ? clock.instant() : QueryParams.instant("to", toParam);
        Instant from = fromParam == null ? to.minus(Duration.ofDays(365)) : QueryParams.instant("from", fromParam);
        if (!from.isBefore(to)) {
            return Uni.createFrom().failure(ProblemException.badRequest("'from' must be before 'to'"));
        }
        return queue.decided(pool, from, to)
                .map(counted -> new Stats(
                        from,
                        to,
                        WinbackStats.assemble(
                                counted.stream()
                                        .map(c -> new WinbackStats.Row(
                                                c.churnReason(),
                                                c.arm(),
                                                c.kind(),
                                                c.customers(),
                                                c.issued(),
                                                c.redeemed(),
                                                c.wonBack()))
                                        .toList(),
                                Approach.HOLDOUT)));
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    @Path("/lost")
    public Uni<Page<LostCustomer>> lost(
            @QueryParam("status")
                    @Pattern(
                            regexp = "WAITING|OFFERED|HOLDOUT|WON_BACK|RETURNED|LOST|NO_OFFER",
                            message = "must be one of WAITING, OFFERED, HOLDOUT, WON_BACK, RETURNED, LOST, NO_OFFER")
                    String status,
            @QueryParam("customerId") String customerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        // an account manager sees the customers they own
        return queue.page(pool, status, customerId, caller.readsFor().orElse(null), page, size);
    }
}
