package io.distill.server.transfer;

import io.distill.contract.events.TransferSetManifest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A transfer set whose events Kafka has deleted (the topic's retention): the log of a partition
 * starts past the set's first offset there, so some of its examples are gone for good. Its manifest
 * still says COMPLETE; the set must be streamed again.
 */
public class TransferSetExpiredException extends IllegalStateException {

    private final String transferSetId;
    private final Map<Integer, long[]> partitions;

    TransferSetExpiredException(String transferSetId, int generation, Map<Integer, long[]> partitions) {
        super("Transfer set " + transferSetId + " (generation " + generation + ") has expired on soft-targets:"
                + " Kafka has deleted its first events (retention). " + partitions.entrySet().stream()
                        .map(p -> "Partition " + p.getKey() + " starts at offset " + p.getValue()[1]
                                + ", past the set's first offset " + p.getValue()[0])
                        .collect(Collectors.joining("; ")) + ".");
        this.transferSetId = transferSetId;
        this.partitions = partitions;
    }

    public String transferSetId() {
        return transferSetId;
    }

    /** Each expired partition: the set's first offset there, and where the partition's log now starts. */
    public Map<Integer, long[]> partitions() {
        return partitions;
    }

    /**
     * The expiry of {@code manifest}'s set, given where each partition's log starts now, or empty when
     * every event of the set is still there.
     */
    public static Optional<TransferSetExpiredException> check(TransferSetManifest manifest,
            Map<Integer, Long> logStarts) {
        return check(manifest.transferSetId(), manifest.generation(), manifest.offsets(), logStarts);
    }

    /** As {@link #check(TransferSetManifest, Map)}, for the set's id, generation and offsets. */
    public static Optional<TransferSetExpiredException> check(String transferSetId, int generation,
            Map<String, long[]> offsets, Map<Integer, Long> logStarts) {
        Map<Integer, long[]> expired = new TreeMap<>();
        offsets.forEach((partition, range) -> {
            int p = Integer.parseInt(partition);
            Long start = logStarts.get(p);
            if (start != null && start > range[0]) {
                expired.put(p, new long[] {range[0], start});
            }
        });
        return expired.isEmpty() ? Optional.empty()
                : Optional.of(new TransferSetExpiredException(transferSetId, generation, expired));
    }
}
