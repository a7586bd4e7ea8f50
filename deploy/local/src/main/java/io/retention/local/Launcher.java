package io.retention.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The run command: starts the platform with embedded defaults and keeps it up until Ctrl-C.
 *
 * <p>Configuration by environment variables: {@code RETENTION_HOME} (the checkout, default the working directory),
 * {@code RETENTION_DATA_DIR} (default {@code .retention-data} in it), {@code KAFKA_BOOTSTRAP_SERVERS} (use that broker
 * instead of starting one), {@code RETENTION_KAFKA_PORT} (default 9092), {@code RETENTION_DB_HOST},
 * {@code RETENTION_DB_PORT}, {@code RETENTION_DB_USER}, {@code RETENTION_DB_PASSWORD} (use that PostgreSQL instead of
 * the embedded one), {@code RETENTION_EMBEDDED_DB_PORT} (default 5433), {@code RETENTION_SERVICE_JVM_OPTS},
 * {@code RETENTION_CONSOLE_PORT} (default 8080).
 * The argument {@code --demo} adds demo traffic.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        Map<String, String> env = System.getenv();
        Path root = Path.of(env.getOrDefault("RETENTION_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Database database = null;
        if (env.containsKey("RETENTION_DB_HOST")) {
            database = Database.external(
                    env.get("RETENTION_DB_HOST"),
                    Integer.parseInt(env.getOrDefault("RETENTION_DB_PORT", "5432")),
                    env.getOrDefault("RETENTION_DB_USER", "postgres"),
                    env.getOrDefault("RETENTION_DB_PASSWORD", ""));
        }
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, service.defaultPort());
        }
        Platform.Settings settings = new Platform.Settings(
                root,
                Path.of(env.getOrDefault(
                        "RETENTION_DATA_DIR", root.resolve(".retention-data").toString())),
                env.get("KAFKA_BOOTSTRAP_SERVERS"),
                Integer.parseInt(env.getOrDefault("RETENTION_KAFKA_PORT", "9092")),
                database,
                Integer.parseInt(env.getOrDefault("RETENTION_EMBEDDED_DB_PORT", "5433")),
                "",
                ports,
                List.of(env.getOrDefault("RETENTION_SERVICE_JVM_OPTS", "-Xmx384m -XX:+UseSerialGC")
                        .split("\\s+")),
                EnumSet.allOf(Service.class),
                Integer.parseInt(env.getOrDefault("RETENTION_CONSOLE_PORT", "8080")));

        Platform platform = Platform.start(settings);
        DemoTraffic demo = Arrays.asList(args).contains("--demo") ? DemoTraffic.start(platform) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Platform.log("stopping");
            try {
                if (demo != null) {
                    demo.close();
                }
                platform.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        Platform.log("Kafka bootstrap servers: %s", platform.bootstrapServers());
        for (Service service : Service.values()) {
            Platform.log(
                    "%-19s %s  (Swagger UI %s/q/swagger-ui, log %s)",
                    service.module(), platform.url(service), platform.url(service), platform.logFile(service));
        }
        Platform.log(
                "%-19s %s  (sign in with any user name and a role; log %s)",
                "console", platform.consoleUrl(), platform.consoleLogFile());
        Path tokenFile = settings.dataDir().resolve("tokens.env");
        StringBuilder tokens =
                new StringBuilder("# bearer tokens of this run (its own signing key; valid for a day)\n");
        for (String role : Tokens.ROLES) {
            tokens.append(role.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))
                    .append("_TOKEN=")
                    .append(platform.token(role))
                    .append('\n');
        }
        Files.writeString(tokenFile, tokens);
        Platform.log(
                "REST wants a bearer token: source %s, then curl -H \"Authorization: Bearer $ADMIN_TOKEN\" ...",
                tokenFile);
        Platform.log("running%s; Ctrl-C stops", demo != null ? " with demo traffic" : "");
        stopped.await();
    }
}
