package io.retention.local;

import java.nio.file.Path;

/** The four services of the platform: module, default port and database name. */
public enum Service {
    CUSTOMER("customer-service", 8081, "customer"),
    RISK("risk-service", 8082, "risk"),
    ENGAGEMENT("engagement-service", 8083, "engagement"),
    WINBACK("winback-service", 8084, "winback");

    private final String module;
    private final int defaultPort;
    private final String database;

    Service(String module, int defaultPort, String database) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.database = database;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String database() {
        return database;
    }

    /** The packaged Quarkus application below the project's root. */
    public Path runner(Path projectRoot) {
        return projectRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
