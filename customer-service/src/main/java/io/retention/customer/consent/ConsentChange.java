package io.retention.customer.consent;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A consent given or revoked.
 *
 * @param purpose  what the contact is for, e.g. MARKETING or SERVICE
 * @param method   how it was given or revoked, e.g. web-form, phone, unsubscribe-link
 * @param evidence a reference to the proof (form submission id, call recording), optional
 * @param at       when it was given or revoked; now when left out
 */
public record ConsentChange(
        @NotNull Channel channel,

        @NotNull
        @Pattern(regexp = "^[A-Z][A-Z_]{0,39}$", message = "must be 1 to 40 capitals or underscores, e.g. MARKETING")
        String purpose,

        @NotNull Boolean granted,
        @NotNull @Size(min = 1, max = 40) String method,
        @Size(max = 500) String evidence,
        Instant at) {

    /** Channels a consent can cover, as the profile snapshot names them. */
    public enum Channel {
        EMAIL,
        SMS,
        PHONE,
        PUSH,
        POST
    }
}
