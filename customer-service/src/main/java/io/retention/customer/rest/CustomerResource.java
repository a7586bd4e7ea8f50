package io.retention.customer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.customer.consent.ConsentChange;
import io.retention.customer.consent.ConsentView;
import io.retention.customer.consent.Consents;
import io.retention.customer.registry.LifecycleStage;
import io.retention.customer.registry.NewCustomer;
import io.retention.customer.registry.Registry;
import io.retention.customer.store.Customer;
import io.retention.customer.store.Timeline;
import io.retention.customer.timeline.TimelineEntries;
import io.retention.kit.auth.Caller;
import io.retention.kit.rest.CustomerId;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.rest.QueryParams;
import io.retention.kit.rest.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;

/** The customer registry. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {
    private final Registry registry;
    private final Timeline timeline;
    private final Consents consents;
    private final Caller caller;

    public CustomerResource(Registry registry, Timeline timeline, Consents consents, Caller caller) {
        this.registry = registry;
        this.timeline = timeline;
        this.consents = consents;
        this.caller = caller;
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.INGEST})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Customer>> register(@Valid @NotNull NewCustomer request) {
        Optional<String> scope = caller.writesFor();
        if (scope.isPresent() && request.owner() != null && !request.owner().equals(scope.get())) {
            throw ProblemException.forbidden("an account manager registers customers they own: 'owner' must be '"
                    + scope.get() + "' or left out");
        }
        return registry.register(scope.isPresent() ? request.withOwner(scope.get()) : request)
                .map(customer -> RestResponse.ResponseBuilder.<Customer>created(
                                URI.create("/customers/" + customer.customerId()))
                        .entity(customer)
                        .build());
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER})
    @PATCH
    @Path("/{customerId}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    public Uni<Customer> patch(@PathParam("customerId") @CustomerId String customerId, JsonNode patch) {
        return registry.patch(customerId, patch, caller.writesFor(), caller.isAdmin());
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    public Uni<Page<Customer>> search(
            @QueryParam("tier") @Pattern(regexp = "^[ABC]$", message = "must be A, B or C") String tier,
            @QueryParam("stage") String stage,
            @QueryParam("owner") String owner,
            @QueryParam("q") @Size(max = 200) String text,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        String lifecycleStage = stage == null
                ? null
                : QueryParams.enumValue("stage", stage, LifecycleStage.class).name();
        Caller.Listing listing = caller.listing(owner);
        if (listing.nothing()) {
            return Uni.createFrom().item(Page.empty(page, size));
        }
        return registry.search(tier, lifecycleStage, listing.owner(), text, page, size);
    }

    @RolesAllowed({Roles.ADMIN})
    @DELETE
    @Path("/{customerId}")
    public Uni<RestResponse<Void>> erase(@PathParam("customerId") @CustomerId String customerId) {
        return registry.erase(customerId).replaceWith(RestResponse.noContent());
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    @Path("/{customerId}")
    public Uni<Customer> get(@PathParam("customerId") @CustomerId String customerId) {
        return registry.find(customerId, caller.readsFor());
    }

    /** Every interaction with the customer, newest first; {@code kind} filters, {@code from} and {@code to} bound the time. */
    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    @Path("/{customerId}/timeline")
    public Uni<Page<Timeline.Item>> timeline(
            @PathParam("customerId") @CustomerId String customerId,
            @QueryParam("kind") String kind,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return registry.requireInScope(customerId, caller.readsFor())
                .chain(() -> timeline.page(
                        customerId,
                        QueryParams.enumValue("kind", kind, TimelineEntries.Kind.class),
                        QueryParams.instant("from", from),
                        QueryParams.instant("to", to),
                        page,
                        size));
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    @Path("/{customerId}/consents")
    public Uni<ConsentView> consents(@PathParam("customerId") @CustomerId String customerId) {
        return registry.requireInScope(customerId, caller.readsFor()).chain(() -> consents.find(customerId));
    }

    /** Records a consent given or revoked (with when and how); answers the consents after it. */
    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.INGEST})
    @POST
    @Path("/{customerId}/consents")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ConsentView>> recordConsent(
            @PathParam("customerId") @CustomerId String customerId, @Valid @NotNull ConsentChange change) {
        return registry.requireInScope(customerId, caller.writesFor())
                .chain(() -> consents.record(customerId, change))
                .map(view -> RestResponse.ResponseBuilder.<ConsentView>created(
                                URI.create("/customers/" + customerId + "/consents"))
                        .entity(view)
                        .build());
    }
}
