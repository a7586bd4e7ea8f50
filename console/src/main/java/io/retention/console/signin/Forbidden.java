package io.retention.console.signin;

/** A page the signed-in person's roles do not open (an admin page for an account manager, say). */
public class Forbidden extends RuntimeException {
    public Forbidden(String reason) {
        super(reason, null, false, false);
    }
}
