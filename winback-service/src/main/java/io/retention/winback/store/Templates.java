package io.retention.winback.store;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import io.retention.winback.offers.OfferTemplate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Offer templates in PostgreSQL. */
@ApplicationScoped
public class Templates {
    private static final String COLUMNS =
            "id, kind, discount_percent, upgrade, validity_days, reasons, min_lifetime_value, active";

    public Uni<List<OfferTemplate>> all(SqlClient client, boolean activeOnly) {
        return client.query("select " + COLUMNS + " from offer_template" + (activeOnly ? " where active" : "")
                        + " order by id")
                .execute()
                .map(rows -> {
                    List<OfferTemplate> templates = new ArrayList<>();
                    rows.forEach(row -> templates.add(template(row)));
                    return templates;
                });
    }

    public Uni<Optional<OfferTemplate>> find(SqlClient client, String id) {
        return client.preparedQuery("select " + COLUMNS + " from offer_template where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(template(rows.iterator().next())));
    }

    /** Creates or replaces a template; answers whether it was new. */
    public Uni<Boolean> save(SqlClient client, OfferTemplate template, Instant now) {
        return client.preparedQuery("""
                        insert into offer_template (id, kind, discount_percent, upgrade, validity_days, reasons,
                                                    min_lifetime_value, active, created_at, updated_at)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
                        on conflict (id) do update set kind = excluded.kind, discount_percent = excluded.discount_percent,
                            upgrade = excluded.upgrade, validity_days = excluded.validity_days, reasons = excluded.reasons,
                            min_lifetime_value = excluded.min_lifetime_value, active = excluded.active,
                            updated_at = excluded.updated_at
                        returning (xmax = 0) as inserted""")
                .execute(Tuple.tuple(Arrays.asList(
                        template.id(),
                        template.kind().name(),
                        template.discountPercent(),
                        template.upgrade(),
                        template.validityDays(),
                        template.reasons().stream().map(Enum::name).sorted().toArray(String[]::new),
                        template.minLifetimeValue() == null ? BigDecimal.ZERO : template.minLifetimeValue(),
                        template.active(),
                        now.atOffset(ZoneOffset.UTC))))
                .map(rows -> rows.iterator().next().getBoolean("inserted"));
    }

    private static OfferTemplate template(Row row) {
        Set<ChurnReason> reasons = EnumSet.noneOf(ChurnReason.class);
        for (String reason : row.getArrayOfStrings("reasons")) {
            reasons.add(ChurnReason.valueOf(reason));
        }
        return new OfferTemplate(
                row.getString("id"),
                OfferKind.valueOf(row.getString("kind")),
                row.getInteger("discount_percent"),
                row.getString("upgrade"),
                row.getInteger("validity_days"),
                reasons,
                row.getBigDecimal("min_lifetime_value"),
                row.getBoolean("active"));
    }
}
