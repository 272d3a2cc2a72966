package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metrics lint that every ServiceEndpointsTest runs can fail, and looks only at our families. */
class PromtoolTest {

    private static final String SCRAPE = """
            # HELP jvm_threads_live_threads The current number of live threads
            # TYPE jvm_threads_live_threads gauge
            jvm_threads_live_threads 42.0
            # HELP distill_jobs Jobs of this service by state
            # TYPE distill_jobs gauge
            distill_jobs{state="queued",} 0.0
            # HELP distill_soft_target_bytes_total Bytes published
            # TYPE distill_soft_target_bytes_total counter
            distill_soft_target_bytes_total 0.0
            """;

    @Test
    void familiesKeepsOnlyTheNamedFamiliesWithTheirHelpAndType() {
        String ours = Promtool.families(SCRAPE, "distill_");
        assertThat(ours).doesNotContain("jvm_").contains("# HELP distill_jobs ", "# TYPE distill_jobs gauge",
                "distill_jobs{state=\"queued\",} 0.0", "# TYPE distill_soft_target_bytes_total counter");
    }

    @Test
    void wellNamedFamiliesPass() throws Exception {
        assertThat(Promtool.problems(Promtool.families(SCRAPE, "distill_"))).isEmpty();
    }

    @Test
    void aCounterWithoutTotalAnAbbreviatedUnitAndAMissingHelpAreEachReported() throws Exception {
        String bad = """
                # HELP distill_wait_ms Time spent waiting
                # TYPE distill_wait_ms counter
                distill_wait_ms 1.0
                # TYPE distill_queue gauge
                distill_queue 1.0
                """;
        assertThat(Promtool.problems(bad)).containsExactlyInAnyOrder(
                "distill_wait_ms counter metrics should have \"_total\" suffix",
                "distill_wait_ms metric names should not contain abbreviated units",
                "distill_queue no help text");
    }
}
