package io.retention.local.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retention.local.Database;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a Quarkus test a fresh database of its own on a real PostgreSQL, dropped afterwards. It uses the server at
 * {@code RETENTION_TEST_DB_HOST}:{@code RETENTION_TEST_DB_PORT} (default 127.0.0.1:5432, user postgres, as developer
 * and CI machines have) and starts an embedded PostgreSQL where none answers.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private Database server;
    private String databaseName;

    /** Opens the server tests should use: the configured one if it answers, else an embedded one. */
    public static Database openServer() throws Exception {
        String host = System.getenv().getOrDefault("RETENTION_TEST_DB_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("RETENTION_TEST_DB_PORT", "5432"));
        String user = System.getenv().getOrDefault("RETENTION_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("RETENTION_TEST_DB_PASSWORD", "");
        Database reachable = Database.reachable(host, port, user, password);
        return reachable != null ? reachable : Database.embedded(null, 0);
    }

    /** A database name no other test run uses. */
    public static String uniqueName(String prefix) {
        return (prefix + "_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = openServer();
            databaseName = uniqueName("svc");
            server.ensureDatabase(databaseName);
        } catch (Exception e) {
            throw new IllegalStateException("cannot provide a test database", e);
        }
        return Map.of(
                "retention.db.host", server.host(),
                "retention.db.port", String.valueOf(server.port()),
                "retention.db.name", databaseName,
                "retention.db.user", server.user(),
                "retention.db.password", server.password());
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.dropDatabase(databaseName);
                server.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot drop test database " + databaseName, e);
        }
    }
}
