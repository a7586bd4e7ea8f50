package io.retention.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/** An overlay rendered by kustomize, as the objects it would apply. */
record Rendered(String overlay, Path file, List<JsonNode> objects) {
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path TOOLS = MODULE.resolve("target/tools");
    static final Path KUBECTL = TOOLS.resolve("kubectl/usr/bin/kubectl");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Fetches kubectl and the schema check's packages (once per build directory). */
    static void prepareTools() {
        run(MODULE, List.of("bash", MODULE.resolve("tools/prepare.sh").toString(), TOOLS.toString()));
    }

    static Rendered render(String overlay) throws IOException {
        String yaml = run(MODULE, List.of(KUBECTL.toString(), "kustomize", "overlays/" + overlay));
        Path file = MODULE.resolve("target/rendered/" + overlay + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return new Rendered(overlay, file, parse(yaml));
    }

    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        }
        return objects;
    }

    /** The schema check's verdict on every object of the files: errors by "kind/name", in order. */
    static Map<String, List<String>> schemaErrors(Path... files) throws IOException {
        List<String> command = new ArrayList<>(
                List.of("node", TOOLS.resolve("schema-check/check.mjs").toString()));
        for (Path file : files) {
            command.add(file.toString());
        }
        JsonNode results = JSON.readTree(run(TOOLS.resolve("schema-check"), command));
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode result : results) {
            List<String> messages = new ArrayList<>();
            result.get("errors").forEach(message -> messages.add(message.asText()));
            errors.put(result.get("kind").asText() + "/" + result.get("name").asText(), messages);
        }
        return errors;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream()
                .filter(object -> kind.equals(object.path("kind").asText()))
                .toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream()
                .filter(object -> name.equals(object.at("/metadata/name").asText()))
                .findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + " has no " + kind + " " + name));
    }

    /** A generated ConfigMap, by the name before kustomize added its hash. */
    JsonNode configMap(String name) {
        return ofKind("ConfigMap").stream()
                .filter(map -> map.at("/metadata/name").asText().matches(name + "-[a-z0-9]{10}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " has no generated ConfigMap " + name));
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static String run(Path directory, List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).directory(directory.toFile()).start();
            byte[] errors;
            String output;
            try (var out = process.getInputStream();
                    var err = process.getErrorStream()) {
                var stderr = new java.util.concurrent.CompletableFuture<byte[]>();
                Thread reader = new Thread(() -> {
                    try {
                        stderr.complete(err.readAllBytes());
                    } catch (IOException e) {
                        stderr.completeExceptionally(e);
                    }
                });
                reader.start();
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
                errors = stderr.get(5, TimeUnit.MINUTES);
            }
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed: " + new String(errors, StandardCharsets.UTF_8));
            }
            return output;
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
