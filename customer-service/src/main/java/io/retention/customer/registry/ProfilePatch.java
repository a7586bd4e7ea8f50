package io.retention.customer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.StorableText;
import io.retention.customer.store.Customer;
import io.retention.kit.rest.Problem;
import io.retention.kit.rest.ProblemException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON merge patch (RFC 7396) of a profile: a field present sets it, {@code null} clears it, an absent field stays.
 * Pure logic, no framework: it checks every field before it changes any.
 */
public final class ProfilePatch {
    private static final Set<String> FIELDS = Set.of("name", "email", "phone", "owner", "timeZone");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()-]{3,40}$");

    private ProfilePatch() {}

    /** The customer with the patch applied at {@code at}, or the patch refused whole with every problem named. */
    public static Customer apply(JsonNode patch, Customer customer, Instant at) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.badRequest("a merge patch is a JSON object");
        }
        List<Problem.Violation> problems = new ArrayList<>();
        patch.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                problems.add(new Problem.Violation(
                        field,
                        "is not a field that can be changed; these can: "
                                + String.join(", ", FIELDS.stream().sorted().toList())));
            }
        });
        String name = text(patch, "name", 200, null, false, problems);
        String email = text(patch, "email", 320, EMAIL, true, problems);
        String phone = text(patch, "phone", 40, PHONE, true, problems);
        String owner = text(patch, "owner", 128, null, true, problems);
        String timeZone = text(patch, "timeZone", 64, null, false, problems);
        if (timeZone != null && !isTimeZone(timeZone)) {
            problems.add(new Problem.Violation("timeZone", "'" + timeZone + "' is not an IANA time zone"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        return customer.withProfile(
                patch.has("name") ? name : customer.name(),
                patch.has("email") ? email : customer.email(),
                patch.has("phone") ? phone : customer.phone(),
                patch.has("owner") ? owner : customer.owner(),
                patch.has("timeZone") ? timeZone : customer.timeZone(),
                at);
    }

    /** Whether the text names an IANA time zone (or a fixed offset), as quiet hours need. */
    static boolean isTimeZone(String text) {
        try {
            ZoneId.of(text);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static String text(
            JsonNode patch,
            String field,
            int maxLength,
            Pattern format,
            boolean clearable,
            List<Problem.Violation> problems) {
        if (!patch.has(field)) {
            return null;
        }
        JsonNode value = patch.get(field);
        if (value.isNull()) {
            if (!clearable) {
                problems.add(new Problem.Violation(field, "cannot be cleared"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(new Problem.Violation(field, "must be a non-empty string"));
            return null;
        }
        String text = value.asText().trim();
        String unstorable = StorableText.problem(text);
        if (unstorable != null) {
            problems.add(new Problem.Violation(field, unstorable));
        } else if (text.length() > maxLength) {
            problems.add(new Problem.Violation(field, "must be at most " + maxLength + " characters"));
        } else if (format != null && !format.matcher(text).matches()) {
            problems.add(new Problem.Violation(field, "is not well-formed"));
        }
        return text;
    }
}
