package io.retention.risk.config;

import io.retention.contract.events.RiskReason.ReasonCode;
import io.retention.risk.scoring.ScoringPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** How risk-service scores, re-checks and models customers. */
@ConfigMapping(prefix = "retention.risk")
public interface RiskConfig {

    /** The most points each reason adds to the score. */
    Weights weights();

    /** Score from which a customer is at MEDIUM risk. */
    @WithDefault("40")
    int mediumFrom();

    /** Score from which a customer is at HIGH risk. */
    @WithDefault("70")
    int highFrom();

    /** Open tickets at which OPEN_TICKETS is at full weight. */
    @WithDefault("3")
    int openTicketsFull();

    /** Complaints in the last 90 days at which COMPLAINTS is at full weight. */
    @WithDefault("2")
    int complaintsFull();

    /** CSAT (1..5) at or below which satisfaction is low. */
    @WithDefault("2")
    int lowCsat();

    /** NPS (0..10) at or below which satisfaction is low. */
    @WithDefault("6")
    int lowNps();

    /** Uses per 14 days in the 8 weeks before, below which a usage drop does not count. */
    @WithDefault("5")
    double usageBaselineMin();

    /** The drop of usage (0..1) in the last 14 days against the 8 weeks before that counts as USAGE_DROP. */
    @WithDefault("0.5")
    double usageDropMin();

    /** Days without usage after which a customer who used the product is INACTIVE. */
    @WithDefault("30")
    int inactiveDays();

    /** A customer with a purchase cadence has churned (LAPSED) after this many times their mean gap... */
    @WithDefault("4")
    double lapseFactor();

    /** ...and at least this many days without a purchase. */
    @WithDefault("90")
    int lapseMinDays();

    /** Days without a purchase after which a customer who bought once has churned (LAPSED). */
    @WithDefault("365")
    int oneTimeBuyerLapseDays();

    /** How often a customer whose score depends on time passing is re-assessed without a new event. */
    @WithDefault("P1D")
    Duration recheckEvery();

    /** How often the service looks for customers whose re-assessment is due. */
    @WithDefault("30s")
    Duration recheckPoll();

    /**
     * A customer whose history arrived (contract 1.2: old or {@code backfill} events) is judged once no history has
     * arrived for this long, for them and for the whole service: an import is judged on each customer's whole history.
     */
    @WithDefault("30s")
    Duration settleAfter();

    /**
     * ...but no later than this beyond their own quiet time, even while other customers' history keeps arriving (a
     * source that delivers late events all day long would otherwise hold every judgement back).
     */
    @WithDefault("10m")
    Duration settleHoldLimit();

    /** Customers re-assessed per transaction. */
    @WithDefault("500")
    int recheckBatch();

    /**
     * How often held live events are looked at without a new batch to wake the release (events whose time has come,
     * partitions read meanwhile by another instance).
     */
    @WithDefault("1s")
    Duration releasePoll();

    /**
     * How long a live event is held at most while a partition stays unread (a consumer stopped, a pod gone before its
     * partitions were reassigned): then it is applied, late rather than never.
     */
    @WithDefault("5m")
    Duration holdLimit();

    /**
     * Records published this recently and not read yet are in flight, not a backlog: their partition counts as read up
     * to this long ago. The least a live event waits while others are in flight; a consumer further behind holds live
     * events back to the latest event time it has read. A live event published later than this after its time, while
     * traffic is steady, may be applied after a later event of another topic: the final state is the same.
     */
    @WithDefault("PT0.1S")
    Duration inFlightWithin();

    /** The purchase model. */
    Model model();

    /** Snapshots of buyers' features, their outcomes, and the learned score judged on them. */
    Learning learning();

    /** The weights, one key per reason. */
    interface Weights {
        /** Points for open support tickets. */
        @WithDefault("45")
        double openTickets();

        /** Points for complaints in the last 90 days. */
        @WithDefault("30")
        double complaints();

        /** Points for low CSAT or NPS. */
        @WithDefault("25")
        double lowSatisfaction();

        /** Points for a drop in usage. */
        @WithDefault("30")
        double usageDrop();

        /** Points for no usage at all for a while. */
        @WithDefault("40")
        double inactive();

        /** Points for the probability of no purchase over the model horizon. */
        @WithDefault("70")
        double purchaseLapse();

        /** Points for a cancelled subscription. */
        @WithDefault("100")
        double cancelled();
    }

    /** Fitting and reading the purchase model. */
    interface Model {
        /** Weeks ahead the purchase outlook (and the churn question of the score) looks. */
        @WithDefault("13")
        double horizonWeeks();

        /** On the no-dropout boundary, how strongly an overdue purchase lowers P(alive). */
        @WithDefault("0.5")
        double cadenceWeight();

        /** How often the model is refitted on all customers. */
        @WithDefault("P1D")
        Duration refitEvery();

        /**
         * After a fit or a new score in force, buyers are re-assessed with it in id order at an even pace over this long
         * rather than all at once, so that live events do not queue behind a re-scoring of every buyer; zero re-assesses
         * them all at the next re-check.
         */
        @WithDefault("PT1H")
        Duration rescoreSpread();

        /** Customers with a purchase needed before a fit is attempted. */
        @WithDefault("20")
        int minCustomers();

        /** Repeat buyers needed before the spend model is fitted. */
        @WithDefault("20")
        int minRepeatBuyers();

        /** How often each instance looks whether the refit interval has passed. */
        @WithDefault("10m")
        Duration refitCheck();

        /** How often each instance reloads the newest fit (another instance may have made it). */
        @WithDefault("1m")
        Duration reloadEvery();
    }

    /** Learning from outcomes (issue 19): snapshots on a 28-day grid, labelled once their horizon has passed. */
    interface Learning {
        /** Grid days learned from and judged on (those whose horizon has passed get snapshots), an import's included. */
        @WithDefault("6")
        int snapshots();

        /** Outcomes needed before a learned model is fitted and judged against the shipped weights. */
        @WithDefault("1000")
        int minOutcomes();

        /** The ridge penalty on the learned model's standardised weights. */
        @WithDefault("30")
        double ridge();

        /** Whether a learned model that ranks better than the shipped weights is put in force; false only reports it. */
        @WithDefault("true")
        boolean putInForce();
    }

    default ScoringPolicy scoringPolicy() {
        Map<ReasonCode, Double> weights = new EnumMap<>(ReasonCode.class);
        weights.put(ReasonCode.OPEN_TICKETS, weights().openTickets());
        weights.put(ReasonCode.COMPLAINTS, weights().complaints());
        weights.put(ReasonCode.LOW_SATISFACTION, weights().lowSatisfaction());
        weights.put(ReasonCode.USAGE_DROP, weights().usageDrop());
        weights.put(ReasonCode.INACTIVE, weights().inactive());
        weights.put(ReasonCode.PURCHASE_LAPSE, weights().purchaseLapse());
        weights.put(ReasonCode.CANCELLED, weights().cancelled());
        return new ScoringPolicy(
                weights,
                mediumFrom(),
                highFrom(),
                openTicketsFull(),
                complaintsFull(),
                lowCsat(),
                lowNps(),
                usageBaselineMin(),
                usageDropMin(),
                inactiveDays(),
                lapseFactor(),
                lapseMinDays(),
                oneTimeBuyerLapseDays());
    }
}
