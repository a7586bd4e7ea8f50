package io.retention.console.services;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** customer-service's portfolio figures. */
@RegisterRestClient(configKey = "customer-service")
@Path("/kpis")
public interface PortfolioApi {
    @GET
    Kpis kpis(
            @HeaderParam("Authorization") String bearer, @QueryParam("from") String from, @QueryParam("to") String to);
}
