package io.retention.winback.rest;

import io.retention.kit.auth.Caller;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.rest.CustomerId;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.rest.QueryParams;
import io.retention.kit.rest.Roles;
import io.retention.kit.store.CustomerOwners;
import io.retention.kit.store.Filter;
import io.retention.winback.offers.Redemptions;
import io.retention.winback.store.Offer;
import io.retention.winback.store.Offers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Optional;

/** Win-back offers: who got which, and redeeming them (the customer then counts as won back). */
@Path("/offers")
@Produces(MediaType.APPLICATION_JSON)
public class OfferResource {
    private final Offers offers;
    private final Pool pool;
    private final Redemptions redemptions;
    private final OutboxRelay relay;
    private final Clock clock;
    private final CustomerOwners owners;
    private final Caller caller;

    public OfferResource(
            Offers offers,
            Pool pool,
            Redemptions redemptions,
            OutboxRelay relay,
            Clock clock,
            CustomerOwners owners,
            Caller caller) {
        this.owners = owners;
        this.caller = caller;
        this.offers = offers;
        this.pool = pool;
        this.redemptions = redemptions;
        this.relay = relay;
        this.clock = clock;
    }

    /** What a redemption may say: who redeems, and with which order. */
    public record Redemption(
            @CustomerId String customerId, @Size(max = 128) String orderId) {}

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    public Uni<Page<Offer>> list(
            @QueryParam("customerId") String customerId,
            @QueryParam("status") String statusParam,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Offer.Status status = QueryParams.enumValue("status", statusParam, Offer.Status.class);
        Filter filter =
                new Filter().equal("customer_id", customerId).equal("status", status == null ? null : status.name());
        // an account manager sees the offers of the customers they own
        Optional<String> scope = caller.readsFor();
        scope.ifPresent(owner -> filter.where(CustomerOwners.OWNED_BY.formatted(":owner"), "owner", owner));
        return offers.page(pool, filter, page, size);
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.INGEST})
    @POST
    @Path("/{code}/redeem")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Offer> redeem(@PathParam("code") @Size(min = 1, max = 64) String code, @Valid Redemption redemption) {
        if (redemption == null || redemption.customerId() == null) {
            // whoever holds a code could otherwise redeem it: the redeemer names the customer it was issued to
            throw ProblemException.badRequest("a redemption names the customer the offer was issued to: "
                    + "{\"customerId\": \"...\"} is required");
        }
        Redemption given = redemption;
        return owners.requireInScope(
                        pool,
                        given.customerId(),
                        caller.writesFor(),
                        () -> ProblemException.notFound("no offer has code '" + code + "'"))
                .chain(() -> pool.withTransaction(connection ->
                        redemptions.redeem(connection, code, given.customerId(), given.orderId(), clock.instant())))
                .invoke(relay::wakeUp)
                .chain(redeemed -> offers.find(pool, redeemed))
                .map(Optional::orElseThrow);
    }
}
