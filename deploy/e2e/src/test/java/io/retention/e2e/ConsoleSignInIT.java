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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Sign-in as production does it: a real identity provider (Keycloak) signs people in through the OpenID Connect code
 * flow, the console calls the services with the provider's access token, and the services verify it against the
 * provider's keys, taking roles from its groups claim and the owner from {@code preferred_username}. risk-service is
 * not started: the pages that need it say so and the rest works.
 */
class ConsoleSignInIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EnumSet<Service> STARTED = EnumSet.of(Service.CUSTOMER, Service.ENGAGEMENT);

    private static Keycloak keycloak;
    private static Database database;
    private static String databasePrefix;
    private static Platform platform;
    private static String console;

    @BeforeAll
    static void start() throws Exception {
        Browsers.prepare();
        Path work = Files.createTempDirectory("retention-sign-in-");
        keycloak = Keycloak.start(Path.of(System.getProperty("retention.keycloak.home")), work, KafkaBroker.freePort());

        database = TestDatabases.openServer();
        databasePrefix = TestDatabases.uniqueName("signin") + "_";
        Map<Service, Integer> ports = Runs.servicePorts();
        platform = Platform.start(new Platform.Settings(
                Path.of(System.getProperty("retention.project.root")),
                work,
                null,
                0,
                database,
                0,
                databasePrefix,
                ports,
                List.of(
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        // services and console trust the provider's tokens, as in production
                        "-Dmp.jwt.verify.publickey.location=" + keycloak.jwks(),
                        "-Dmp.jwt.verify.issuer=" + keycloak.issuer(),
                        "-Dretention.auth.owner-claim=preferred_username",
                        // the console signs people in with the provider
                        "-Dquarkus.oidc.tenant-enabled=true",
                        "-Dquarkus.oidc.auth-server-url=" + keycloak.issuer(),
                        "-Dquarkus.oidc.client-id=console",
                        "-Dquarkus.oidc.credentials.secret=console-test-secret",
                        "-Dretention.console.work-horizon-days=3"),
                STARTED,
                KafkaBroker.freePort()));
        console = platform.consoleUrl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
        for (Service service : STARTED) {
            database.dropDatabase(databasePrefix + service.database());
        }
        database.close();
    }

    @Test
    void anAccountManagerSignsInWithTheIdentityProviderAndWorksWithItsToken() throws Exception {
        String admin = keycloak.clientToken("e2e-admin", "e2e-admin-test-secret");
        String amysCustomer = register(admin, "amy");
        String bobsCustomer = register(admin, "bob");
        String call = awaitWelcomeCall(admin, amysCustomer);
        // the launcher's own tokens mean nothing here: the services trust the provider alone
        assertThat(HTTP.send(
                                platform.request(Service.CUSTOMER, "/customers/" + amysCustomer)
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(401);

        WebDriver browser = Browsers.chromium();
        try {
            browser.get(console + "/work");
            // no session: straight to the provider's sign-in form
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/realms/retention/"));
            Browsers.screenshot(browser, "identity-provider-sign-in");
            browser.findElement(By.id("username")).sendKeys("amy");
            browser.findElement(By.id("password")).sendKeys("amy-test-password");
            browser.findElement(By.id("kc-login")).click();

            new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(console + "/work"));
            assertThat(browser.findElement(By.className("who")).getText()).contains("amy", "account-manager");
            assertThat(browser.findElement(By.id("follow-up-" + call)).getText())
                    .contains(amysCustomer);
            assertThat(browser.findElement(By.id("work")).getText())
                    .as("the owner is the provider's user name")
                    .doesNotContain(bobsCustomer);
            assertThat(browser.findElement(By.id("follow-up-" + call)).getText())
                    .as("a service that is down is said so beside what needs it")
                    .contains("risk-service cannot be reached");
            Browsers.screenshot(browser, "work-signed-in-with-the-identity-provider");

            browser.get(console + "/customers/" + amysCustomer);
            assertThat(browser.findElement(By.id("stage")).getText()).isNotBlank();
            browser.get(console + "/customers/" + bobsCustomer);
            assertThat(browser.findElement(By.id("customer-problem")).getText())
                    .contains("no customer has id '" + bobsCustomer + "'");
            browser.get(console + "/catalogue/offer-templates/discount-10/edit");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not for your role");

            // signing out ends the provider's session too: the next visit asks for the password again
            browser.get(console + "/work");
            browser.findElement(By.cssSelector(".who button")).click();
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlMatches("^" + console + "/sign-in(\\?.*)?$"));
            browser.get(console + "/work");
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/realms/retention/"));
            assertThat(browser.findElement(By.id("password")).isDisplayed()).isTrue();
        } finally {
            browser.quit();
        }
    }

    /** Registers a customer owned by {@code owner} with the provider's admin token; answers the id. */
    private static String register(String token, String owner) throws Exception {
        String customer = "signin-" + UUID.randomUUID();
        HttpResponse<String> created = HTTP.send(
                HttpRequest.newBuilder(URI.create(platform.url(Service.CUSTOMER) + "/customers"))
                        .header("Authorization", "Bearer " + token)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"" + customer
                                + "\",\"name\":\"Signed-in Customer\",\"email\":\"" + customer
                                + "@example.com\",\"owner\":\"" + owner + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return customer;
    }

    /** The id of the customer's onboarding welcome call, once engagement-service has planned it. */
    private static String awaitWelcomeCall(String token, String customer) {
        String[] id = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(platform.url(Service.ENGAGEMENT)
                                    + "/follow-ups?status=OPEN&customerId=" + customer))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            for (JsonNode followUp : Json.MAPPER.readTree(response.body()).get("items")) {
                if ("welcome-call".equals(followUp.get("step").asText())) {
                    id[0] = followUp.get("id").asText();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }
}
