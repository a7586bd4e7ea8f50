package io.retention.customer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.EventCodec;
import io.retention.contract.InvalidEventException;
import io.retention.customer.ingest.Ingestion;
import io.retention.kit.rest.Problem;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.rest.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code POST /events}: one CloudEvent in structured mode, a JSON array of them (batched mode), or one event in binary
 * mode ({@code ce-*} headers, the data as the body), as the CloudEvents HTTP binding defines them.
 */
@Path("/events")
public class EventResource {
    /** Most events in one batch. */
    static final int MAX_BATCH = 1000;

    private final Ingestion ingestion;

    public EventResource(Ingestion ingestion) {
        this.ingestion = ingestion;
    }

    /** What was published: the events' ids, in order. */
    public record Accepted(int accepted, List<String> ids) {}

    @RolesAllowed({Roles.ADMIN, Roles.INGEST})
    @POST
    @Consumes({"application/cloudevents+json", "application/cloudevents-batch+json", MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Accepted>> ingest(JsonNode body, HttpHeaders headers) {
        if (EventCodec.isHttpBinary(headers::getHeaderString)) {
            if (body == null || !body.isObject()) {
                throw ProblemException.badRequest("a binary-mode event's body is its data: a JSON object");
            }
            try {
                JsonNode event = EventCodec.fromHttpBinary(
                        headers::getHeaderString, headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body);
                return ingestion
                        .ingest(List.of(event))
                        .map(ids -> RestResponse.accepted(new Accepted(ids.size(), ids)));
            } catch (InvalidEventException e) {
                throw new Ingestion.RejectedEvents(e.problems().stream()
                        .map(problem -> new Problem.Violation("event", problem))
                        .toList());
            }
        }
        if (body == null || !(body.isObject() || body.isArray())) {
            throw ProblemException.badRequest("the body must be a CloudEvent object or an array of them");
        }
        List<JsonNode> events = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(events::add);
        } else {
            events.add(body);
        }
        if (events.isEmpty() || events.size() > MAX_BATCH) {
            throw ProblemException.badRequest("a batch holds 1 to " + MAX_BATCH + " events, not " + events.size());
        }
        return ingestion.ingest(events).map(ids -> RestResponse.accepted(new Accepted(ids.size(), ids)));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> rejected(Ingestion.RejectedEvents e) {
        String detail = e.getMessage() + ": "
                + String.join(
                        "; ",
                        e.violations().stream()
                                .map(v -> v.field() + ": " + v.message())
                                .toList());
        return RestResponse.ResponseBuilder.<Problem>create(400)
                .entity(new Problem("about:blank", "Bad Request", 400, detail, e.violations()))
                .type(Problem.MEDIA_TYPE)
                .build();
    }
}
