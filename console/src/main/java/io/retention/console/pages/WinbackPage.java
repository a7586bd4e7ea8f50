package io.retention.console.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.services.Answer;
import io.retention.console.services.LostCustomer;
import io.retention.console.services.Page;
import io.retention.console.services.WinbackApi;
import io.retention.console.services.WinbackStats;
import io.retention.console.signin.Sessions;
import io.retention.console.signin.SignedIn;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * "Win-back" (analysts): each churn reason's arms against its holdout, win-back rates with their 95 % intervals as a
 * chart and the lift as winback-service computes it; the lost-customer queue by priority.
 */
@Path("/winback")
@Produces(MediaType.TEXT_HTML)
public class WinbackPage {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance winback(
                SignedIn me, Answer<WinbackStats> stats, String chartJson, Answer<Page<LostCustomer>> lost);
    }

    private final Sessions sessions;
    private final WinbackApi winback;
    private final ObjectMapper json;

    public WinbackPage(Sessions sessions, @RestClient WinbackApi winback, ObjectMapper json) {
        this.sessions = sessions;
        this.winback = winback;
        this.json = json;
    }

    @GET
    public String get(@CookieParam(Sessions.COOKIE) String cookie) {
        SignedIn me = sessions.require(cookie, "Win-back", "admin", "analyst");
        Answer<WinbackStats> stats = Answer.of("winback-service", () -> winback.stats(me.bearer()));
        return Templates.winback(
                        me,
                        stats,
                        stats.ok() ? chart(stats.value()) : "[]",
                        Answer.of("winback-service", () -> winback.lost(me.bearer(), 50)))
                .render();
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
