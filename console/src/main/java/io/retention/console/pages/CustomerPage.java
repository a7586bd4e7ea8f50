package io.retention.console.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.services.Answer;
import io.retention.console.services.Customer;
import io.retention.console.services.CustomerApi;
import io.retention.console.services.FollowUp;
import io.retention.console.services.FollowUpApi;
import io.retention.console.services.Page;
import io.retention.console.services.Risk;
import io.retention.console.services.RiskApi;
import io.retention.console.services.RiskChange;
import io.retention.console.services.TimelineItem;
import io.retention.console.signin.Sessions;
import io.retention.console.signin.SignedIn;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A customer: profile, tier and stage, risk with its reasons, the score's history as a chart, follow-ups and the
 * timeline of every interaction. Another owner's customer is answered as customer-service answers it: not found.
 */
@Path("/customers")
@Produces(MediaType.TEXT_HTML)
public class CustomerPage {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance customer(
                SignedIn me,
                String customerId,
                Answer<Customer> profile,
                Answer<Risk> risk,
                Answer<Page<RiskChange>> history,
                String historyJson,
                Answer<Page<FollowUp>> followUps,
                Answer<Page<TimelineItem>> timeline);
    }

    private final Sessions sessions;
    private final CustomerApi customers;
    private final RiskApi risks;
    private final FollowUpApi followUps;
    private final ObjectMapper json;

    public CustomerPage(
            Sessions sessions,
            @RestClient CustomerApi customers,
            @RestClient RiskApi risks,
            @RestClient FollowUpApi followUps,
            ObjectMapper json) {
        this.sessions = sessions;
        this.customers = customers;
        this.risks = risks;
        this.followUps = followUps;
        this.json = json;
    }

    @GET
    @Path("/{id}")
    public Response get(@CookieParam(Sessions.COOKIE) String cookie, @PathParam("id") String customerId) {
        SignedIn me = sessions.require(cookie);
        Answer<Customer> profile = Answer.of("customer-service", () -> customers.get(me.bearer(), customerId));
        if (!profile.ok() && profile.status() == 404) {
            // unknown, or another owner's: the registry answers both alike, and so does the page
            return Response.status(404)
                    .entity(Templates.customer(me, customerId, profile, null, null, "[]", null, null)
                            .render())
                    .build();
        }
        Answer<Page<RiskChange>> history = Answer.of("risk-service", () -> risks.history(me.bearer(), customerId, 500));
        String page = Templates.customer(
                        me,
                        customerId,
                        profile,
                        Answer.of("risk-service", () -> risks.get(me.bearer(), customerId)),
                        history,
                        chartPoints(history),
                        Answer.of("engagement-service", () -> followUps.list(me.bearer(), null, customerId, null, 50)),
                        Answer.of("customer-service", () -> customers.timeline(me.bearer(), customerId, 100)))
                .render();
        return Response.ok(page).build();
    }

    /** The score's history, oldest first, as the chart reads it. */
    private String chartPoints(Answer<Page<RiskChange>> history) {
        List<Map<String, Object>> points = new ArrayList<>();
        if (history.ok()) {
            List<RiskChange> changes = new ArrayList<>(history.value().items());
            java.util.Collections.reverse(changes);
            changes.forEach(change ->
                    points.add(Map.of("at", change.at().toString(), "score", change.score(), "level", change.level())));
        }
        try {
            return json.writeValueAsString(points);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
