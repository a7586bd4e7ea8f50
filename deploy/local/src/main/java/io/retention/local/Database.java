package io.retention.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * A PostgreSQL server the platform can create its databases in: one that is already running (configured, or the
 * machine's own at 127.0.0.1:5432), or a real PostgreSQL started from the embedded binaries.
 */
public final class Database implements AutoCloseable {
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;

    private Database(String host, int port, String user, String password, EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /** A server that is already running; fails if it cannot be reached. */
    public static Database external(String host, int port, String user, String password) throws SQLException {
        Database database = new Database(host, port, user, password, null);
        try (Connection ignored = database.connect("postgres")) {
            return database;
        }
    }

    /** The server at host:port if it answers, otherwise null. */
    public static Database reachable(String host, int port, String user, String password) {
        try {
            return external(host, port, user, password);
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Starts a real PostgreSQL from the embedded binaries. Durable: the embedded defaults turn {@code fsync} and
     * {@code synchronous_commit} off, and a crash of the database would then lose transactions whose Kafka offsets
     * are already committed, or corrupt it.
     *
     * @param dataDir where it keeps its data, kept across restarts; null for a throw-away directory
     * @param port    its port, or 0 for a free one
     */
    public static Database embedded(Path dataDir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(Database::binaries)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        if (port != 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        return new Database("localhost", postgres.getPort(), "postgres", "", postgres);
    }

    /**
     * The PostgreSQL binaries for this system, the first on the class path: a packaged launcher's jar also lists its
     * lib folder, and the library's own resolver refuses to choose between two copies of the same archive.
     */
    private static InputStream binaries(String system, String hardware) throws IOException {
        String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + hardware.toLowerCase(Locale.ROOT) + ".txz";
        InputStream binaries = Database.class.getResourceAsStream("/" + name);
        if (binaries == null) {
            throw new IOException("no embedded PostgreSQL binaries " + name + " on the class path");
        }
        return binaries;
    }

    /** Creates the database unless it exists. */
    public void ensureDatabase(String name) throws SQLException {
        requireSafeName(name);
        try (Connection connection = connect("postgres");
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database \"" + name + "\"");
            }
        }
    }

    /** Drops the database, closing the connections still open to it. */
    public void dropDatabase(String name) throws SQLException {
        requireSafeName(name);
        try (Connection connection = connect("postgres");
                Statement drop = connection.createStatement()) {
            drop.execute("drop database if exists \"" + name + "\" with (force)");
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static void requireSafeName(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a database name this launcher creates: " + name);
        }
    }
}
