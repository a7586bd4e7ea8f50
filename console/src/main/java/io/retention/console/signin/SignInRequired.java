package io.retention.console.signin;

/** A page was asked for without a valid session: the answer sends the browser to the sign-in page. */
public class SignInRequired extends RuntimeException {
    public SignInRequired(String reason) {
        super(reason, null, false, false);
    }
}
