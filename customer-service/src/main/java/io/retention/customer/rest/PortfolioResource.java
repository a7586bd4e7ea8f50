package io.retention.customer.rest;

import io.retention.customer.kpi.Kpis;
import io.retention.customer.tiers.TierRecompute;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.rest.QueryParams;
import io.retention.kit.rest.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The portfolio as a whole: KPIs, and the revenue tiers recomputed on request. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PortfolioResource {
    /** The KPI period when none is given. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(90);

    private final Kpis kpis;
    private final TierRecompute tiers;
    private final Clock clock;

    public PortfolioResource(Kpis kpis, TierRecompute tiers, Clock clock) {
        this.kpis = kpis;
        this.tiers = tiers;
        this.clock = clock;
    }

    /** KPIs over [from, to); by default the last 90 days. */
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST})
    @GET
    @Path("kpis")
    public Uni<Kpis.Report> kpis(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = to == null ? clock.instant() : QueryParams.instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : QueryParams.instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest(
                    "query parameter 'from' must be before 'to' (" + start + " is not before " + end + ")");
        }
        return kpis.report(start, end);
    }

    /** Recomputes the A/B/C tiers now (they are also recomputed on a schedule); 409 while another recompute runs. */
    @RolesAllowed({Roles.ADMIN})
    @POST
    @Path("tiers/recompute")
    public Uni<TierRecompute.Result> recomputeTiers() {
        return tiers.recompute();
    }
}
