package io.retention.winback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How winback-service approaches lost customers and measures what works. */
@ConfigMapping(prefix = "retention.winback")
public interface WinbackConfig {

    /** Most offers issued per day (UTC); the highest priorities get them first, the rest wait for the next day. */
    @WithDefault("50")
    int dailyBudget();

    /** How often waiting lost customers are considered for the day's budget. */
    @WithDefault("10s")
    Duration roundEvery();

    /**
     * A round waits until no customer has joined the queue for this long, so that a burst of lost customers (the
     * lapsed buyers of an imported history) is ranked as a whole rather than in the slices that happened to arrive
     * before a round; zero for no wait.
     */
    @WithDefault("30s")
    Duration queueSettle();

    /** ...but not when the oldest waiting customer joined longer ago than this (a steady trickle never settles). */
    @WithDefault("10m")
    Duration queueSettleLimit();

    /** Share of lost customers held out of every offer, to measure the offers' lift against. */
    @WithDefault("0.10")
    double holdoutShare();

    /** Salt of the holdout assignment; change it to draw a new holdout group. */
    @WithDefault("retention-holdout-1")
    String holdoutSalt();

    /** How long after the decision a purchase counts as won back, for offered and held-out customers alike. */
    @WithDefault("P30D")
    Duration window();

    /** Priority: extra weight per customer referred (up to five). */
    @WithDefault("0.25")
    double referralBonus();

    /** Priority: factor for a customer who complained. */
    @WithDefault("0.5")
    double complaintFactor();

    /** How often offers past their validity are expired and closed windows are settled. */
    @WithDefault("10s")
    Duration expiryEvery();
}
