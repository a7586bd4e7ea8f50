package io.retention.winback.offers;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;

/**
 * Picks the offer by why the customer left: a discount for those who left over price, otherwise a bundle of a
 * discount and a service upgrade. Pure decision logic, no framework.
 *
 * @param priceDiscountPercent  the discount for customers who left over price
 * @param bundleDiscountPercent the discount inside the bundle
 */
public record OfferRouting(int priceDiscountPercent, int bundleDiscountPercent) {

    public OfferRouting {
        if (priceDiscountPercent < 1 || priceDiscountPercent > 100 || bundleDiscountPercent < 0 || bundleDiscountPercent > 100) {
            throw new IllegalArgumentException("discounts must be percentages");
        }
    }

    public OfferChoice choose(ChurnReason reason) {
        if (reason == ChurnReason.PRICE) {
            return new OfferChoice(OfferKind.DISCOUNT, priceDiscountPercent, "discount-" + priceDiscountPercent);
        }
        return new OfferChoice(OfferKind.BUNDLE, bundleDiscountPercent, "bundle-" + bundleDiscountPercent);
    }
}
