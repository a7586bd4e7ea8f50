package io.retention.local.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retention.local.Tokens;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Stands in for the identity provider in a Quarkus test: a signing key made for the run, its public key given to the
 * service, and the {@link Tokens} that sign test tokens injected into the test's field marked {@link InjectTokens}
 * ({@link BrokerBackedTest} has one and sends an admin token by default).
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {
    private Tokens tokens;
    private Path publicKey;

    /** Marks the test's {@link Tokens} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectTokens {}

    @Override
    public Map<String, String> start() {
        tokens = Tokens.generate();
        try {
            publicKey = tokens.writePublicKey(Files.createTempFile("retention-jwt-", ".pem"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the test public key", e);
        }
        return Map.of(
                "mp.jwt.verify.publickey.location",
                publicKey.toUri().toString(),
                "mp.jwt.verify.issuer",
                Tokens.ISSUER);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                tokens, new TestInjector.AnnotatedAndMatchesType(InjectTokens.class, Tokens.class));
    }

    @Override
    public void stop() {
        try {
            if (publicKey != null) {
                Files.deleteIfExists(publicKey);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
