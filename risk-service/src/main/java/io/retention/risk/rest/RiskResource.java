package io.retention.risk.rest;

import io.retention.kit.rest.CustomerId;
import io.retention.contract.events.RiskLevel;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.QueryParams;
import io.retention.kit.store.Paging;
import io.retention.kit.rest.ProblemException;
import io.retention.risk.scoring.RiskRules;
import io.retention.risk.store.CustomerRisk;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** Each customer's risk, with the reasons and the evidence behind them. */
@Path("/risk")
@Produces(MediaType.APPLICATION_JSON)
public class RiskResource {
    private final Mutiny.SessionFactory sessions;
    private final RiskRules rules;

    public RiskResource(Mutiny.SessionFactory sessions, RiskRules rules) {
        this.sessions = sessions;
        this.rules = rules;
    }

    @GET
    @Path("/{customerId}")
    public Uni<RiskView> get(@PathParam("customerId") @CustomerId String customerId) {
        return sessions.withSession(session -> session.find(CustomerRisk.class, customerId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no risk is known for customer '" + customerId + "'"))
                .map(state -> RiskView.of(state, rules.assess(state.openTickets).reasons()));
    }

    @GET
    public Uni<Page<RiskView>> list(@QueryParam("level") String levelParam,
                                    @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                    @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        RiskLevel level = QueryParams.enumValue("level", levelParam, RiskLevel.class);
        List<String> conditions = level == null ? List.of() : List.of("level = :level");
        Map<String, Object> parameters = level == null ? Map.of() : Map.of("level", level);
        return sessions.withSession(session -> Paging.page(session, CustomerRisk.class, conditions, parameters,
                        "score desc, customerId", page, size))
                .map(found -> new Page<>(found.items().stream().map(state -> RiskView.of(state, rules.assess(state.openTickets).reasons())).toList(),
                        page, size, found.total()));
    }
}
