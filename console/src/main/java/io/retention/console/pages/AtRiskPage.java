package io.retention.console.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.services.Answer;
import io.retention.console.services.LevelCount;
import io.retention.console.services.Page;
import io.retention.console.services.Risk;
import io.retention.console.services.RiskApi;
import io.retention.console.signin.Sessions;
import io.retention.console.signin.SignedIn;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * "At risk": customers at HIGH and MEDIUM risk, highest score first, with the reasons and their evidence; filtered by
 * level, reason, tier and owner, paged, all by risk-service (which scopes an account manager's list to their own
 * customers); and how many stood at each level on each of the last 30 days, as a chart.
 */
@Path("/at-risk")
@Produces(MediaType.TEXT_HTML)
public class AtRiskPage {
    static final int PAGE_SIZE = 50;
    static final int CHART_DAYS = 30;
    static final List<String> REASONS = List.of(
            "OPEN_TICKETS", "COMPLAINTS", "LOW_SATISFACTION", "USAGE_DROP", "INACTIVE", "PURCHASE_LAPSE", "CANCELLED");

    /** The filters as the person set them; empty when not set. */
    public record Filters(String level, String reason, String tier, String owner) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance atRisk(
                SignedIn me,
                Answer<Page<Risk>> risks,
                Filters filters,
                List<String> reasons,
                Pager pager,
                long high,
                long medium,
                Answer<List<LevelCount>> levels,
                String levelsJson);
    }

    private final Sessions sessions;
    private final RiskApi risks;
    private final ObjectMapper json;

    public AtRiskPage(Sessions sessions, @RestClient RiskApi risks, ObjectMapper json) {
        this.sessions = sessions;
        this.risks = risks;
        this.json = json;
    }

    @GET
    public String get(
            @CookieParam(Sessions.COOKIE) String cookie,
            @QueryParam("level") String level,
            @QueryParam("reason") String reason,
            @QueryParam("tier") String tier,
            @QueryParam("owner") String owner,
            @QueryParam("page") @DefaultValue("0") int page) {
        SignedIn me = sessions.require(cookie);
        Filters filters = new Filters(
                QueryText.shown(level), QueryText.shown(reason), QueryText.shown(tier), QueryText.shown(owner));
        String levels = filters.level().isEmpty() ? "HIGH,MEDIUM" : filters.level();
        int shown = Math.max(0, page);
        Answer<Page<Risk>> list = Answer.of(
                "risk-service",
                () -> risks.list(
                        me.bearer(),
                        levels,
                        QueryText.asked(owner),
                        QueryText.asked(tier),
                        QueryText.asked(reason),
                        shown,
                        PAGE_SIZE));
        // the counts under the same filters but every at-risk level: one item each is enough for the total
        long high = total(me, "HIGH", filters);
        long medium = total(me, "MEDIUM", filters);
        Answer<List<LevelCount>> history = Answer.of("risk-service", () -> risks.levels(me.bearer(), CHART_DAYS));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("level", filters.level());
        parameters.put("reason", filters.reason());
        parameters.put("tier", filters.tier());
        parameters.put("owner", filters.owner());
        Pager pager = Pager.of(
                "/at-risk",
                parameters,
                "page",
                shown,
                PAGE_SIZE,
                list.ok() ? list.value().total() : 0);
        return Templates.atRisk(me, list, filters, REASONS, pager, high, medium, history, chart(history))
                .render();
    }

    private long total(SignedIn me, String level, Filters filters) {
        Answer<Page<Risk>> counted = Answer.of(
                "risk-service",
                () -> risks.list(
                        me.bearer(),
                        level,
                        QueryText.asked(filters.owner()),
                        QueryText.asked(filters.tier()),
                        QueryText.asked(filters.reason()),
                        0,
                        1));
        return counted.ok() ? counted.value().total() : 0;
    }

    private String chart(Answer<List<LevelCount>> history) {
        try {
            return json.writeValueAsString(history.ok() ? history.value() : List.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
