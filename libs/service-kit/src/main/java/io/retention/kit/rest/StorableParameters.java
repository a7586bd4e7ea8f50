package io.retention.kit.rest;

import io.retention.contract.StorableText;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A path or query parameter a database cannot hold ({@link StorableText}: {@code %00}, an unpaired surrogate) is
 * refused with a 400 that names it, before a handler looks anything up with it.
 */
public class StorableParameters {
    @ServerRequestFilter
    public RestResponse<Problem> refuseUnstorable(UriInfo uri) {
        String problem = problem("path parameter", uri.getPathParameters(true));
        if (problem == null) {
            problem = problem("query parameter", uri.getQueryParameters(true));
        }
        return problem == null
                ? null
                : RestResponse.ResponseBuilder.<Problem>create(400)
                        .entity(new Problem("about:blank", "Bad Request", 400, problem, List.of()))
                        .type(Problem.MEDIA_TYPE)
                        .build();
    }

    private static String problem(String kind, MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String inName = StorableText.problem(parameter.getKey());
            if (inName != null) {
                return "a " + kind + "'s name " + inName;
            }
            for (String value : parameter.getValue()) {
                String inValue = StorableText.problem(value);
                if (inValue != null) {
                    return kind + " '" + parameter.getKey() + "' " + inValue;
                }
            }
        }
        return null;
    }
}
