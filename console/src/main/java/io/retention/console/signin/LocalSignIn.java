package io.retention.console.signin;

import io.retention.console.config.ConsoleConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs a person in on one machine: the launcher's signing key stands in for the identity provider, so the run command
 * needs nothing else. The token is the one the launcher would give that person (same issuer, {@code upn} and
 * {@code groups}), so the services treat the console's calls exactly as a curl with it.
 */
@ApplicationScoped
public class LocalSignIn {
    /** The roles a person may sign in with here. */
    public static final Set<String> ROLES = Set.of("admin", "account-manager", "analyst");

    private final ConsoleConfig config;
    private final String issuer;

    public LocalSignIn(ConsoleConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.config = config;
        this.issuer = issuer;
    }

    public boolean enabled() {
        return config.localSigningKey().isPresent();
    }

    /** A token for this person with this role, or empty when local sign-in is off. */
    public Optional<String> tokenFor(String user, String role) {
        return config.localSigningKey()
                .map(file -> Jwt.issuer(issuer)
                        .subject(user)
                        .upn(user)
                        .groups(Set.of(role))
                        .expiresIn(config.sessionLifetime())
                        .sign(key(file)));
    }

    private static PrivateKey key(java.nio.file.Path file) {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local signing key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the local signing key " + file + " is not an RSA private key", e);
        }
    }
}
