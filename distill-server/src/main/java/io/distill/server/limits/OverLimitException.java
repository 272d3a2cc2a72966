package io.distill.server.limits;

import java.util.List;

/**
 * A job that this replica cannot hold: each refusal names the request field that drives the need and
 * the limit it is over. Answered 422 ({@code urn:distill:problem:over-limit}); a plan's entry that
 * throws it is recorded FAILED with its message.
 */
public final class OverLimitException extends IllegalArgumentException {

    private final List<Refusal> refusals;

    public OverLimitException(List<Refusal> refusals) {
        super(String.join("; ", refusals.stream().map(r -> r.field() + ": " + r.error()).toList()));
        if (refusals.isEmpty()) {
            throw new IllegalArgumentException("An over-limit refusal needs at least one field to blame.");
        }
        this.refusals = List.copyOf(refusals);
    }

    /** One field to change, and why, with the limit. */
    public record Refusal(String field, String error) {}

    /** The fields to blame, the one that costs most first. */
    public List<Refusal> refusals() {
        return refusals;
    }
}
