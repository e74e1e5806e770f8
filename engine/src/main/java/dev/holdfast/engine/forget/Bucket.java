package dev.holdfast.engine.forget;

import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;

/** The calendar periods retention counts in: a snapshot's period is its hour, day, ISO week, month or year. */
public enum Bucket {
    HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY;

    /** The period t falls in, as a number that differs between periods. */
    long of(ZonedDateTime t) {
        return switch (this) {
            case HOURLY -> t.toLocalDate().toEpochDay() * 24 + t.getHour();
            case DAILY -> t.toLocalDate().toEpochDay();
            case WEEKLY -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTHLY -> t.getYear() * 100L + t.getMonthValue();
            case YEARLY -> t.getYear();
        };
    }

    /** The name used in options, reasons and the rules file ("daily"). */
    public String label() {
        return name().toLowerCase();
    }
}
