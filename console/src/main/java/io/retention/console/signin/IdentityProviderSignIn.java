package io.retention.console.signin;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sign-in with the organisation's identity provider (OpenID Connect code flow, when {@code quarkus.oidc.tenant-enabled}):
 * Quarkus OIDC sends the person to the provider and back here, and the provider's access token becomes the console's
 * session, verified on every page and sent to the services as any other token of that provider.
 */
@Path("/sign-in/idp")
public class IdentityProviderSignIn {
    private final boolean enabled;
    private final SecurityIdentity identity;

    public IdentityProviderSignIn(
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean enabled, SecurityIdentity identity) {
        this.enabled = enabled;
        this.identity = identity;
    }

    /** Whether people sign in with the identity provider here. */
    public boolean enabled() {
        return enabled;
    }

    /** Reached once the provider signed the person in (the path needs the code flow): starts the session. */
    @GET
    public Response signedIn() {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new SignInRequired("the identity provider gave no access token");
        }
        return Response.seeOther(URI.create("/"))
                .cookie(SignInPage.session(token.getToken(), -1))
                .build();
    }
}
