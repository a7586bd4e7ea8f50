package io.retention.customer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.Json;
import io.retention.customer.store.Customer;
import io.retention.kit.rest.Problem;
import io.retention.kit.rest.ProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProfilePatchTest {
    private Customer customer;

    @BeforeEach
    void aCustomer() {
        customer = new Customer();
        customer.name = "Ada";
        customer.email = "ada@example.com";
        customer.owner = "am-1";
        customer.timeZone = "UTC";
    }

    @Test
    void presentFieldsChangeNullClearsAndAbsentStays() throws Exception {
        ProfilePatch.apply(json("{\"name\":\"Ada King\",\"owner\":null,\"timeZone\":\"Europe/London\"}"), customer);
        assertThat(customer.name).isEqualTo("Ada King");
        assertThat(customer.owner).isNull();
        assertThat(customer.timeZone).isEqualTo("Europe/London");
        assertThat(customer.email).isEqualTo("ada@example.com");
    }

    @Test
    void aBadPatchChangesNothingAndNamesEveryProblem() throws Exception {
        assertThatThrownBy(() -> ProfilePatch.apply(
                        json("{\"name\":null,\"email\":\"nope\",\"timeZone\":\"Nowhere/Else\",\"tier\":\"A\"}"),
                        customer))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.violations())
                            .extracting(Problem.Violation::field)
                            .containsExactlyInAnyOrder("name", "email", "timeZone", "tier");
                });
        assertThat(customer.name).isEqualTo("Ada");
        assertThat(customer.timeZone).isEqualTo("UTC");
    }

    @Test
    void onlyAnObjectIsAPatch() {
        assertThatThrownBy(() -> ProfilePatch.apply(json("[1]"), customer))
                .hasMessage("a merge patch is a JSON object");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
