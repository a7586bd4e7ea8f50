package io.retention.customer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.Json;
import io.retention.customer.store.Customer;
import io.retention.kit.rest.Problem;
import io.retention.kit.rest.ProblemException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProfilePatchTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant PATCHED = Instant.parse("2026-02-01T00:00:00Z");
    private final Customer customer =
            new Customer("c-1", "Ada", "ada@example.com", null, "A", "ACTIVE", "am-1", "UTC", null, CREATED, CREATED);

    @Test
    void presentFieldsChangeNullClearsAndAbsentStays() throws Exception {
        Customer patched = ProfilePatch.apply(
                json("{\"name\":\"Ada King\",\"owner\":null,\"timeZone\":\"Europe/London\"}"), customer, PATCHED);
        assertThat(patched.name()).isEqualTo("Ada King");
        assertThat(patched.owner()).isNull();
        assertThat(patched.timeZone()).isEqualTo("Europe/London");
        assertThat(patched.email()).isEqualTo("ada@example.com");
        assertThat(patched.updatedAt()).isEqualTo(PATCHED);
        assertThat(patched.tier()).as("what a patch cannot change stays").isEqualTo("A");
    }

    @Test
    void aBadPatchChangesNothingAndNamesEveryProblem() throws Exception {
        assertThatThrownBy(() -> ProfilePatch.apply(
                        json("{\"name\":null,\"email\":\"nope\",\"timeZone\":\"Nowhere/Else\",\"tier\":\"A\"}"),
                        customer,
                        PATCHED))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.violations())
                            .extracting(Problem.Violation::field)
                            .containsExactlyInAnyOrder("name", "email", "timeZone", "tier");
                });
    }

    @Test
    void textTheDatabaseCannotHoldIsRefusedByField() throws Exception {
        assertThatThrownBy(() -> ProfilePatch.apply(
                        json("{\"name\":\"A\\u0000da\",\"phone\":\"+44 1\\ud800\"}"), customer, PATCHED))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.violations())
                                .containsExactlyInAnyOrder(
                                        new Problem.Violation(
                                                "name", "contains the NUL character (U+0000), which is not stored"),
                                        new Problem.Violation(
                                                "phone",
                                                "contains an unpaired surrogate (U+D800), which is not Unicode text")));
    }

    @Test
    void onlyAnObjectIsAPatch() {
        assertThatThrownBy(() -> ProfilePatch.apply(json("[1]"), customer, PATCHED))
                .hasMessage("a merge patch is a JSON object");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
