package io.retention.customer.rest;

import io.retention.customer.registry.NewCustomer;
import io.retention.customer.registry.Registry;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.jboss.resteasy.reactive.RestResponse;

/** The customer registry. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {
    private final Registry registry;

    public CustomerResource(Registry registry) {
        this.registry = registry;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<CustomerView>> register(@Valid @NotNull NewCustomer request) {
        return registry.register(request).map(customer -> RestResponse.ResponseBuilder.<CustomerView>created(URI.create("/customers/" + customer.customerId))
                .entity(CustomerView.of(customer)).build());
    }

    @DELETE
    @Path("/{customerId}")
    public Uni<RestResponse<Void>> erase(@PathParam("customerId")
                                         @Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$", message = "must be 1 to 64 of A-Z a-z 0-9 . _ : -")
                                         String customerId) {
        return registry.erase(customerId).replaceWith(RestResponse.noContent());
    }

    @GET
    @Path("/{customerId}")
    public Uni<CustomerView> get(@PathParam("customerId")
                                 @Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$", message = "must be 1 to 64 of A-Z a-z 0-9 . _ : -")
                                 String customerId) {
        return registry.find(customerId).map(CustomerView::of);
    }
}
