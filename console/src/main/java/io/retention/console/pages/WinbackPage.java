package io.retention.console.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.services.Answer;
import io.retention.console.services.LostCustomer;
import io.retention.console.services.Offer;
import io.retention.console.services.OfferApi;
import io.retention.console.services.Page;
import io.retention.console.services.WinbackApi;
import io.retention.console.services.WinbackStats;
import io.retention.console.signin.Sessions;
import io.retention.console.signin.SignedIn;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * "Win-back" (analysts): each churn reason's arms against its holdout, win-back rates with their 95 % intervals as a
 * chart and the lift as winback-service computes it; the lost-customer queue by priority and the offers made, each
 * filtered by status and paged.
 */
@Path("/winback")
@Produces(MediaType.TEXT_HTML)
public class WinbackPage {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance winback(
                SignedIn me,
                Answer<WinbackStats> stats,
                String chartJson,
                Listed<LostCustomer> lost,
                List<String> lostStatuses,
                String lostStatus,
                Listed<Offer> offers,
                List<String> offerStatuses,
                String offerStatus);
    }

    static final int PAGE_SIZE = 25;
    static final List<String> LOST_STATUSES =
            List.of("WAITING", "OFFERED", "HOLDOUT", "WON_BACK", "RETURNED", "LOST", "NO_OFFER");
    static final List<String> OFFER_STATUSES = List.of("ISSUED", "REDEEMED", "EXPIRED");

    private final Sessions sessions;
    private final WinbackApi winback;
    private final OfferApi offers;
    private final ObjectMapper json;

    public WinbackPage(
            Sessions sessions, @RestClient WinbackApi winback, @RestClient OfferApi offers, ObjectMapper json) {
        this.sessions = sessions;
        this.winback = winback;
        this.offers = offers;
        this.json = json;
    }

    @GET
    public String get(
            @CookieParam(Sessions.COOKIE) String cookie,
            @QueryParam("lostStatus") String lostStatus,
            @QueryParam("lost") @DefaultValue("0") int lostPage,
            @QueryParam("offerStatus") String offerStatus,
            @QueryParam("offers") @DefaultValue("0") int offerPage) {
        SignedIn me = sessions.require(cookie, "Win-back", "admin", "analyst");
        Answer<WinbackStats> stats = Answer.of("winback-service", () -> winback.stats(me.bearer()));
        // List.of refuses to look for null: an absent filter is simply none
        String lostFilter = lostStatus != null && LOST_STATUSES.contains(lostStatus) ? lostStatus : "";
        String offerFilter = offerStatus != null && OFFER_STATUSES.contains(offerStatus) ? offerStatus : "";
        int lostShown = Math.max(0, lostPage);
        int offersShown = Math.max(0, offerPage);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("lostStatus", lostFilter);
        filters.put("offerStatus", offerFilter);
        Answer<Page<LostCustomer>> lost = Answer.of(
                "winback-service", () -> winback.lost(me.bearer(), QueryText.asked(lostFilter), lostShown, PAGE_SIZE));
        Answer<Page<Offer>> offered = Answer.of(
                "winback-service",
                () -> offers.list(me.bearer(), null, QueryText.asked(offerFilter), offersShown, PAGE_SIZE));
        Map<String, String> keepOffers = new LinkedHashMap<>(filters);
        keepOffers.put("offers", offersShown == 0 ? "" : Integer.toString(offersShown));
        Map<String, String> keepLost = new LinkedHashMap<>(filters);
        keepLost.put("lost", lostShown == 0 ? "" : Integer.toString(lostShown));
        return Templates.winback(
                        me,
                        stats,
                        stats.ok() ? chart(stats.value()) : "[]",
                        new Listed<>(lost, Pager.of("/winback", keepOffers, "lost", lostShown, PAGE_SIZE, total(lost))),
                        LOST_STATUSES,
                        lostFilter,
                        new Listed<>(
                                offered,
                                Pager.of("/winback", keepLost, "offers", offersShown, PAGE_SIZE, total(offered))),
                        OFFER_STATUSES,
                        offerFilter)
                .render();
    }

    private static long total(Answer<? extends Page<?>> answer) {
        return answer.ok() ? answer.value().total() : 0;
    }

    /** One chart per reason: each arm's rate and interval, the holdout first. */
    private String chart(WinbackStats stats) {
        List<Map<String, Object>> reasons = new ArrayList<>();
        for (WinbackStats.ReasonFigures reason : stats.reasons()) {
            List<WinbackStats.ArmFigures> arms = Stream.concat(Stream.of(reason.holdout()), reason.arms().stream())
                    .toList();
            Map<String, Object> chart = new LinkedHashMap<>();
            chart.put("reason", reason.reason());
            chart.put("arms", arms.stream().map(WinbackStats.ArmFigures::arm).toList());
            chart.put(
                    "rates",
                    arms.stream().map(WinbackStats.ArmFigures::winBackRate).toList());
            chart.put(
                    "intervals",
                    arms.stream().map(arm -> List.of(arm.low(), arm.high())).toList());
            reasons.add(chart);
        }
        try {
            return json.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
