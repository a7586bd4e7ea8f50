package io.retention.console.services;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** winback-service's offers, as the console reads them. */
@RegisterRestClient(configKey = "winback-service")
@Path("/offers")
public interface OfferApi {
    @GET
    Page<Offer> list(
            @HeaderParam("Authorization") String bearer,
            @QueryParam("customerId") String customerId,
            @QueryParam("status") String status,
            @QueryParam("page") int page,
            @QueryParam("size") int size);
}
