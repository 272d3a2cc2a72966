package io.distill.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's memory is kept between arrays (MXNet's pool and glibc's thresholds), except where the
 * environment sets either itself: an operator's setting wins.
 */
class NativeMemoryTest {

    @Test
    void anOperatorsSettingsAreLeftAlone() {
        assertThat(NativeMemory.keep(Map.of(NativeMemory.POOL, "Naive",
                "GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=131072"))).isEmpty();
        assertThat(NativeMemory.keep(Map.of(NativeMemory.POOL, "Naive"))).containsExactly(
                NativeMemory.Kept.MALLOC_THRESHOLDS);
    }

    @Test
    void withoutThemTheEnginePoolIsSetForTheEngineToRead() {
        assertThat(NativeMemory.keep(Map.of("GLIBC_TUNABLES", "glibc.malloc.check=0")))
                .containsExactly(NativeMemory.Kept.ENGINE_POOL);
        // Read back through the C library, as MXNet reads it; a value set before (by the environment
        // of this test's JVM, or an earlier Engines.configure) is kept, never overwritten.
        String expected = System.getenv().getOrDefault(NativeMemory.POOL, "Round");
        assertThat(NativeMemory.cLibrary().getenv(NativeMemory.POOL)).isEqualTo(expected);
    }
}
