package io.retention.risk.model;

/**
 * A customer's purchase history in the terms of the BTYD models: {@code x} repeat purchases (purchase-days after the
 * first), the last of them at {@code tx} weeks after the first purchase, observed until {@code T} weeks after it.
 */
public record PurchaseHistory(int x, double tx, double T) {

    public PurchaseHistory {
        if (x < 0 || tx < 0 || T < tx) {
            throw new IllegalArgumentException("need x >= 0 and 0 <= tx <= T, got x=" + x + " tx=" + tx + " T=" + T);
        }
    }

    /** The same history with its weeks rounded to 2 decimals, so that customers can be grouped for a fit. */
    public PurchaseHistory rounded() {
        return new PurchaseHistory(x, Math.round(tx * 100) / 100.0, Math.round(T * 100) / 100.0);
    }
}
