package io.retention.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real identity provider for tests: Keycloak's own distribution (unpacked by the build from Maven Central) in dev
 * mode, with the realm {@code retention} of {@code src/test/resources/keycloak/retention-realm.json} imported.
 */
final class Keycloak implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration START_LIMIT = Duration.ofMinutes(4);

    private final Process process;
    private final int port;

    private Keycloak(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Keycloak on {@code port}, its data and log under {@code work}; returns once the realm answers. */
    static Keycloak start(Path home, Path work, int port) throws Exception {
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(
                    home + " holds no Keycloak: the build unpacks it (mvn verify -pl deploy/e2e)");
        }
        // the realm is imported from the distribution's data/import at start; dev mode keeps its H2 database there too
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        try (InputStream realm = Keycloak.class.getResourceAsStream("/keycloak/retention-realm.json")) {
            Files.copy(realm, imports.resolve("retention-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        // a fresh realm each run: dev mode's H2 files would keep an earlier run's
        Path h2 = home.resolve("data/h2");
        if (Files.isDirectory(h2)) {
            try (var files = Files.walk(h2)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            }
        }
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(
                List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--http-port=" + port, "--import-realm"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("keycloak.log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx384m");
        Keycloak keycloak = new Keycloak(builder.start(), port);
        keycloak.awaitRealm(work.resolve("keycloak.log"));
        return keycloak;
    }

    /** The realm's issuer: what tokens carry in {@code iss} and where OpenID Connect discovery starts. */
    String issuer() {
        return "http://localhost:" + port + "/realms/retention";
    }

    /** The realm's public keys (JWKS), as the services verify tokens with them. */
    String jwks() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** An access token of a confidential client's own service account (client credentials grant). */
    String clientToken(String clientId, String secret) throws Exception {
        String form =
                "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token: " + response.body());
        }
        JsonNode token = Json.MAPPER.readTree(response.body());
        return token.get("access_token").asText();
    }

    private void awaitRealm(Path log) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(discovery).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak did not serve the realm within " + START_LIMIT + "; see " + log);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
