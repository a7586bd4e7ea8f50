package io.retention.local.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retention.local.MailSink;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Gives a Quarkus test a real SMTP server ({@link MailSink}) on a free port; the test reads what was sent from a field
 * annotated {@link InjectMailSink}.
 */
public class SmtpTestResource implements QuarkusTestResourceLifecycleManager {
    private MailSink sink;

    /** Marks the test's {@link MailSink} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectMailSink {}

    @Override
    public Map<String, String> start() {
        sink = MailSink.start(0);
        return Map.of(
                "retention.engagement.smtp.host", "127.0.0.1",
                "retention.engagement.smtp.port", String.valueOf(sink.port()),
                "retention.engagement.smtp.starttls", "DISABLED");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                sink, new TestInjector.AnnotatedAndMatchesType(InjectMailSink.class, MailSink.class));
    }

    @Override
    public void stop() {
        if (sink != null) {
            sink.close();
        }
    }
}
