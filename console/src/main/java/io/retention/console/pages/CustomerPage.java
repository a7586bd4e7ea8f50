package io.retention.console.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.services.Answer;
import io.retention.console.services.Consents;
import io.retention.console.services.Customer;
import io.retention.console.services.CustomerApi;
import io.retention.console.services.FollowUp;
import io.retention.console.services.FollowUpApi;
import io.retention.console.services.Offer;
import io.retention.console.services.OfferApi;
import io.retention.console.services.Page;
import io.retention.console.services.Risk;
import io.retention.console.services.RiskApi;
import io.retention.console.services.RiskChange;
import io.retention.console.services.TimelineItem;
import io.retention.console.signin.Sessions;
import io.retention.console.signin.SignedIn;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A customer: profile, tier and stage, risk with its reasons, the score's history as a chart, consents (recorded here
 * by account managers and admins), offers, follow-ups and the timeline of every interaction, each list paged; admins
 * erase. Another owner's customer is answered as customer-service answers it: not found.
 */
@Path("/customers")
@Produces(MediaType.TEXT_HTML)
public class CustomerPage {
    static final int PAGE_SIZE = 20;
    static final List<String> CHANNELS = List.of("EMAIL", "SMS", "PHONE", "PUSH", "POST");

    /** What the page says about an action just tried: done, or the service's reason it was not. */
    public record Notice(String text, boolean problem) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance customer(
                SignedIn me,
                String customerId,
                Answer<Customer> profile,
                Answer<Risk> risk,
                Answer<Page<RiskChange>> history,
                String historyJson,
                Answer<Consents> consents,
                List<String> channels,
                Notice consentNotice,
                Listed<Offer> offers,
                Listed<FollowUp> followUps,
                Listed<TimelineItem> timeline,
                Notice eraseNotice);

