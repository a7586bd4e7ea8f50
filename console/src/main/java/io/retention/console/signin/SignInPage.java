package io.retention.console.signin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.config.ConsoleConfig;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.regex.Pattern;

/** Signing in and out, and the console's front door (which sends each person to the page they start from). */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInPage {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(
                boolean localEnabled, boolean identityProvider, String user, String role, String problem);
    }

    private final Sessions sessions;
    private final LocalSignIn local;
    private final IdentityProviderSignIn identityProvider;
    private final ConsoleConfig config;

    public SignInPage(
            Sessions sessions, LocalSignIn local, IdentityProviderSignIn identityProvider, ConsoleConfig config) {
        this.sessions = sessions;
        this.local = local;
        this.identityProvider = identityProvider;
        this.config = config;
    }

    /** Local sign-in only where no identity provider is named: its tokens would not verify against the provider's key. */
    private boolean localEnabled() {
        return local.enabled() && !identityProvider.enabled();
    }

    @GET
    public Response home(@CookieParam(Sessions.COOKIE) String cookie) {
        SignedIn me = sessions.require(cookie);
        return Response.seeOther(URI.create(me.isAccountManager() && !me.isAdmin() ? "/work" : "/at-risk"))
                .build();
    }

    @GET
    @Path("/sign-in")
    public String form() {
        return Templates.signIn(
                        localEnabled(), identityProvider.enabled(), "local-account-manager", "account-manager", null)
                .render();
    }

    @POST
    @Path("/sign-in")
    public Response signIn(@FormParam("user") String user, @FormParam("role") String role) {
        String problem = null;
        if (!localEnabled()) {
            problem = "local sign-in is off here: sign in with your organisation's identity provider";
        } else if (user == null || !USER.matcher(user).matches()) {
            problem = "a user name is 1 to 128 letters, digits or . _ @ -";
        } else if (role == null || !LocalSignIn.ROLES.contains(role)) {
            problem = "the role is one of admin, account-manager, analyst";
        }
        if (problem != null) {
            return Response.status(400)
                    .entity(Templates.signIn(localEnabled(), identityProvider.enabled(), user, role, problem)
                            .render())
                    .build();
        }
        String token = local.tokenFor(user, role).orElseThrow();
        return Response.seeOther(URI.create("/"))
                .cookie(session(token, (int) config.sessionLifetime().toSeconds()))
                .build();
    }

    /** Ends the console's session, and the identity provider's too when people sign in with one. */
    @POST
    @Path("/sign-out")
    public Response signOut() {
        return Response.seeOther(URI.create(identityProvider.enabled() ? "/sign-out/idp" : "/sign-in"))
                .cookie(session("", 0))
                .build();
    }

    /** The session cookie; {@code maxAge} -1 keeps it until the browser closes (the token's own expiry still holds). */
    static NewCookie session(String token, int maxAge) {
        return new NewCookie.Builder(Sessions.COOKIE)
                .value(token)
                .path("/")
                .maxAge(maxAge)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }
}
