package io.distill.softtarget.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distill.softtarget.jobs.StreamPhases.Phase;
import org.junit.jupiter.api.Test;

class StreamPhasesTest {

    @Test
    void eachPhaseAddsUpItsOwnTimeAndTheSummaryNamesEveryPhaseInOrder() throws InterruptedException {
        StreamPhases phases = new StreamPhases();
        long mark = System.nanoTime();
        Thread.sleep(20);
        mark = phases.since(Phase.INFERENCE, mark);
        Thread.sleep(10);
        mark = phases.since(Phase.SENDS, mark);
        Thread.sleep(10);
        phases.since(Phase.INFERENCE, mark);

        assertTrue(phases.seconds(Phase.INFERENCE) >= 0.030, "inference " + phases.seconds(Phase.INFERENCE));
        assertTrue(phases.seconds(Phase.SENDS) >= 0.010, "sends " + phases.seconds(Phase.SENDS));
        assertEquals(0, phases.seconds(Phase.MANIFEST));
        String summary = phases.summary();
        assertTrue(summary.startsWith("teachers fetched and loaded 0.00 s, inference 0.0"), summary);
        assertTrue(summary.indexOf("inference") < summary.indexOf("serialisation")
                && summary.indexOf("sends") < summary.indexOf("the manifest"), summary);
    }
}