        static native TemplateInstance erased(SignedIn me, String customerId);
    }

    private final Sessions sessions;
    private final CustomerApi customers;
    private final RiskApi risks;
    private final FollowUpApi followUps;
    private final OfferApi offers;
    private final ObjectMapper json;

    public CustomerPage(
            Sessions sessions,
            @RestClient CustomerApi customers,
            @RestClient RiskApi risks,
            @RestClient FollowUpApi followUps,
            @RestClient OfferApi offers,
            ObjectMapper json) {
        this.sessions = sessions;
        this.customers = customers;
        this.risks = risks;
        this.followUps = followUps;
        this.offers = offers;
        this.json = json;
    }

    @GET
    @Path("/{id}")
    public Response get(
            @CookieParam(Sessions.COOKIE) String cookie,
            @PathParam("id") String customerId,
            @QueryParam("followUps") @DefaultValue("0") int followUpPage,
            @QueryParam("offers") @DefaultValue("0") int offerPage,
            @QueryParam("timeline") @DefaultValue("0") int timelinePage) {
        SignedIn me = sessions.require(cookie);
        return page(me, customerId, new Pages(followUpPage, offerPage, timelinePage), null, null);
    }

    /** Records a consent given or withdrawn, then shows the page with it (or with the registry's reason it was not). */
    @POST
    @Path("/{id}/consents")
    public Response recordConsent(
            @CookieParam(Sessions.COOKIE) String cookie,
            @PathParam("id") String customerId,
            @FormParam("channel") String channel,
            @FormParam("purpose") String purpose,
            @FormParam("granted") boolean granted,
            @FormParam("evidence") String evidence) {
        SignedIn me = sessions.require(cookie, "Record a consent", "admin", "account-manager");
        Answer<Consents> recorded = Answer.of(
                "customer-service",
                () -> customers.recordConsent(
                        me.bearer(),
                        customerId,
                        new Consents.Change(
                                channel,
                                purpose == null ? null : purpose.trim(),
                                granted,
                                "console:" + me.user(),
                                evidence == null || evidence.isBlank() ? null : evidence.trim())));
        Notice notice = recorded.ok()
                ? new Notice("Recorded: " + channel + " " + purpose + (granted ? " granted" : " withdrawn"), false)
                : new Notice(recorded.problem(), true);
        return page(me, customerId, Pages.FIRST, notice, null);
    }

    /** Erases the customer everywhere once the person typed the customer's id to confirm (admins). */
    @POST
    @Path("/{id}/erase")
    public Response erase(
            @CookieParam(Sessions.COOKIE) String cookie,
            @PathParam("id") String customerId,
            @FormParam("confirm") String confirm) {
        SignedIn me = sessions.require(cookie, "Erase a customer", "admin");
        if (confirm == null || !confirm.trim().equals(customerId)) {
            return page(me, customerId, Pages.FIRST, null, new Notice("type the customer's id to confirm", true));
        }
        Answer<Boolean> erased = Answer.of("customer-service", () -> {
            customers.erase(me.bearer(), customerId);
            return true;
        });
        if (!erased.ok()) {
            return page(me, customerId, Pages.FIRST, null, new Notice(erased.problem(), true));
        }
        return Response.ok(Templates.erased(me, customerId).render()).build();
    }

    private record Pages(int followUps, int offers, int timeline) {
        static final Pages FIRST = new Pages(0, 0, 0);
    }

    private Response page(SignedIn me, String customerId, Pages pages, Notice consentNotice, Notice eraseNotice) {
        Answer<Customer> profile = Answer.of("customer-service", () -> customers.get(me.bearer(), customerId));
        if (!profile.ok() && profile.status() == 404) {
            // unknown, or another owner's: the registry answers both alike, and so does the page
            return Response.status(404)
                    .entity(Templates.customer(
                                    me,
                                    customerId,
                                    profile,
                                    null,
                                    null,
                                    "[]",
                                    null,
                                    CHANNELS,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null)
                            .render())
                    .build();
        }
        Answer<Page<RiskChange>> history = Answer.of("risk-service", () -> risks.history(me.bearer(), customerId, 500));
        int followUpPage = Math.max(0, pages.followUps());
        int offerPage = Math.max(0, pages.offers());
        int timelinePage = Math.max(0, pages.timeline());
        String path = "/customers/" + customerId;
        Map<String, String> current = new LinkedHashMap<>();
        current.put("followUps", Integer.toString(followUpPage));
        current.put("offers", Integer.toString(offerPage));
        current.put("timeline", Integer.toString(timelinePage));
        String page = Templates.customer(
                        me,
                        customerId,
                        profile,
                        Answer.of("risk-service", () -> risks.get(me.bearer(), customerId)),
                        history,
                        chartPoints(history),
                        Answer.of("customer-service", () -> customers.consents(me.bearer(), customerId)),
                        CHANNELS,
                        consentNotice,
                        listed(
                                Answer.of(
                                        "winback-service",
                                        () -> offers.list(me.bearer(), customerId, null, offerPage, PAGE_SIZE)),
                                path,
                                current,
                                "offers"),
                        listed(
                                Answer.of(
                                        "engagement-service",
                                        () -> followUps.list(
                                                me.bearer(), null, customerId, null, followUpPage, PAGE_SIZE)),
                                path,
                                current,
                                "followUps"),
                        listed(
                                Answer.of(
                                        "customer-service",
                                        () -> customers.timeline(me.bearer(), customerId, timelinePage, PAGE_SIZE)),
                                path,
                                current,
                                "timeline"),
                        eraseNotice)
                .render();
        return Response.ok(page).build();
    }

    /** One list's page with links that keep the other lists where they are. */
    private static <T> Listed<T> listed(
            Answer<Page<T>> answer, String path, Map<String, String> current, String parameter) {
        Map<String, String> others = new LinkedHashMap<>(current);
        others.remove(parameter);
        others.values().removeIf("0"::equals);
        int page = Integer.parseInt(current.get(parameter));
        return new Listed<>(
                answer,
                Pager.of(
                        path,
                        others,
                        parameter,
                        page,
                        PAGE_SIZE,
                        answer.ok() ? answer.value().total() : 0));
    }

    /** The score's history, oldest first, as the chart reads it. */
    private String chartPoints(Answer<Page<RiskChange>> history) {
        List<Map<String, Object>> points = new ArrayList<>();
        if (history.ok()) {
            List<RiskChange> changes = new ArrayList<>(history.value().items());
            Collections.reverse(changes);
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
