package io.retention.winback.offers;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * Which offers may go to a customer, by why they left: price → a discount; service → a service upgrade or the richer
 * bundle; any other or unknown reason → the bundle of both, the approach that wins back most often in published
 * figures (47 %). Among those, the templates the customer is eligible for; the experiment then picks one. Pure logic.
 */
public final class OfferRouting {

    private OfferRouting() {}

    public static Set<OfferKind> kindsFor(ChurnReason reason) {
        return switch (reason) {
            case PRICE -> Set.of(OfferKind.DISCOUNT);
            case SERVICE -> Set.of(OfferKind.SERVICE_UPGRADE, OfferKind.BUNDLE);
            default -> Set.of(OfferKind.BUNDLE);
        };
    }

    /** The templates that are arms of the experiment for this customer. */
    public static List<OfferTemplate> arms(
            List<OfferTemplate> templates, ChurnReason reason, BigDecimal lifetimeValue) {
        Set<OfferKind> kinds = kindsFor(reason);
        return templates.stream()
                .filter(template -> kinds.contains(template.kind()) && template.eligible(reason, lifetimeValue))
                .toList();
    }
}
