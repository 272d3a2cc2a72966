package io.distill.server.rest;

import io.distill.contract.jobs.JobState;
import io.distill.server.jobs.JobFilter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A job list's query parameters ({@code run}, {@code state}, {@code kind}, {@code limit}, {@code offset}) read
 * into a {@link JobFilter}, and any list's paging; a value it cannot read is a 400 naming it.
 */
public final class JobFilters {

    private JobFilters() {}

    /** The filter the parameters ask for; each may be null. */
    public static JobFilter parse(String run, String state, String kind, String limit, String offset) {
        return new JobFilter(run, QueryParams.parse("state", state, JobFilters::jobState), kind,
                limit(limit, JobFilter.MAX_LIMIT), offset(offset));
    }

    /** A list's {@code limit}: 1 to {@code max}, or every item when it is absent. */
    public static int limit(String limit, int max) {
        return Objects.requireNonNullElse(QueryParams.parse("limit", limit, v -> wholeNumber(v, 1, max)),
                Integer.MAX_VALUE);
    }

    /** A list's {@code offset}: 0 or more, 0 when it is absent. */
    public static int offset(String offset) {
        return Objects.requireNonNullElse(QueryParams.parse("offset", offset,
                v -> wholeNumber(v, 0, Integer.MAX_VALUE)), 0);
    }

    private static JobState jobState(String value) {
        try {
            return JobState.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is " + value + ", expected one of "
                    + Arrays.toString(JobState.values()));
        }
    }

    /** {@code value} as a whole number from {@code min} to {@code max}, else an IllegalArgumentException saying so. */
    private static int wholeNumber(String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("is " + value + ", expected a whole number from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max));
        }
        return n;
    }
}
