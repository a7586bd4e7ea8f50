package io.retention.risk.rest;

import io.retention.contract.Json;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason;
import io.retention.kit.auth.Caller;
import io.retention.kit.rest.CustomerId;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.rest.QueryParams;
import io.retention.kit.rest.Roles;
import io.retention.kit.store.CustomerOwners;
import io.retention.risk.learning.ScoreValidation;
import io.retention.risk.model.PurchaseModel;
import io.retention.risk.model.PurchaseModels;
import io.retention.risk.scoring.Reason;
import io.retention.risk.store.ChurnSnapshots;
import io.retention.risk.store.RiskStore;
import io.retention.risk.store.StoredRisk;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Each customer's risk with the evidence behind it, and the purchase model the score uses. */
@Path("/risk")
@Produces(MediaType.APPLICATION_JSON)
public class RiskResource {
    private final Pool pool;
    private final RiskStore store;
    private final PurchaseModels models;
    private final CustomerOwners owners;
    private final Caller caller;
    private final Clock clock;
    private final ChurnSnapshots snapshots;

    public RiskResource(
            Pool pool,
            RiskStore store,
            PurchaseModels models,
            CustomerOwners owners,
            Caller caller,
            Clock clock,
            ChurnSnapshots snapshots) {
        this.pool = pool;
        this.snapshots = snapshots;
        this.clock = clock;
        this.store = store;
        this.models = models;
        this.owners = owners;
        this.caller = caller;
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    @Path("/{customerId}")
    public Uni<RiskView> get(@PathParam("customerId") @CustomerId String customerId) {
        return known(customerId).map(RiskView::of);
    }

    /** The customer's risk, if one is known and the caller may read it; 404 otherwise. */
    private Uni<StoredRisk> known(String customerId) {
        Supplier<ProblemException> unknown =
                () -> ProblemException.notFound("no risk is known for customer '" + customerId + "'");
        return owners.requireInScope(pool, customerId, caller.readsFor(), unknown)
                .chain(() -> store.find(pool, customerId))
                .onItem()
                .ifNull()
                .failWith(unknown);
    }

    /**
     * A change of the customer's score or level as it was stored, with the reasons then; {@code level} is CHURNED once
     * they were announced as lost.
     */
    public record RiskChange(Instant at, int score, String level, List<Reason> reasons) {}

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    @Path("/{customerId}/history")
    public Uni<Page<RiskChange>> history(
            @PathParam("customerId") @CustomerId String customerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return known(customerId)
                .chain(() -> store.changes(pool, customerId, page, size))
                .map(found -> new Page<>(
                        found.getKey().stream()
                                .map(change -> new RiskChange(
                                        change.at(),
                                        change.score(),
                                        change.churn() == null ? change.level().name() : RiskView.CHURNED,
                                        change.reasons()))
                                .toList(),
                        page,
                        size,
                        found.getValue()));
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    public Uni<Page<RiskView>> list(
            @QueryParam("level") String levelParam,
            @QueryParam("owner") @Size(min = 1, max = 128) String owner,
            @QueryParam("tier") @Pattern(regexp = "^[ABC]$", message = "must be A, B or C") String tier,
            @QueryParam("reason") String reasonParam,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        // one level, or several separated by commas (HIGH,MEDIUM: everyone at risk, the highest scores first)
        Set<RiskLevel> levels = EnumSet.noneOf(RiskLevel.class);
        boolean churned = false;
        for (String part : levelParam == null ? new String[0] : levelParam.split(",")) {
            if (RiskView.CHURNED.equalsIgnoreCase(part.trim())) {
                churned = true;
            } else if (!part.isBlank()) {
                levels.add(QueryParams.enumValue("level", part, RiskLevel.class));
            }
        }
        RiskReason.ReasonCode reason = QueryParams.enumValue("reason", reasonParam, RiskReason.ReasonCode.class);
        RiskStore.Filter filter =
                new RiskStore.Filter(levels, churned, caller.readsFor().orElse(null), owner, tier, reason);
        return store.page(pool, filter, page, size)
                .map(found ->
                        new Page<>(found.getKey().stream().map(RiskView::of).toList(), page, size, found.getValue()));
    }

    /**
     * How many customers stood at HIGH, at MEDIUM and churned at the end of each of the last {@code days} days (UTC),
     * today included, oldest first; an account manager's own customers only.
     */
    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    @Path("/levels")
    public Uni<List<RiskStore.LevelCount>> levels(@QueryParam("days") @DefaultValue("30") @Min(1) @Max(366) int days) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return store.levelCounts(
                pool, today.minusDays(days - 1L), today, caller.readsFor().orElse(null));
    }

    @RolesAllowed({Roles.ADMIN, Roles.ANALYST})
    @GET
    @Path("/model")
    public Uni<ModelView> model() {
        PurchaseModel model = models.current()
                .orElseThrow(() -> ProblemException.notFound(
                        "no purchase model has been fitted yet; POST /risk/model/fit fits one"));
        return validation().map(validation -> ModelView.of(model, validation));
    }

    /** The latest validation of the score, or null before the first. */
    private Uni<ScoreValidation> validation() {
        return snapshots.validation(pool).map(json -> {
            try {
                return json == null ? null : Json.MAPPER.readValue(json, ScoreValidation.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new java.io.UncheckedIOException("unreadable score validation: " + e.getOriginalMessage(), e);
            }
        });
    }

    @RolesAllowed({Roles.ADMIN})
    @POST
    @Path("/model/fit")
    public Uni<ModelView> fit() {
        return models.fit()
                .onFailure(PurchaseModels.NotEnoughData.class)
                .transform(failure -> ProblemException.conflict(failure.getMessage()))
                .chain(model -> validation().map(validation -> ModelView.of(model, validation)));
    }
}
