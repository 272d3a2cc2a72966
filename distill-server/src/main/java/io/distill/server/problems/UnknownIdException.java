package io.distill.server.problems;

import io.distill.contract.jobs.Ids;

/** A path or a body named a job, model or transfer set this service does not have; answered with 404. */
public final class UnknownIdException extends RuntimeException {

    /** How many characters of an id a message shows: enough to recognise it, never a page of it. */
    static final int SHOWN = 40;

    public UnknownIdException(String kind, String id) {
        super("No " + kind + " with id " + quoted(id) + ".");
    }

    private UnknownIdException(String message) {
        super(message);
    }

    /** An id outside the id alphabet or over its length, which names nothing here by construction. */
    public static UnknownIdException malformed(String id) {
        return new UnknownIdException("No job, model or transfer set has the id " + quoted(id) + ": an id is"
                + " letters, digits, '.', '_' and '-', starting with a letter or digit, at most "
                + Ids.MAX_LENGTH + " characters.");
    }

    /**
     * {@code id} as a message may show it: quoted, cut at {@value #SHOWN} characters, and anything but
     * printable ASCII escaped, so that a NUL byte or a megabyte of id never reaches a client or a log verbatim.
     */
    static String quoted(String id) {
        if (id == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(id.length(), SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = id.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (id.length() > SHOWN) {
            out.append("... (").append(id.length()).append(" characters)");
        }
        return out.toString();
    }
}
