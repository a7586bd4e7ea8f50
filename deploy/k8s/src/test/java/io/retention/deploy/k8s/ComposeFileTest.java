package io.retention.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose file for users with Docker (no Docker engine here to run it): the four services built by the one
 * Dockerfile, each given settings it reads and every setting a laptop default cannot serve, a database each, the
 * contract's ports, readiness as health, and secrets only from the environment.
 */
class ComposeFileTest {
    private static final Path DEPLOY = Rendered.MODULE.resolve("..");
    private static final Map<String, Integer> PORTS =
            Map.of("customer-service", 8081, "risk-service", 8082, "engagement-service", 8083, "winback-service", 8084);

    @Test
    void everyServiceIsBuiltRunAndConfiguredAsItReadsItsSettings() throws Exception {
        // SnakeYAML applies anchors and merge keys (<<: *service) as compose does; Jackson's YAML reader does not
        JsonNode compose =
                Rendered.JSON.valueToTree(new Yaml().load(Files.readString(DEPLOY.resolve("compose/compose.yaml"))));
        String databases = Files.readString(DEPLOY.resolve("compose/init-databases.sql"));
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        assertThat(dockerfile)
                .contains("COPY --chown=185 ${SERVICE}/target/quarkus-app/")
                .contains("USER 185");

        for (String service : ServiceSettings.MODULES) {
            ServiceSettings settings = ServiceSettings.of(service);
            JsonNode definition = compose.at("/services/" + service);
            assertThat(definition.isMissingNode()).as(service).isFalse();
            assertThat(definition.at("/build/dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile");
            assertThat(definition.at("/build/args/SERVICE").asText()).isEqualTo(service);
            assertThat(definition.at("/ports/0").asText()).isEqualTo(PORTS.get(service) + ":" + PORTS.get(service));
            assertThat(definition.at("/healthcheck/test/1").asText())
                    .contains("localhost:" + PORTS.get(service) + "/q/health/ready");
            assertThat(definition.at("/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
            assertThat(definition.at("/read_only").asBoolean()).isTrue();

            Map<String, String> environment = new TreeMap<>();
            definition
                    .path("environment")
                    .fields()
                    .forEachRemaining(
                            e -> environment.put(e.getKey(), e.getValue().asText()));
            assertThat(environment.keySet())
                    .allSatisfy(variable -> assertThat(settings.reads(variable))
                            .as("%s reads %s", service, variable)
                            .isTrue());
            assertThat(environment.keySet())
                    .containsAll(settings.keysAClusterMustSet().stream()
                            .map(ServiceSettings::environmentName)
                            .toList());
            assertThat(environment).containsEntry("RETENTION_DB_NAME", settings.databaseName());
            assertThat(databases).contains("create database " + settings.databaseName() + ";");
            environment.forEach((variable, value) -> {
                if (variable.matches(".*(PASSWORD|SECRET).*")) {
                    assertThat(value)
                            .as("%s of %s comes from the environment", variable, service)
                            .startsWith("${");
                }
            });
        }
        assertThat(Set.of("kafka", "postgres", "mail"))
                .allSatisfy(part -> assertThat(compose.at("/services/" + part).isMissingNode())
                        .isFalse());
    }
}
