package io.distill.softtarget.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

/**
 * Where a transfer set's streaming time goes, phase by phase, for the log line that ends each set
 * (docs/benchmarks.md reads it). Inference runs on the streaming thread while the sender thread
 * serialises and sends the chunk before, so the phases of the two threads overlap: their sum
 * exceeds the set's time, and "waiting for the sender" is how long inference stood idle.
 */
public final class StreamPhases {

    /** A phase and its thread. */
    public enum Phase {
        TEACHERS("teachers fetched and loaded"),
        INFERENCE("inference"),
        WAITING("inference waiting for the sender"),
        SERIALISATION("serialisation"),
        SENDS("sends, compression included"),
        FLUSH("the last acknowledgements"),
        MANIFEST("the manifest");

        private final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private final AtomicLongArray nanos = new AtomicLongArray(Phase.values().length);

    /** Adds the time since {@code startNanos} to {@code phase}; returns now, the next phase's start. */
    public long since(Phase phase, long startNanos) {
        long now = System.nanoTime();
        add(phase, now - startNanos);
        return now;
    }

    /** Adds {@code elapsedNanos} to {@code phase}. */
    public void add(Phase phase, long elapsedNanos) {
        nanos.addAndGet(phase.ordinal(), elapsedNanos);
    }

    public double seconds(Phase phase) {
        return nanos.get(phase.ordinal()) / 1e9;
    }

    /** "inference 2.10 s, serialisation 0.35 s, ..." in the phases' order. */
    public String summary() {
        return Arrays.stream(Phase.values())
                .map(phase -> String.format(Locale.ROOT, "%s %.2f s", phase.label, seconds(phase)))
                .collect(Collectors.joining(", "));
    }
}
