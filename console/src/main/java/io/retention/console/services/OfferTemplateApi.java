package io.retention.console.services;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** winback-service's offer templates: read by everyone, written by admins. */
@RegisterRestClient(configKey = "winback-service")
@Path("/offer-templates")
public interface OfferTemplateApi {
    @GET
    Page<OfferTemplate> list(@HeaderParam("Authorization") String bearer, @QueryParam("size") int size);

    @GET
    @Path("/{id}")
    OfferTemplate get(@HeaderParam("Authorization") String bearer, @PathParam("id") String id);

    @PUT
    @Path("/{id}")
    OfferTemplate put(@HeaderParam("Authorization") String bearer, @PathParam("id") String id, OfferTemplate template);
}
