package io.retention.local.testing;

import io.retention.local.Database;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server tests use: the one at {@code RETENTION_TEST_DB_HOST}:{@code RETENTION_TEST_DB_PORT} (default
 * 127.0.0.1:5432, user postgres, as developer and CI machines have), or an embedded one where none answers.
 */
public final class TestDatabases {
    private TestDatabases() {}

    public static Database openServer() throws Exception {
        String host = System.getenv().getOrDefault("RETENTION_TEST_DB_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("RETENTION_TEST_DB_PORT", "5432"));
        String user = System.getenv().getOrDefault("RETENTION_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("RETENTION_TEST_DB_PASSWORD", "");
        Database reachable = Database.reachable(host, port, user, password);
        return reachable != null ? reachable : Database.embedded(null, 0);
    }

    /** A database name (or prefix) no other test run uses. */
    public static String uniqueName(String prefix) {
        return (prefix + "_test_"
                        + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
    }
}
