package io.retention.risk.learning;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The days snapshots are taken on: every 28 days from 1970-01-01, the same for every instance and install, so that a
 * daily fit does not take a snapshot a day and a history import fills the grid's past days. Pure.
 */
public final class SnapshotGrid {
    static final int SPACING_DAYS = 28;

    private SnapshotGrid() {}

    /** The latest {@code count} grid days at or before {@code today} and after {@code earliest}, oldest first. */
    public static List<LocalDate> cutOffs(LocalDate today, LocalDate earliest, int count) {
        long latest = Math.floorDiv(today.toEpochDay(), SPACING_DAYS) * SPACING_DAYS;
        List<LocalDate> days = new ArrayList<>();
        for (long day = latest; days.size() < count && day > earliest.toEpochDay(); day -= SPACING_DAYS) {
            days.add(0, LocalDate.ofEpochDay(day));
        }
        return days;
    }
}
