package io.distill.contract.jobs;

import java.util.regex.Pattern;

/**
 * What an id of a job, model, transfer set or ensemble may be, in a path or a body: letters, digits,
 * {@code .}, {@code _} and {@code -}, starting with a letter or digit, at most {@value #MAX_LENGTH}
 * characters. The services make every id they hand out in this form; anything else names nothing.
 */
public final class Ids {

    /** The longest id; derived ids (a plan's student of a set of a teacher's member) stay far below it. */
    public static final int MAX_LENGTH = 200;

    /** The id alphabet and length, as a regular expression (for {@code @Pattern}). */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}";

    /** The message of a {@code @Pattern(regexp = PATTERN)} constraint. */
    public static final String MESSAGE = "must be an id: letters, digits, '.', '_' and '-', starting with a letter or"
            + " digit, at most " + MAX_LENGTH + " characters";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Ids() {}

    /** Whether {@code id} is in the id alphabet and not too long. */
    public static boolean valid(String id) {
        return id != null && COMPILED.matcher(id).matches();
    }
}
