package io.distill.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A set has expired when a partition's log starts past the set's first offset there, and only then. */
class TransferSetExpiredExceptionTest {

    private static final Map<String, long[]> OFFSETS = Map.of("0", new long[] {100, 199}, "1", new long[] {90, 180});

    @Test
    void aSetWhoseFirstEventsAreStillThereHasNotExpired() {
        assertThat(TransferSetExpiredException.check("ts-1", 1, OFFSETS, Map.of(0, 100L, 1, 0L))).isEmpty();
    }

    @Test
    void aPartitionThatStartsPastTheSetsFirstOffsetExpiresItNamingThatPartitionAlone() {
        TransferSetExpiredException expired = TransferSetExpiredException.check("ts-1", 2, OFFSETS,
                Map.of(0, 101L, 1, 90L)).orElseThrow();

        assertThat(expired.transferSetId()).isEqualTo("ts-1");
        assertThat(expired.partitions()).containsOnlyKeys(0);
        assertThat(expired.getMessage()).isEqualTo("Transfer set ts-1 (generation 2) has expired on soft-targets:"
                + " Kafka has deleted its first events (retention). Partition 0 starts at offset 101, past the set's"
                + " first offset 100.");
    }
}
