package io.retention.console.signin;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the session cookie: the token the person signed in with, verified with the identity provider's key exactly as
 * the services verify it (issuer, signature, expiry), so the console shows what the services would allow.
 */
@ApplicationScoped
public class Sessions {
    /**
     * The cookie holding the session's token: HttpOnly, and SameSite=Lax, so that it comes along when the identity
     * provider sends the person back (a navigation from another site) but never with another site's form post.
     */
    public static final String COOKIE = "retention_session";

    private final JWTParser parser;

    public Sessions(JWTParser parser) {
        this.parser = parser;
    }

    /** The person the cookie signs in, or {@link SignInRequired}. */
    public SignedIn require(String cookie) {
        if (cookie == null || cookie.isBlank()) {
            throw new SignInRequired("not signed in");
        }
        try {
            JsonWebToken token = parser.parse(cookie);
            Set<String> roles = token.getGroups() == null ? Set.of() : Set.copyOf(token.getGroups());
            String user = token.getName() != null ? token.getName() : token.getSubject();
            return new SignedIn(user, roles, token.getRawToken());
        } catch (ParseException e) {
            throw new SignInRequired("the session is no longer valid");
        }
    }

    /** The same, for a page only some roles open. */
    public SignedIn require(String cookie, String page, String... anyOf) {
        SignedIn me = require(cookie);
        for (String role : anyOf) {
            if (me.roles().contains(role)) {
                return me;
            }
        }
        throw new Forbidden(page + " is for " + String.join(" or ", anyOf) + "; you are signed in as "
                + String.join(", ", me.roles()));
    }
}
