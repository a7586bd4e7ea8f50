package io.retention.kit.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.rest.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, and for which customers: an {@code account-manager} acts only for the customers they own (the owner
 * their token names, see {@link AuthConfig#ownerClaim()}); {@code admin} and {@code analyst} read every customer, and
 * {@code admin} and {@code ingest} (systems feeding the platform) write for every customer. Another owner's customer is
 * answered as if it did not exist.
 */
@RequestScoped
public class Caller {
    private final SecurityIdentity identity;
    private final JsonWebToken token;
    private final AuthConfig config;

    public Caller(SecurityIdentity identity, JsonWebToken token, AuthConfig config) {
        this.identity = identity;
        this.token = token;
        this.config = config;
    }

    /** The owner whose customers this caller may read; empty when it may read every customer. */
    public Optional<String> readsFor() {
        return identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.ANALYST)
                ? Optional.empty()
                : Optional.of(owner());
    }

    /** The owner whose customers this caller may change; empty when it may change every customer. */
    public Optional<String> writesFor() {
        return identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.INGEST)
                ? Optional.empty()
                : Optional.of(owner());
    }

    /**
     * Which owner's customers a list shows, given the owner the request asks for (null: any): a caller that reads only
     * its own customers sees its own, and asking for another owner's gives an empty list rather than an error.
     */
    public Listing listing(String requestedOwner) {
        Optional<String> scope = readsFor();
        if (scope.isPresent() && requestedOwner != null && !requestedOwner.equals(scope.get())) {
            return new Listing(true, null);
        }
        return new Listing(false, scope.orElse(requestedOwner));
    }

    /**
     * What a list shows.
     *
     * @param nothing whether the caller asked for customers it cannot see (the list is empty)
     * @param owner   the owner whose customers it lists; null for everyone's
     */
    public record Listing(boolean nothing, String owner) {}

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN);
    }

    /**
     * Refuses a call about a customer owned by {@code owner} (null: nobody) when the caller's {@code scope} (from
     * {@link #readsFor} or {@link #writesFor}) is another owner, with the service's own answer for an unknown customer,
     * so that the caller cannot tell the two apart. Scopes are taken on the request's thread, before any database call.
     */
    public static void requireOwner(Optional<String> scope, String owner, Supplier<ProblemException> notFound) {
        if (scope.isPresent() && !Objects.equals(scope.get(), owner)) {
            throw notFound.get();
        }
    }

    /** The owner the token names; a token that names none acts for nobody. */
    private String owner() {
        Object claim = token.getClaim(config.ownerClaim());
        if (claim == null || claim.toString().isBlank()) {
            throw ProblemException.forbidden("the token has no claim '" + config.ownerClaim()
                    + "' naming the owner whose customers it acts for");
        }
        return claim instanceof JsonString json ? json.getString() : claim.toString();
    }
}
