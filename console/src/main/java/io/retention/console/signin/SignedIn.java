package io.retention.console.signin;

import io.quarkus.qute.TemplateData;
import java.util.Set;

/**
 * The person using the console: who they are, their roles, and the token the console calls the services with.
 *
 * @param user  the token's {@code upn}: an account manager's owner name
 * @param roles {@code admin}, {@code account-manager}, {@code analyst}
 * @param token the signed token, sent to the services as a bearer token
 */
@TemplateData
public record SignedIn(String user, Set<String> roles, String token) {
    public boolean isAdmin() {
        return roles.contains("admin");
    }

    public boolean isAnalyst() {
        return roles.contains("admin") || roles.contains("analyst");
    }

    public boolean isAccountManager() {
        return roles.contains("account-manager");
    }

    /** The {@code Authorization} header of the calls made for this person. */
    public String bearer() {
        return "Bearer " + token;
    }
}
