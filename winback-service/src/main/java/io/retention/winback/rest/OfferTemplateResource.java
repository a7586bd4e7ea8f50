package io.retention.winback.rest;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.rest.Roles;
import io.retention.winback.offers.OfferTemplate;
import io.retention.winback.store.Templates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Offer templates, managed over REST: {@code PUT /offer-templates/{id}} creates or replaces one (201 or 200), DELETE
 * retires it (it stays for the offers and statistics that name it, but no new offer uses it).
 */
@Path("/offer-templates")
@Produces(MediaType.APPLICATION_JSON)
public class OfferTemplateResource {
    private final Pool pool;
    private final Templates templates;
    private final Clock clock;

    public OfferTemplateResource(Pool pool, Templates templates, Clock clock) {
        this.pool = pool;
        this.templates = templates;
        this.clock = clock;
    }

    /** A template as it is written. */
    public record TemplateBody(
            @NotNull OfferKind kind,
            Integer discountPercent,
            @Size(max = 200) String upgrade,
            @NotNull @Min(1) @Max(365) Integer validityDays,
            Set<ChurnReason> reasons,
            @DecimalMin("0") BigDecimal minLifetimeValue,
            Boolean active) {}

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    public Uni<Page<OfferTemplate>> list(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return templates.all(pool, false).map(all -> Page.of(all, page, size));
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    @Path("/{id}")
    public Uni<OfferTemplate> get(@PathParam("id") String id) {
        return templates
                .find(pool, id)
                .map(found ->
                        found.orElseThrow(() -> ProblemException.notFound("no offer template has id '" + id + "'")));
    }

    @RolesAllowed({Roles.ADMIN})
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(
            @PathParam("id")
                    @Pattern(
                            regexp = "[a-z0-9][a-z0-9-]{0,63}",
                            message = "must be 1 to 64 lower-case letters, digits and dashes")
                    String id,
            @Valid @NotNull TemplateBody body) {
        OfferTemplate template = new OfferTemplate(
                id,
                body.kind(),
                body.discountPercent(),
                body.upgrade(),
                body.validityDays(),
                body.reasons() == null || body.reasons().isEmpty()
                        ? EnumSet.noneOf(ChurnReason.class)
                        : EnumSet.copyOf(body.reasons()),
                body.minLifetimeValue() == null ? BigDecimal.ZERO : body.minLifetimeValue(),
                body.active() == null || body.active());
        List<String> problems = template.problems();
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest(String.join("; ", problems)));
        }
        return templates
                .save(pool, template, clock.instant())
                .map(created -> Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                        .entity(template)
                        .build());
    }

    @RolesAllowed({Roles.ADMIN})
    @DELETE
    @Path("/{id}")
    public Uni<OfferTemplate> retire(@PathParam("id") String id) {
        return get(id).map(OfferTemplate::retired).call(retired -> templates.save(pool, retired, clock.instant()));
    }
}
