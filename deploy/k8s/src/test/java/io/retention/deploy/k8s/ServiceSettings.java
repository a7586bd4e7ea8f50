package io.retention.deploy.k8s;

import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What a service reads from its configuration: the keys of the kit's and its own properties files and of the
 * {@code @ConfigMapping} interfaces, with their local values (null where a mapping has none), and the Kafka client
 * settings Quarkus passes on from {@code kafka.*}.
 */
record ServiceSettings(String module, String applicationName, String databaseName, Map<String, String> localValues) {
    private static final List<Class<?>> KIT_MAPPINGS = List.of(
            io.retention.kit.messaging.OutboxConfig.class,
            io.retention.kit.messaging.InboundConfig.class,
            io.retention.kit.auth.AuthConfig.class,
            io.retention.kit.rest.HttpLimitsConfig.class,
            io.retention.kit.time.EventTimingConfig.class);
    private static final Map<String, Class<?>> SERVICE_MAPPINGS = Map.of(
            "customer-service", io.retention.customer.config.CustomerConfig.class,
            "risk-service", io.retention.risk.config.RiskConfig.class,
            "engagement-service", io.retention.engagement.config.EngagementConfig.class,
            "winback-service", io.retention.winback.config.WinbackConfig.class);
    private static final Set<String> KAFKA_CLIENT_SETTINGS = kafkaClientSettings();

    static final List<String> MODULES =
            List.of("customer-service", "risk-service", "engagement-service", "winback-service");

    static ServiceSettings of(String module) {
        Map<String, String> values = new LinkedHashMap<>();
        values.putAll(properties(resource("META-INF/microprofile-config.properties", "retention-service-kit")));
        Map<String, String> own = properties(resource("application.properties", module));
        values.putAll(own);
        for (Class<?> mapping : concat(KIT_MAPPINGS, SERVICE_MAPPINGS.get(module))) {
            ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping))
                    .forEach((name, property) ->
                            values.putIfAbsent(name, property.hasDefaultValue() ? property.getDefaultValue() : null));
        }
        return new ServiceSettings(module, own.get("quarkus.application.name"), own.get("retention.db.name"), values);
    }

    /** The environment variable that sets a key, as SmallRye Config maps them. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Whether the service reads this environment variable: a key of its own, or a Kafka client setting. */
    boolean reads(String variable) {
        if (localValues.keySet().stream().anyMatch(key -> environmentName(key).equals(variable))) {
            return true;
        }
        return variable.startsWith("KAFKA_")
                && KAFKA_CLIENT_SETTINGS.contains(variable.substring("KAFKA_".length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.'));
    }

    /**
     * Keys whose local value only makes sense on a developer's machine (localhost, the local token issuer and key
     * file) or that have none (an empty password): a cluster must set each of them.
     */
    Set<String> keysAClusterMustSet() {
        Set<String> keys = new TreeSet<>();
        localValues.forEach((key, value) -> {
            if (key.startsWith("%") || value == null || value.contains("${")) {
                return;
            }
            if (value.isEmpty()
                    || value.contains("localhost")
                    || value.contains("127.0.0.1")
                    || value.equals("retention-local")
                    || value.startsWith("/etc/retention/")) {
                keys.add(key);
            }
        });
        return keys;
    }

    private static Set<String> kafkaClientSettings() {
        Set<String> names = new TreeSet<>();
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }

    private static List<Class<?>> concat(List<Class<?>> first, Class<?> last) {
        List<Class<?>> all = new java.util.ArrayList<>(first);
        all.add(last);
        return all;
    }

    /** The resource of that name in the jar of that module (each service jar has its own application.properties). */
    private static URL resource(String name, String module) {
        try {
            for (URL url :
                    Collections.list(ServiceSettings.class.getClassLoader().getResources(name))) {
                if (url.toString().contains("/" + module + "/")
                        || url.toString().contains("/" + module + "-")) {
                    return url;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + name + " of " + module + " on the test class path");
    }

    private static Map<String, String> properties(URL url) {
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    Optional<String> localValue(String key) {
        return Optional.ofNullable(localValues.get(key));
    }
}
