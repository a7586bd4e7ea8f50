package io.retention.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.Json;
import io.retention.local.Database;
import io.retention.local.KafkaBroker;
import io.retention.local.Platform;
import io.retention.local.Service;
import io.retention.local.testing.TestDatabases;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless chromium, driven by Selenium) on the packaged platform: people sign
 * in as the run command lets them, see what their role and ownership allow, and work their follow-ups. A screenshot of
 * each page goes to {@code target/screenshots}.
 */
class ConsoleIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Database database;
    private static String databasePrefix;
    private static Platform platform;
    private static String console;

    private WebDriver browser;

    @BeforeAll
    static void startPlatform() throws Exception {
        Browsers.prepare();

        database = TestDatabases.openServer();
        databasePrefix = TestDatabases.uniqueName("console") + "_";
        Map<Service, Integer> ports = Runs.servicePorts();
        platform = Platform.start(new Platform.Settings(
                Path.of(System.getProperty("retention.project.root")),
                Files.createTempDirectory("retention-console-"),
                null,
                0,
                database,
                0,
                databasePrefix,
                ports,
                List.of(
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        // "My work" shows what is due within three days: the welcome call is due in two
                        "-Dretention.console.work-horizon-days=3",
                        // a new score in force re-scores every buyer at once, checked every second
                        "-Dretention.risk.model.rescore-spread=0s",
                        "-Dretention.risk.recheck-poll=1s",
                        // every lost customer gets an offer, decided once the queue has been still for 2 s
                        "-Dretention.winback.holdout-share=0",
                        "-Dretention.winback.queue-settle=2s"),
                EnumSet.allOf(Service.class),
                KafkaBroker.freePort()));
        console = platform.consoleUrl();
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (platform != null) {
            platform.close();
        }
        Runs.dropDatabases(database, databasePrefix);
        database.close();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anAccountManagerWorksTheirOwnFollowUpsAndSeesItOnTheTimeline() throws Exception {
        String amy = "amy-" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        String amysCustomer = register(amy);
        String amysOtherCustomer = register(amy);
        String bobsCustomer = register(bob);
        // three open tickets raise amy's customer to MEDIUM: a risk with reasons and a score history to show
        openTickets(amysCustomer, 3);
        String amysCall = awaitWelcomeCall(amysCustomer);
        String amysOtherCall = awaitWelcomeCall(amysOtherCustomer);
        awaitWelcomeCall(bobsCustomer);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status(Service.RISK, "/risk/" + amysCustomer) == 200);

        browser = Browsers.chromium();
        signIn(amy, "account-manager");
        assertThat(browser.getCurrentUrl()).endsWith("/work");
        WebElement row = waitFor(By.id("follow-up-" + amysCall));
        assertThat(row.getText()).contains(amysCustomer, "onboarding", "welcome-call");
        assertThat(browser.findElement(By.id("work")).getText())
                .as("another owner's follow-ups are not on the list")
                .doesNotContain(bobsCustomer);
        assertReadableContrast("my work");
        screenshot("my-work");

        // by keyboard alone: the first Tab offers to skip to the content, and the work's actions come in tab order
        org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(browser);
        keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
        boolean reached = false;
        for (int i = 0; i < 60 && !reached; i++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
            reached = "Reassign".equals(browser.switchTo().activeElement().getText());
        }
        assertThat(reached).as("a follow-up's actions are reached with Tab").isTrue();

        // snoozed a day: due a day later than it was
        row = waitFor(By.id("follow-up-" + amysCall));
        java.time.Instant due =
                java.time.Instant.parse(followUp(amysCall).get("dueAt").asText());
        row.findElement(By.className("snooze")).click();
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> java.time.Instant.parse(
                                followUp(amysCall).get("dueAt").asText())
                        .equals(due.plus(Duration.ofDays(1))));
        row = waitFor(By.id("follow-up-" + amysCall));

        // the other one handed to bob: it leaves amy's hands
        WebElement other = browser.findElement(By.id("follow-up-" + amysOtherCall));
        other.findElement(By.name("owner")).sendKeys(bob);
        other.findElement(By.className("reassign")).click();
        new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("follow-up-" + amysOtherCall), "In " + bob + "'s queue"));
        assertThat(json(Service.ENGAGEMENT, "/follow-ups?customerId=" + amysOtherCustomer + "&owner=" + bob)
                        .get("total")
                        .asInt())
                .isEqualTo(1);

        row = browser.findElement(By.id("follow-up-" + amysCall));
        row.findElement(By.name("outcome")).sendKeys("Called, all good");
        row.findElement(By.className("complete")).click();
        new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("follow-up-" + amysCall), "DONE: Called, all good"));
        JsonNode done = json(Service.ENGAGEMENT, "/follow-ups?customerId=" + amysCustomer + "&status=DONE");
        assertThat(done.at("/items/0/id").asText()).isEqualTo(amysCall);

        // the customer's page: profile, risk, and the completion on the timeline once customer-service has read it
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.get(console + "/customers/" + amysCustomer);
            assertThat(browser.findElement(By.id("timeline")).getText())
                    .contains("Follow-up done: welcome-call, outcome Called, all good");
        });
        assertThat(browser.findElement(By.id("stage")).getText()).isNotBlank();
        JsonNode risk = json(Service.RISK, "/risk/" + amysCustomer);
        assertThat(browser.findElement(By.id("risk-level")).getText())
                .isEqualTo(risk.get("level").asText());
        assertThat(browser.findElement(By.id("risk-score")).getText())
                .isEqualTo(risk.get("score").asText());
        JsonNode history = json(Service.RISK, "/risk/" + amysCustomer + "/history");
        assertThat(browser.findElement(By.id("history-count")).getText())
                .startsWith(history.get("total").asText() + " changes");
        // the chart drew: Chart.js sized its canvas and keeps the instance on it
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser)
                        .executeScript("return Chart.getChart('score-history').data.datasets[0].data.length"))
                .isEqualTo(history.get("total").asLong());
        assertReadableContrast("customer");
        screenshot("customer");

        // a consent recorded on the page reaches the registry, with who recorded it
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("consent-channel"))).selectByValue("EMAIL");
        browser.findElement(By.id("consent-evidence")).sendKeys("asked on the welcome call");
        browser.findElement(By.cssSelector("#record-consent button")).click();
        assertThat(waitFor(By.id("consent-notice")).getText()).isEqualTo("Recorded: EMAIL MARKETING granted");
        assertThat(browser.findElement(By.id("consents-in-force")).getText())
                .contains("EMAIL MARKETING yes")
                .contains("console:" + amy + " · asked on the welcome call");
        JsonNode consents = json(Service.CUSTOMER, "/customers/" + amysCustomer + "/consents");
        assertThat(consents.at("/consents/0/channel").asText()).isEqualTo("EMAIL");
        assertThat(consents.at("/consents/0/granted").asBoolean()).isTrue();
        assertThat(consents.at("/consents/0/method").asText()).isEqualTo("console:" + amy);
        // a purpose the registry refuses shows its reason and records nothing
        WebElement purpose = browser.findElement(By.id("consent-purpose"));
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].removeAttribute('pattern')", purpose);
        purpose.clear();
        purpose.sendKeys("marketing please");
        browser.findElement(By.cssSelector("#record-consent button")).click();
        assertThat(waitFor(By.id("consent-notice")).getText()).contains("purpose");
        assertThat(json(Service.CUSTOMER, "/customers/" + amysCustomer + "/consents")
                        .get("history")
                        .size())
                .isEqualTo(consents.get("history").size());
        assertThat(browser.findElements(By.id("erase")))
                .as("erasure is for admins")
                .isEmpty();
        scrollTo(By.id("consents"));
        screenshot("consents");

        // at a tablet's width nothing needs scrolling sideways, and the pages' links stay in reach
        browser.manage().window().setSize(new Dimension(768, 1024));
        for (String page : List.of("/work", "/customers/" + amysCustomer, "/at-risk")) {
            browser.get(console + page);
            assertThat(((org.openqa.selenium.JavascriptExecutor) browser)
                            .executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("%s fits a tablet's width", page)
                    .isEqualTo(true);
            assertThat(browser.findElement(By.linkText("At risk")).isDisplayed())
                    .isTrue();
        }
        screenshot("at-risk-tablet");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // another owner's customer is answered as an unknown one
        browser.get(console + "/customers/" + bobsCustomer);
        assertThat(browser.findElement(By.id("customer-problem")).getText())
                .contains("no customer has id '" + bobsCustomer + "'");
        screenshot("another-owners-customer");

        // an admin page
        browser.get(console + "/catalogue/offer-templates/discount-10/edit");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not for your role");
    }

    @Test
    void anAdminEditsAnOfferTemplateAndSeesTheServicesReasonWhenItRefuses() throws Exception {
        browser = Browsers.chromium();
        signIn("ada-admin", "admin");
        browser.get(console + "/catalogue");
        JsonNode templates = json(Service.WINBACK, "/offer-templates");
        assertThat(browser.findElements(By.cssSelector("#offer-templates tbody tr")))
                .hasSize(templates.get("total").asInt());
        JsonNode playbooks = json(Service.ENGAGEMENT, "/playbooks?size=100");
        for (JsonNode playbook : playbooks.get("items")) {
            assertThat(browser.findElement(By.id("playbooks-heading"))
                            .findElement(By.xpath(".."))
                            .getText())
                    .contains(playbook.get("name").asText());
        }
        screenshot("playbooks-and-offers");

        browser.findElement(By.cssSelector("#offer-discount-10 a")).click();
        WebElement validity = waitFor(By.id("validityDays"));
        validity.clear();
        validity.sendKeys("21");
        browser.findElement(By.id("save")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/catalogue#offer-discount-10"));
        assertThat(json(Service.WINBACK, "/offer-templates/discount-10")
                        .get("validityDays")
                        .asInt())
                .isEqualTo(21);
        assertThat(browser.findElement(By.id("offer-discount-10")).getText()).contains("21 days");

        browser.get(console + "/catalogue/offer-templates/discount-10/edit");
        WebElement discount = waitFor(By.id("discountPercent"));
        discount.clear();
        discount.sendKeys("150");
        browser.findElement(By.id("save")).click();
        assertThat(waitFor(By.id("edit-problem")).getText()).containsIgnoringCase("discount");
        assertThat(json(Service.WINBACK, "/offer-templates/discount-10")
                        .get("discountPercent")
                        .asInt())
                .as("the refused change changed nothing")
                .isEqualTo(10);
        screenshot("edit-offer-template");

        // erasure, once the id is typed to confirm: every service forgets the customer
        String leaving = register("ada-admin");
        openTickets(leaving, 3);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status(Service.RISK, "/risk/" + leaving) == 200);
        browser.get(console + "/customers/" + leaving);
        browser.findElement(By.id("erase-confirm")).sendKeys("someone-else");
        browser.findElement(By.cssSelector("#erase button")).click();
        assertThat(waitFor(By.id("erase-notice")).getText()).isEqualTo("type the customer's id to confirm");
        assertThat(status(Service.CUSTOMER, "/customers/" + leaving)).isEqualTo(200);
        scrollTo(By.id("erase"));
        screenshot("erase");
        browser.findElement(By.id("erase-confirm")).sendKeys(leaving);
        browser.findElement(By.cssSelector("#erase button")).click();
        assertThat(waitFor(By.id("erased")).getText()).contains(leaving);
        assertThat(status(Service.CUSTOMER, "/customers/" + leaving)).isEqualTo(404);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status(Service.RISK, "/risk/" + leaving) == 404
                        && json(Service.ENGAGEMENT, "/follow-ups?customerId=" + leaving)
                                        .get("total")
                                        .asInt()
                                == 0);
        browser.get(console + "/customers/" + leaving);
        assertThat(browser.findElement(By.id("customer-problem")).getText()).contains("no customer has id");
    }

    @Test
    void anAnalystSeesWhoIsAtRiskTheWinbackAndPortfolioFiguresButNoWorkQueue() throws Exception {
        browser = Browsers.chromium();
        signIn("ann-analyst", "analyst");
        assertThat(browser.getCurrentUrl()).endsWith("/at-risk");
        String customer = register("ann-analyst");
        openTickets(customer, 3);
        // at risk for the tickets, and risk-service has read who owns the customer (on another topic than the tickets)
        String filters = "/risk?level=HIGH,MEDIUM&reason=OPEN_TICKETS&owner=ann-analyst&size=500";
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> json(Service.RISK, filters)
                        .get("items")
                        .findValuesAsText("customerId")
                        .contains(customer));
        browser.navigate().refresh();
        JsonNode high = json(Service.RISK, "/risk?level=HIGH&size=1");
        JsonNode medium = json(Service.RISK, "/risk?level=MEDIUM&size=1");
        assertThat(browser.findElement(By.id("high-count")).getText())
                .isEqualTo(high.get("total").asText());
        assertThat(browser.findElement(By.id("medium-count")).getText())
                .isEqualTo(medium.get("total").asText());
        assertThat(browser.findElement(By.id("at-risk")).getText()).contains(customer);
        // filtered by reason and owner, as risk-service filters them
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("reason"))).selectByValue("OPEN_TICKETS");
        browser.findElement(By.id("owner")).sendKeys("ann-analyst");
        browser.findElement(By.cssSelector("form.filters button")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("reason=OPEN_TICKETS"));
        JsonNode filtered = json(Service.RISK, filters);
        List<String> rows = browser.findElements(By.cssSelector("#at-risk tbody tr td:first-child")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(rows)
                .containsExactlyElementsOf(filtered.get("items").findValuesAsText("customerId"))
                .contains(customer);
        // beside each, the chance of churn risk-service gives (none for a customer who never bought)
        List<String> probabilities = new ArrayList<>();
        filtered.get("items")
                .forEach(item -> probabilities.add(
                        item.path("churnProbability").isNumber()
                                ? percent(item.get("churnProbability").asDouble())
                                : "–"));
        assertThat(browser.findElements(By.cssSelector("#at-risk tbody td.probability")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactlyElementsOf(probabilities);
        // how many stood at each level day by day: the chart draws the 30 days risk-service counts
        JsonNode levels = json(Service.RISK, "/risk/levels?days=30");
        assertThat(chartPoints("level-history", 1)).isEqualTo(30L);
        assertThat(
                        ((org.openqa.selenium.JavascriptExecutor) browser)
                                .executeScript(
                                        "const d = Chart.getChart('level-history').data.datasets[1].data; return d[d.length - 1]"))
                .isEqualTo(levels.get(29).get("medium").asLong());
        assertReadableContrast("at risk");
        screenshot("at-risk");

        // a customer who cancels over price gets a win-back offer: the win-back page's figures
        String cancelled = register("ann-analyst");
        postEvent(
                cancelled,
                "retention.purchase.completed",
                "{\"orderId\":\"o-1\",\"amount\":80.00,\"currency\":\"EUR\"}");
        postEvent(cancelled, "retention.subscription.cancelled", "{\"reason\":\"PRICE\"}");
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        json(Service.WINBACK, "/winback/stats").get("reasons").size() > 0);
        JsonNode stats = json(Service.WINBACK, "/winback/stats");
        browser.get(console + "/winback");
        for (JsonNode reason : stats.get("reasons")) {
            String name = reason.get("reason").asText();
            List<String> cells = browser.findElements(By.cssSelector("#winback-table-" + name + " tbody tr")).stream()
                    .map(WebElement::getText)
                    .toList();
            assertThat(cells).hasSize(1 + reason.get("arms").size());
            for (int i = 0; i < reason.get("arms").size(); i++) {
                JsonNode arm = reason.get("arms").get(i);
                assertThat(cells.get(1 + i))
                        .startsWith(arm.get("arm").asText() + " "
                                + arm.get("customers").asText() + " "
                                + arm.get("issued").asText() + " "
                                + arm.get("redeemed").asText() + " "
                                + arm.get("wonBack").asText() + " "
                                + percent(arm.get("winBackRate").asDouble()));
            }
            assertThat(chartPoints("winback-" + name, 1))
                    .isEqualTo((long) (1 + reason.get("arms").size()));
        }
        assertThat(browser.findElement(By.id("lost")).getText()).contains(cancelled);
        // the offers made, with their status, filtered as winback-service filters them
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> json(Service.WINBACK, "/offers?customerId=" + cancelled)
                                .get("total")
                                .asInt()
                        > 0);
        JsonNode offer = json(Service.WINBACK, "/offers?customerId=" + cancelled)
                .get("items")
                .get(0);
        browser.get(console + "/winback");
        assertThat(browser.findElement(By.id("offers")).getText())
                .contains(offer.get("code").asText() + " " + cancelled);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("offer-status"))).selectByValue("ISSUED");
        browser.findElement(By.id("offer-status"))
                .findElement(By.xpath("following-sibling::button"))
                .click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("offerStatus=ISSUED"));
        assertThat(browser.findElement(By.id("offers-total")).getText())
                .isEqualTo(json(Service.WINBACK, "/offers?status=ISSUED&size=1")
                                .get("total")
                                .asText()
                        + " offers ISSUED.");
        assertReadableContrast("win-back");
        screenshot("winback");

        // how good the risk score is: a year of purchases of 30 buyers (history), the purchase model fitted on it,
        // snapshots judged where 13 weeks have passed; every buyer bought in the last two weeks, so none is lapsed now
        java.time.Instant now = java.time.Instant.now();
        String aBuyer = null;
        for (int i = 0; i < 30; i++) {
            String buyer = "quality-" + UUID.randomUUID();
            aBuyer = buyer;
            for (int daysAgo = 400 - i; daysAgo >= 3; daysAgo -= 14) {
                // every other buyer paused from 250 days ago until 2 days ago: churned after the grid days between
                if (i % 2 == 1 && daysAgo < 250) {
                    continue;
                }
                postEventAt(
                        buyer,
                        "retention.purchase.completed",
                        now.minus(Duration.ofDays(daysAgo)),
                        "{\"orderId\":\"q-" + daysAgo + "\",\"amount\":" + (20 + i) + ",\"currency\":\"EUR\"}");
            }
            if (i % 2 == 1) {
                postEventAt(
                        buyer,
                        "retention.purchase.completed",
                        now.minus(Duration.ofDays(2)),
                        "{\"orderId\":\"q-back\",\"amount\":" + (20 + i) + ",\"currency\":\"EUR\"}");
            }
        }
        await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> HTTP.send(
                                        platform.request(Service.RISK, "/risk/model/fit")
                                                .POST(HttpRequest.BodyPublishers.noBody())
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> json(Service.RISK, "/risk/model")
                        .at("/validation/validatedOn")
                        .isTextual());
        JsonNode validation = json(Service.RISK, "/risk/model").get("validation");

        // the portfolio: customers by stage now, as GET /kpis counts them
        JsonNode kpis = json(Service.CUSTOMER, "/kpis");
        browser.get(console + "/portfolio");
        assertThat(browser.findElements(By.cssSelector("#kpi-table tbody tr"))).hasSize(6);
        Object drawn = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("const c = Chart.getChart('by-stage'); return JSON.stringify("
                        + "Object.fromEntries(c.data.labels.map((l, i) => [l, c.data.datasets[0].data[i]])))");
        assertThat(Json.MAPPER.readTree((String) drawn)).isEqualTo(kpis.get("byStage"));
        assertThat(chartPoints("kpi-trend", 0)).isEqualTo(6L);
        assertThat(browser.findElement(By.id("in-force")).getText()).isEqualTo("shipped");
        assertThat(browser.findElement(By.id("quality-table")).getText())
                .contains("shipped weights "
                        + String.format(
                                Locale.ROOT,
                                "%.4f %.4f",
                                validation.at("/shipped/auc").asDouble(),
                                validation.at("/shipped/brier").asDouble()));
        assertThat(chartPoints("calibration", 0))
                .isEqualTo((long) validation.at("/shipped/calibration").size());
        screenshot("portfolio");
        scrollTo(By.id("score-quality"));
        screenshot("score-quality");
        assertReadableContrast("portfolio");

        // the buyer's churn probability, once the calibrated score in force has re-scored them, on their page
        String buyer = aBuyer;
        JsonNode buyersRisk = await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> json(Service.RISK, "/risk/" + buyer),
                        found -> found.get("churnProbability").isNumber());
        browser.get(console + "/customers/" + buyer);
        assertThat(browser.findElement(By.id("churn-probability")).getText())
                .isEqualTo(percent(buyersRisk.get("churnProbability").asDouble()));

        browser.get(console + "/work");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not for your role");
        assertThat(browser.findElement(By.className("problem")).getText())
                .contains("My work is for admin or account-manager");
    }

    @Test
    void markupInWhatPeopleTypeIsShownAsTextAndNeverRuns() throws Exception {
        String mia = "mia-" + UUID.randomUUID().toString().substring(0, 8);
        String markup = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script> & Co";
        String customer = register(mia, markup);

        browser = Browsers.chromium();
        signIn(mia, "account-manager");
        browser.get(console + "/customers/" + customer);
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith(markup);
        browser.findElement(By.id("consent-evidence")).sendKeys("<b onmouseover=\"window.pwned=3\">signed</b>");
        browser.findElement(By.cssSelector("#record-consent button")).click();
        waitFor(By.id("consent-notice"));
        assertThat(browser.findElement(By.id("consents-in-force")).getText())
                .contains("<b onmouseover=\"window.pwned=3\">signed</b>");
        browser.navigate().refresh();
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser)
                        .executeScript(
                                "return [typeof window.pwned, document.querySelectorAll('img[src=x], b[onmouseover]')"
                                        + ".length, document.title]"))
                .as("nothing typed became an element or ran")
                .isEqualTo(List.of("undefined", 0L, browser.getTitle()));
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith(markup);
    }

    @Test
    void withoutASessionEveryPageSendsYouToSignIn() {
        browser = Browsers.chromium();
        browser.get(console + "/customers/anyone");
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        screenshot("sign-in");
    }

    /** How many points the page's chart draws in one of its data sets. */
    private Object chartPoints(String canvas, int dataset) {
        return ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return Chart.getChart('" + canvas + "').data.datasets[" + dataset + "].data.length");
    }

    private void signIn(String user, String role) {
        browser.get(console + "/sign-in");
        WebElement name = browser.findElement(By.id("user"));
        name.clear();
        name.sendKeys(user);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("role"))).selectByValue(role);
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.not(ExpectedConditions.urlContains("/sign-in")));
    }

    /**
     * Every visible text on the page against its background reaches WCAG AA contrast: 4.5:1, or 3:1 for large text
     * (24 px, or 18.66 px bold).
     */
    private void assertReadableContrast(String page) {
        Object low = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const channels = c => c.match(/rgba?\\(([^)]+)\\)/)[1].split(',').map(Number);
                const luminance = c => {
                  const [r, g, b] = channels(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                };
                const background = el => {
                  for (let e = el; e; e = e.parentElement) {
                    const c = getComputedStyle(e).backgroundColor, p = channels(c);
                    if (p.length < 4 || p[3] > 0) return c;
                  }
                  return 'rgb(255, 255, 255)';
                };
                const low = [];
                for (const el of document.querySelectorAll('body *')) {
                  if (el.getClientRects().length === 0) continue;
                  if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
                  const style = getComputedStyle(el), fg = luminance(style.color), bg = luminance(background(el));
                  const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
                  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
                  if (ratio < (size >= 24 || (bold && size >= 18.66) ? 3 : 4.5)) {
                    low.push(el.tagName + ' "' + el.textContent.trim().slice(0, 40) + '" ' + ratio.toFixed(2));
                  }
                }
                return low;
                """);
        assertThat((List<?>) low).as("text below AA contrast on %s", page).isEmpty();
    }

    private void scrollTo(By locator) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView()", browser.findElement(locator));
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private void screenshot(String page) {
        Browsers.screenshot(browser, page);
    }

    /** Registers a customer owned by {@code owner}; answers the id. */
    private static String register(String owner) throws Exception {
        return register(owner, "Console Customer");
    }

    /** Registers a customer owned by {@code owner} with the name given; answers the id. */
    private static String register(String owner, String name) throws Exception {
        String customer = "console-" + UUID.randomUUID();
        HttpResponse<String> created = HTTP.send(
                platform.request(Service.CUSTOMER, "/customers")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(Map.of(
                                "customerId", customer,
                                "name", name,
                                "email", customer + "@example.com",
                                "owner", owner))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return customer;
    }

    /** Opens tickets for the customer through customer-service's HTTP ingestion, as a support tool would. */
    private static void openTickets(String customer, int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            postEvent(
                    customer,
                    "retention.ticket.opened",
                    "{\"ticketId\":\"t-" + i + "\",\"category\":\"BUG\",\"priority\":\"HIGH\"}");
        }
    }

    /** One structured-mode CloudEvent through {@code POST /events}. */
    private static void postEvent(String customer, String type, String data) throws Exception {
        postEventAt(customer, type, java.time.Instant.now(), data);
    }

    /** The same, of an event that happened at {@code time}. */
    private static void postEventAt(String customer, String type, java.time.Instant time, String data)
            throws Exception {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                + "\",\"source\":\"/console-it\",\"type\":\"" + type + "\",\"time\":\""
                + time + "\",\"subject\":\"" + customer
                + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
        HttpResponse<String> accepted = HTTP.send(
                platform.request(Service.CUSTOMER, "/events")
                        .header("content-type", "application/cloudevents+json")
                        .POST(HttpRequest.BodyPublishers.ofString(event))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isBetween(200, 202);
    }

    /** A follow-up as engagement-service has it now. */
    private static JsonNode followUp(String id) throws Exception {
        for (JsonNode followUp :
                json(Service.ENGAGEMENT, "/follow-ups?size=500").get("items")) {
            if (followUp.get("id").asText().equals(id)) {
                return followUp;
            }
        }
        throw new AssertionError("no follow-up " + id);
    }

    private static int status(Service service, String path) throws Exception {
        return HTTP.send(platform.request(service, path).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** The id of the customer's onboarding welcome call, once engagement-service has planned it. */
    private static String awaitWelcomeCall(String customer) {
        String[] id = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode page = json(Service.ENGAGEMENT, "/follow-ups?status=OPEN&customerId=" + customer);
            for (JsonNode followUp : page.get("items")) {
                if ("welcome-call".equals(followUp.get("step").asText())) {
                    id[0] = followUp.get("id").asText();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private static JsonNode json(Service service, String path) throws Exception {
        HttpResponse<String> response =
                HTTP.send(platform.request(service, path).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    /** A fraction as the console shows it: a percentage with one decimal. */
    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }
}
