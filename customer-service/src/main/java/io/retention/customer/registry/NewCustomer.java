package io.retention.customer.registry;

import io.retention.kit.rest.CustomerId;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A registration: the id is generated when it is left out; {@code referredBy} names the customer who referred this one. */
public record NewCustomer(
        @CustomerId String customerId,
        @NotBlank @Size(max = 200) String name,
        @Email @Size(max = 320) String email,

        @Pattern(regexp = "^\\+?[0-9 ()-]{3,40}$", message = "must be a phone number")
        String phone,

        @Size(max = 128) String owner,
        @Size(max = 64) String timeZone,
        @CustomerId String referredBy) {

    /** The same registration for another owner. */
    public NewCustomer withOwner(String newOwner) {
        return new NewCustomer(customerId, name, email, phone, newOwner, timeZone, referredBy);
    }
}
