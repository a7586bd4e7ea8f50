package io.retention.deploy.k8s;

import static io.retention.deploy.k8s.Rendered.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonParser;
import io.retention.contract.Topics;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every overlay with kustomize and checks what a cluster would be given: each object against the schema of
 * its kind (Kubernetes, Strimzi, CloudNativePG, KEDA), and the platform's promises about it: probes, resources,
 * disruption budgets, lag-based scaling, a database per service, the contract's topics with dead-letter topics, TLS
 * and SCRAM in production, no secret in a file, and settings that are the ones the services read.
 */
class ManifestsTest {
    private static final List<String> OVERLAYS = List.of("dev", "prod");
    /** The ports the contract gives the services. */
    private static final Map<String, Integer> PORTS =
            Map.of("customer-service", 8081, "risk-service", 8082, "engagement-service", 8083, "winback-service", 8084);
    /** Secrets made by hand in the cluster; the README's runbook says how. */
    private static final Set<String> HAND_MADE_SECRETS = Set.of("engagement-delivery", "console-oidc");

    private static final Map<String, Rendered> RENDERED = new HashMap<>();
    private static final Map<String, ServiceSettings> SETTINGS = new HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        Rendered.prepareTools();
        for (String overlay : OVERLAYS) {
            RENDERED.put(overlay, Rendered.render(overlay));
        }
        for (String module : ServiceSettings.MODULES) {
            SETTINGS.put(module, ServiceSettings.of(module));
        }
    }

    @Test
    void everyObjectOfEveryOverlayMatchesTheSchemaOfItsKind() throws Exception {
        for (Rendered rendered : RENDERED.values()) {
            Map<String, List<String>> errors = Rendered.schemaErrors(rendered.file());
            assertThat(errors)
                    .as("objects checked in %s", rendered.overlay())
                    .hasSize(rendered.objects().size());
            assertThat(errors)
                    .as("schema errors in %s", rendered.overlay())
                    .allSatisfy((object, messages) ->
                            assertThat(messages).as(object).isEmpty());
            for (JsonNode object : rendered.objects()) {
                if (isCoreKind(object)) {
                    strictlyValid(object);
                }
            }
        }
    }

    @Test
    void theSchemaCheckCatchesMisspeltFieldsWrongTypesAndMissingParts() throws Exception {
        Path broken = Path.of(getClass().getResource("/broken.yaml").toURI());
        Map<String, List<String>> errors = Rendered.schemaErrors(broken);
        assertThat(errors.get("Service/port-as-text"))
                .singleElement()
                .asString()
                .contains("port");
        assertThat(errors.get("KafkaTopic/wordy-topic"))
                .singleElement()
                .asString()
                .contains("partitions must be integer");
        assertThat(errors.get("ScaledObject/no-target"))
                .singleElement()
                .asString()
                .contains("scaleTargetRef");
        JsonNode misspelt = Rendered.parse(Files.readString(broken)).get(0);
        assertThatThrownBy(() -> strictlyValid(misspelt)).hasMessageContaining("replica");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsProbedSizedProtectedAndScaledOnItsConsumerLag(String overlay) {
        Rendered rendered = RENDERED.get(overlay);
        int fewestPartitions = rendered.ofKind("KafkaTopic").stream()
                .filter(topic -> Topics.ALL.contains(topic.at("/spec/topicName").asText()))
                .mapToInt(topic -> topic.at("/spec/partitions").asInt())
                .min()
                .orElseThrow();
        assertThat(rendered.ofKind("Deployment"))
                .extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(ServiceSettings.MODULES.stream(), Stream.of("console"))
                                .toList());
        for (String service : ServiceSettings.MODULES) {
            JsonNode deployment = rendered.get("Deployment", service);
            JsonNode pod = deployment.at("/spec/template");
            JsonNode container = pod.at("/spec/containers/0");
            assertThat(container.at("/image").asText())
                    .as(service)
                    .startsWith("ghcr.io/retention-platform/" + service + ":");
            assertThat(container.at("/ports/0/containerPort").asInt())
                    .as(service)
                    .isEqualTo(PORTS.get(service));
            assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(Stream.of("startupProbe", "livenessProbe", "readinessProbe")
                            .map(p -> container.at("/" + p + "/httpGet/port").asText()))
                    .containsOnly("http");
            assertThat(container.at("/resources/requests/cpu").isMissingNode())
                    .as(service + " cpu request")
                    .isFalse();
            assertThat(container.at("/resources/requests/memory").isMissingNode())
                    .as(service + " memory request")
                    .isFalse();
            assertThat(container.at("/resources/limits/memory").isMissingNode())
                    .as(service + " memory limit")
                    .isFalse();
            assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                    .isTrue();

            Map<String, String> podLabels = labels(pod.at("/metadata/labels"));
            JsonNode service_ = rendered.get("Service", service);
            assertThat(podLabels).containsAllEntriesOf(labels(service_.at("/spec/selector")));
            assertThat(service_.at("/spec/ports/0/port").asInt()).isEqualTo(PORTS.get(service));
            JsonNode budget = rendered.get("PodDisruptionBudget", service);
            assertThat(podLabels).containsAllEntriesOf(labels(budget.at("/spec/selector/matchLabels")));
            assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);

            JsonNode scaling = rendered.get("ScaledObject", service);
            assertThat(scaling.at("/spec/scaleTargetRef/name").asText()).isEqualTo(service);
            assertThat(scaling.at("/spec/triggers/0/type").asText()).isEqualTo("kafka");
            // Quarkus' consumer group is the application's name
            assertThat(scaling.at("/spec/triggers/0/metadata/consumerGroup").asText())
                    .isEqualTo(SETTINGS.get(service).applicationName());
            assertThat(scaling.at("/spec/triggers/0/metadata/bootstrapServersFromEnv")
                            .asText())
                    .isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
            // more consumers than partitions would sit idle
            assertThat(scaling.at("/spec/maxReplicaCount").asInt()).isBetween(1, fewestPartitions);
            assertThat(scaling.at("/spec/minReplicaCount").asInt()).isEqualTo(overlay.equals("prod") ? 2 : 1);
        }
        // nothing reaches the pods but what a policy lets in
        JsonNode denyAll = rendered.get("NetworkPolicy", "default-deny-ingress");
        assertThat(denyAll.at("/spec/podSelector").isEmpty()).isTrue();
        assertThat(denyAll.at("/spec/ingress").isMissingNode()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theConsoleIsProbedSizedProtectedAndCallsTheServicesByTheirServiceNames(String overlay) {
        Rendered rendered = RENDERED.get(overlay);
        JsonNode pod = rendered.get("Deployment", "console").at("/spec/template");
        JsonNode container = pod.at("/spec/containers/0");
        assertThat(container.at("/image").asText()).startsWith("ghcr.io/retention-platform/console:");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/resources/limits/memory").isMissingNode()).isFalse();
        assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
        Map<String, String> env = new HashMap<>();
        container
                .at("/env")
                .forEach(variable -> env.put(
                        variable.get("name").asText(),
                        variable.has("value") ? variable.get("value").asText() : ""));
        for (String service : ServiceSettings.MODULES) {
            String variable = "QUARKUS_REST_CLIENT_"
                    + service.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
            assertThat(env.get(variable)).as(variable).isEqualTo("http://" + service + ":" + PORTS.get(service));
            assertThat(rendered.get("Service", service).at("/spec/ports/0/port").asInt())
                    .isEqualTo(PORTS.get(service));
        }
        // people sign in with the identity provider whose tokens the services trust; the client secret is a Secret's
        assertThat(env.get("QUARKUS_OIDC_TENANT_ENABLED")).isEqualTo("true");
        for (JsonNode variable : container.at("/env")) {
            switch (variable.get("name").asText()) {
                case "QUARKUS_OIDC_AUTH_SERVER_URL" ->
                    assertThat(variable.at("/valueFrom/configMapKeyRef/key").asText())
                            .isEqualTo("MP_JWT_VERIFY_ISSUER");
                case "QUARKUS_OIDC_CREDENTIALS_SECRET" ->
                    assertThat(variable.at("/valueFrom/secretKeyRef/name").asText())
                            .isEqualTo("console-oidc");
                default -> {}
            }
        }
        // the services' ingress policy lets API clients in: the console is one
        assertThat(labels(pod.at("/metadata/labels"))).containsEntry("retention.io/api-client", "true");
        assertThat(labels(
                        rendered.get("NetworkPolicy", "retention-console-http").at("/spec/podSelector/matchLabels")))
                .containsEntry("app.kubernetes.io/component", "console");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theTopicsAreTheContractsEachWithItsDeadLetterTopic(String overlay) {
        Rendered rendered = RENDERED.get(overlay);
        String cluster = rendered.ofKind("Kafka").get(0).at("/metadata/name").asText();
        Set<String> expected = new TreeSet<>(Topics.ALL);
        Topics.ALL.forEach(topic -> expected.add(Topics.deadLetter(topic)));
        assertThat(rendered.ofKind("KafkaTopic"))
                .extracting(topic -> topic.at("/spec/topicName").asText())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rendered.ofKind("KafkaTopic"))
                .allSatisfy(topic -> assertThat(
                                topic.at("/metadata/labels/strimzi.io~1cluster").asText())
                        .isEqualTo(cluster));
        // a service's state is rebuilt by replaying the topics it reads: the inbound and customer topics keep
        // everything
        for (String topic : List.of(Topics.PURCHASES, Topics.TICKETS, Topics.USAGE, Topics.CUSTOMERS)) {
            assertThat(rendered.get("KafkaTopic", topic)
                            .at("/spec/config/retention.ms")
                            .asLong())
                    .as(topic)
                    .isEqualTo(-1);
        }
        assertThat(rendered.ofKind("Kafka")
                        .get(0)
                        .at("/spec/kafka/config/auto.create.topics.enable")
                        .asBoolean(true))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceHasADatabaseOfItsOwnThatOnlyItReaches(String overlay) {
        Rendered rendered = RENDERED.get(overlay);
        for (String service : ServiceSettings.MODULES) {
            ServiceSettings settings = SETTINGS.get(service);
            String clusterName = service.replace("-service", "-db");
            JsonNode cluster = rendered.get("Cluster", clusterName);
            assertThat(cluster.at("/spec/bootstrap/initdb/database").asText()).isEqualTo(settings.databaseName());
            assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(overlay.equals("prod") ? 3 : 1);
            Map<String, JsonNode> env = env(rendered.get("Deployment", service));
            for (String variable : List.of(
                    "RETENTION_DB_HOST",
                    "RETENTION_DB_PORT",
                    "RETENTION_DB_NAME",
                    "RETENTION_DB_USER",
                    "RETENTION_DB_PASSWORD")) {
                assertThat(env.get(variable).at("/valueFrom/secretKeyRef/name").asText())
                        .as(service + " " + variable)
                        .isEqualTo(clusterName + "-app");
            }
            JsonNode policy = rendered.get("NetworkPolicy", clusterName);
            assertThat(policy.at("/spec/podSelector/matchLabels/cnpg.io~1cluster")
                            .asText())
                    .isEqualTo(clusterName);
            Map<String, String> servicePod =
                    labels(rendered.get("Deployment", service).at("/spec/template/metadata/labels"));
            List<Map<String, String>> admittedPods = list(policy.at("/spec/ingress/0/from")).stream()
                    .map(peer -> labels(peer.at("/podSelector/matchLabels")))
                    .toList();
            assertThat(admittedPods)
                    .anySatisfy(selector -> assertThat(servicePod).containsAllEntriesOf(selector));
            for (String other : ServiceSettings.MODULES) {
                if (!other.equals(service)) {
                    Map<String, String> otherPod =
                            labels(rendered.get("Deployment", other).at("/spec/template/metadata/labels"));
                    assertThat(admittedPods)
                            .as("%s reaching %s", other, clusterName)
                            .noneSatisfy(selector -> assertThat(otherPod).containsAllEntriesOf(selector));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySettingTheManifestsGiveIsOneTheServiceReads(String overlay) {
        Rendered rendered = RENDERED.get(overlay);
        for (String service : ServiceSettings.MODULES) {
            ServiceSettings settings = SETTINGS.get(service);
            Set<String> given = environment(rendered, service);
            assertThat(given)
                    .as("settings of %s in %s", service, overlay)
                    .isNotEmpty()
                    .allSatisfy(variable -> assertThat(settings.reads(variable))
                            .as("%s reads %s", service, variable)
                            .isTrue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySettingWhoseDefaultOnlyServesALaptopIsGiven(String overlay) {
        Rendered rendered = RENDERED.get(overlay);
        for (String service : ServiceSettings.MODULES) {
            Set<String> given = environment(rendered, service);
            Set<String> needed = SETTINGS.get(service).keysAClusterMustSet().stream()
                    .map(ServiceSettings::environmentName)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(needed)
                    .as("keys %s must have set", service)
                    .contains(
                            "KAFKA_BOOTSTRAP_SERVERS",
                            "RETENTION_DB_HOST",
                            "RETENTION_DB_PASSWORD",
                            "MP_JWT_VERIFY_ISSUER",
                            "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
            assertThat(given).as("settings of %s in %s", service, overlay).containsAll(needed);
        }
    }

    @Test
    void noSecretIsKeptInAFileAndEverySecretReferredToIsMadeBySomeone() throws Exception {
        String readme = Files.readString(Rendered.MODULE.resolve("../../README.md"));
        for (Rendered rendered : RENDERED.values()) {
            for (JsonNode secret : rendered.ofKind("Secret")) {
                // a user name is the one thing the files may hold for a secret (KEDA reads it only from one)
                List<String> keys = fieldNames(secret.path("data"));
                keys.addAll(fieldNames(secret.path("stringData")));
                assertThat(keys).as(secret.at("/metadata/name").asText()).containsOnly("username");
            }
            for (JsonNode configMap : rendered.ofKind("ConfigMap")) {
                assertThat(fieldNames(configMap.path("data")))
                        .noneMatch(key -> key.matches("(?i).*(PASSWORD|SECRET|JAAS|TOKEN).*"));
            }
            Set<String> made = new HashSet<>(HAND_MADE_SECRETS);
            rendered.ofKind("Secret")
                    .forEach(secret -> made.add(secret.at("/metadata/name").asText()));
            // CloudNativePG makes <cluster>-app; Strimzi a secret per KafkaUser and <cluster>-cluster-ca-cert
            rendered.ofKind("Cluster")
                    .forEach(cluster -> made.add(cluster.at("/metadata/name").asText() + "-app"));
            rendered.ofKind("KafkaUser")
                    .forEach(user -> made.add(user.at("/metadata/name").asText()));
            rendered.ofKind("Kafka")
                    .forEach(kafka -> made.add(kafka.at("/metadata/name").asText() + "-cluster-ca-cert"));
            for (String referred : secretsReferredTo(rendered)) {
                assertThat(made)
                        .as("who makes secret %s in %s", referred, rendered.overlay())
                        .contains(referred);
            }
            HAND_MADE_SECRETS.forEach(secret ->
                    assertThat(readme).as("runbook on " + secret).contains("kubectl create secret generic " + secret));
        }
    }

    @Test
    void productionSpeaksOnlyTlsAndScramToKafkaWithAUserPerService() {
        Rendered prod = RENDERED.get("prod");
        JsonNode kafka = prod.ofKind("Kafka").get(0);
        assertThat(list(kafka.at("/spec/kafka/listeners"))).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.at("/tls").asBoolean()).isTrue();
            assertThat(listener.at("/authentication/type").asText()).isEqualTo("scram-sha-512");
        });
        assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
        assertThat(prod.get("KafkaNodePool", "dual-role").at("/spec/replicas").asInt())
                .isEqualTo(3);
        assertThat(kafka.at("/spec/kafka/config/min.insync.replicas").asInt()).isEqualTo(2);
        String bootstrap = prod.configMap("retention-platform")
                .at("/data/KAFKA_BOOTSTRAP_SERVERS")
                .asText();
        assertThat(bootstrap)
                .endsWith(":"
                        + list(kafka.at("/spec/kafka/listeners"))
                                .get(0)
                                .at("/port")
                                .asInt());
        for (String service : ServiceSettings.MODULES) {
            Map<String, String> settings = settings(prod, service);
            assertThat(settings)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            JsonNode jaas = env(prod.get("Deployment", service)).get("KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(service);
            JsonNode user = prod.get("KafkaUser", service);
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            assertThat(list(user.at("/spec/authorization/acls"))).anySatisfy(acl -> {
                assertThat(acl.at("/resource/type").asText()).isEqualTo("group");
                assertThat(acl.at("/resource/name").asText())
                        .isEqualTo(SETTINGS.get(service).applicationName());
            });
            JsonNode trigger = prod.get("ScaledObject", service).at("/spec/triggers/0");
            assertThat(prod.find(
                            "TriggerAuthentication",
                            trigger.at("/authenticationRef/name").asText()))
                    .isPresent();
            assertThat(trigger.at("/metadata/sasl").asText()).isEqualTo("scram_sha512");
            assertThat(trigger.at("/metadata/tls").asText()).isEqualTo("enable");
        }

        Rendered dev = RENDERED.get("dev");
        assertThat(list(dev.ofKind("Kafka").get(0).at("/spec/kafka/listeners")))
                .allSatisfy(
                        listener -> assertThat(listener.at("/authentication").isMissingNode())
                                .isTrue());
        assertThat(settings(dev, "risk-service")).doesNotContainKey("KAFKA_SECURITY_PROTOCOL");
    }

    /** Every environment variable a service's container gets, whether set one by one or from ConfigMaps. */
    private static Set<String> environment(Rendered rendered, String service) {
        Set<String> names =
                new TreeSet<>(env(rendered.get("Deployment", service)).keySet());
        names.addAll(settings(rendered, service).keySet());
        return names;
    }

    /** The values a service's container gets from its ConfigMaps. */
    private static Map<String, String> settings(Rendered rendered, String service) {
        Map<String, String> values = new HashMap<>();
        for (JsonNode source :
                list(rendered.get("Deployment", service).at("/spec/template/spec/containers/0/envFrom"))) {
            String name = source.at("/configMapRef/name").asText();
            JsonNode configMap = rendered.ofKind("ConfigMap").stream()
                    .filter(map -> map.at("/metadata/name").asText().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(service + " refers to a missing ConfigMap " + name));
            configMap
                    .path("data")
                    .fields()
                    .forEachRemaining(
                            entry -> values.put(entry.getKey(), entry.getValue().asText()));
        }
        return values;
    }

    private static Map<String, JsonNode> env(JsonNode deployment) {
        Map<String, JsonNode> env = new HashMap<>();
        list(deployment.at("/spec/template/spec/containers/0/env"))
                .forEach(variable -> env.put(variable.get("name").asText(), variable));
        return env;
    }

    private static Set<String> secretsReferredTo(Rendered rendered) {
        Set<String> names = new TreeSet<>();
        for (JsonNode deployment : rendered.ofKind("Deployment")) {
            env(deployment).values().forEach(variable -> {
                JsonNode ref = variable.at("/valueFrom/secretKeyRef/name");
                if (!ref.isMissingNode()) {
                    names.add(ref.asText());
                }
            });
            list(deployment.at("/spec/template/spec/volumes")).forEach(volume -> {
                if (volume.has("secret")) {
                    names.add(volume.at("/secret/secretName").asText());
                }
            });
        }
        for (JsonNode authentication : rendered.ofKind("TriggerAuthentication")) {
            list(authentication.at("/spec/secretTargetRef"))
                    .forEach(ref -> names.add(ref.get("name").asText()));
        }
        return names;
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields()
                .forEachRemaining(
                        entry -> labels.put(entry.getKey(), entry.getValue().asText()));
        return labels;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean isCoreKind(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return apiVersion.equals("v1")
                || apiVersion.endsWith(".k8s.io/v1")
                || apiVersion.equals("apps/v1")
                || apiVersion.equals("policy/v1");
    }

    /**
     * Checks a core object with the Kubernetes API's own generated model, which (unlike the JSON schemas) refuses a
     * field it does not know: a misspelt field is an error, as it is for {@code kubectl apply --validate=strict}.
     */
    private static void strictlyValid(JsonNode object) throws Exception {
        Class<?> model = Class.forName(
                "io.kubernetes.client.openapi.models.V1" + object.get("kind").asText());
        try {
            model.getMethod("validateJsonElement", com.google.gson.JsonElement.class)
                    .invoke(null, JsonParser.parseString(Rendered.JSON.writeValueAsString(object)));
        } catch (InvocationTargetException e) {
            throw new AssertionError(
                    object.get("kind").asText() + "/"
                            + object.at("/metadata/name").asText() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
