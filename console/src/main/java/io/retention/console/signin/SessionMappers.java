package io.retention.console.signin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What a page answers without a valid session (to sign-in: the identity provider's, which renews a session it still
 * holds without asking, or the local page), or to a role it is not for (403, said why).
 */
public class SessionMappers {
    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance forbidden(String reason);
    }

    private final IdentityProviderSignIn identityProvider;

    public SessionMappers(IdentityProviderSignIn identityProvider) {
        this.identityProvider = identityProvider;
    }

    @ServerExceptionMapper
    public Response signInRequired(SignInRequired required, HttpHeaders headers) {
        String signIn = identityProvider.enabled() ? "/sign-in/idp" : "/sign-in";
        if (headers.getHeaderString("HX-Request") != null) {
            // an in-place update: htmx follows this header with a whole-page load
            return Response.status(401).header("HX-Redirect", signIn).build();
        }
        return Response.seeOther(URI.create(signIn)).build();
    }

    @ServerExceptionMapper
    public Response forbidden(Forbidden forbidden) {
        return Response.status(403)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.forbidden(forbidden.getMessage()).render())
                .build();
    }
}
