package io.retention.engagement.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for an SMS or push provider: it records every call and answers with the statuses a
 * test queues (200 when none is queued). Its secret is made up per run; the test reads it from the receiver.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {
    /** Marks the test's {@link WebhookReceiver} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectWebhookReceiver {}

    /** A call as received. */
    public record Call(Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final String secret = UUID.randomUUID().toString();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/messages", exchange -> {
            calls.add(new Call(
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Integer status = statuses.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
        return Map.of(
                "retention.engagement.webhook.url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/messages",
                "retention.engagement.webhook.secret",
                secret);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                this, new TestInjector.AnnotatedAndMatchesType(InjectWebhookReceiver.class, WebhookReceiver.class));
    }

    public String secret() {
        return secret;
    }

    /** The calls so far that carry a text in their body. */
    public List<Call> callsMentioning(String text) {
        return calls.stream().filter(call -> call.body().contains(text)).toList();
    }

    /** The next calls are answered with these statuses, in order. */
    public void answerNext(int... codes) {
        for (int code : codes) {
            statuses.add(code);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
