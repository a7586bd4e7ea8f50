package io.retention.customer.registry;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A registration: the id is generated when it is left out. */
public record NewCustomer(
        @Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$", message = "must be 1 to 64 of A-Z a-z 0-9 . _ : -") String customerId,
        @NotBlank @Size(max = 200) String name,
        @Email @Size(max = 320) String email,
        @Pattern(regexp = "^\\+?[0-9 ()-]{3,40}$", message = "must be a phone number") String phone,
        @Size(max = 128) String owner,
        @Size(max = 64) String timeZone) {
}
