package io.retention.console.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagerTest {

    @Test
    void linksKeepTheFiltersAndLeaveTheFirstPagesNumberOut() {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("reason", "OPEN_TICKETS");
        filters.put("tier", "");
        filters.put("owner", "ann & bob");
        Pager pager = Pager.of("/at-risk", filters, "page", 1, 50, 120);

        assertThat(pager.pages()).isEqualTo(3);
        assertThat(pager.number()).isEqualTo(2);
        assertThat(pager.previous()).isEqualTo("/at-risk?reason=OPEN_TICKETS&owner=ann+%26+bob");
        assertThat(pager.next()).isEqualTo("/at-risk?reason=OPEN_TICKETS&owner=ann+%26+bob&page=2");
    }

    @Test
    void theLastPageHasNoNextAndAnEmptyListOnePage() {
        Pager last = Pager.of("/customers/c-1", Map.of(), "timeline", 2, 20, 60);
        assertThat(last.hasNext()).isFalse();
        assertThat(last.hasPrevious()).isTrue();
        assertThat(last.previous()).isEqualTo("/customers/c-1?timeline=1");

        Pager empty = Pager.of("/at-risk", Map.of(), "page", 0, 50, 0);
        assertThat(empty.pages()).isEqualTo(1);
        assertThat(empty.hasNext()).isFalse();
        assertThat(empty.hasPrevious()).isFalse();
    }
}
