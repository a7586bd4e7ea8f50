package io.retention.kit.store;

import io.retention.kit.rest.Page;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** One page of entities matching a filter, with the total count: the list endpoints' shared query. */
public final class Paging {
    private Paging() {
    }

    /**
     * @param conditions HQL conditions joined with {@code and}; empty for all
     * @param parameters the named parameters the conditions use
     * @param orderBy    HQL order, which should end with a unique property so pages are stable
     */
    public static <T> Uni<Page<T>> page(Mutiny.Session session, Class<T> entity, List<String> conditions,
                                        Map<String, Object> parameters, String orderBy, int page, int size) {
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        var count = session.createSelectionQuery("select count(*) from " + entity.getSimpleName() + where, Long.class);
        var items = session.createSelectionQuery("from " + entity.getSimpleName() + where + " order by " + orderBy, entity)
                .setFirstResult(page * size).setMaxResults(size);
        parameters.forEach((name, value) -> {
            count.setParameter(name, value);
            items.setParameter(name, value);
        });
        return count.getSingleResult().chain(total -> items.getResultList().map(found -> new Page<>(found, page, size, total)));
    }
}
