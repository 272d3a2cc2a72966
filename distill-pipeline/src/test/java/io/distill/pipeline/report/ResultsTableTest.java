package io.distill.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.pipeline.report.ResultsDocument.Paper;
import io.distill.pipeline.report.ResultsDocument.Row;
import io.distill.pipeline.report.ResultsDocument.Run;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    @Test
    void studentsThatDifferOnlyInSeedShareOneRowWithMeanAndSampleSd() {
        // Two transfer sets with the same filters (one per teacher seed, say): their students still pool.
        SyntheticRun run = new SyntheticRun().set("ts-a", "").set("ts-b", "")
                .student("s-1", "ts-a", "distill", 1, 100).student("s-2", "ts-b", "distill", 2, 110)
                .student("s-3", "ts-a", "distill", 3, 120)
                .student("s-4", "ts-a", "\"mode\": \"distill\", \"temperature\": 5", 1, "{\"testErrors\": 90}")
                .student("s-5", "ts-a", "hard", 1, 150);

        ResultsTable table = ResultsTable.of(run.results(), run.jobs());

        Row pooled = table.rows().stream().filter(r -> r.n() == 3).findFirst().orElseThrow();
        assertThat(pooled.role()).isEqualTo("distilled");
        assertThat(pooled.mean()).isEqualTo(110.0);
        assertThat(pooled.sd()).isCloseTo(10.0, within(1e-9));
        assertThat(pooled.runs()).extracting(Run::jobId).containsExactly("s-1", "s-2", "s-3");
        assertThat(pooled.runs()).extracting(Run::seed).containsExactly(1L, 2L, 3L);
        assertThat(pooled.runs()).extracting(Run::validationErrors).containsExactly(50, 55, 60);
        assertThat(table.rows()).filteredOn(r -> r.model().contains("T=5")).singleElement()
                .satisfies(r -> assertThat(r.n()).isEqualTo(1)).satisfies(r -> assertThat(r.sd()).isNull());
        assertThat(table.rows()).filteredOn(r -> r.role().equals("hard")).singleElement()
                .satisfies(r -> assertThat(r.mean()).isEqualTo(150.0));
        assertThat(table.render().lines().filter(l -> l.startsWith("hard"))).singleElement()
                .satisfies(l -> assertThat(l).matches(".*\\s1\\s+150\\s+-\\s+146$"));
        assertThat(table.render().lines().filter(l -> l.startsWith("distilled") && l.contains("T=20")))
                .singleElement().satisfies(l -> assertThat(l).matches(".*\\s3\\s+110\\.0\\s+10\\.0\\s+74$"));
    }

    @Test
    void eachKindOfSetAndModeHasItsRoleAndThePapersFigure() {
        SyntheticRun run = new SyntheticRun().teacher("t-1", 1, 88)
                .set("ts-full", "").set("ts-aug", "\"copies\": 4").set("ts-no3", "\"omitClasses\": [3]")
                .set("ts-78", "\"onlyClasses\": [7, 8]").set("ts-no25", "\"omitClasses\": [2, 5]")
                .student("s-soft", "ts-full", "soft", 1, 130).student("s-dist", "ts-full", "distill", 1, 116)
                .student("s-hard", "ts-full", "hard", 1, 140).student("s-aug", "ts-aug", "distill", 1, 100)
                .biasFixed("s-no3", "ts-no3", 1, 213, 148).biasFixed("s-78", "ts-78", 1, 4_000, 1_500)
                .student("s-no3-hard", "ts-no3", "hard", 1, 250).student("s-no25", "ts-no25", "distill", 1, 300)
                .ensemble("e-1", "ts-full", 1, 88, 80);

        ResultsTable table = ResultsTable.of(run.results(), run.jobs());

        assertThat(table.rows()).extracting(Row::label).containsExactly("teacher", "hard", "distilled", "soft",
                "distilled, augmented", "omit-3, hard", "omit-3, before fix", "omit-3, after fix",
                "omit-2/5", "7/8, before fix", "7/8, after fix", "specialists");
        assertThat(table.rows()).extracting(r -> r.paper() == null ? "-" : r.paper().text()).containsExactly("67",
                "146", "74", "-", "-", "-", "206", "109", "-", "4,730 (47.3 %)", "1,320 (13.2 %)", "-");
        assertThat(table.rows()).extracting(Row::mean).containsExactly(88.0, 140.0, 116.0, 130.0, 100.0, 250.0,
                213.0, 148.0, 300.0, 4_000.0, 1_500.0, 80.0);
        assertThat(row(table, "7/8", "before").paper()).isEqualTo(new Paper(4_730, "4,730 (47.3 %)"));
        assertThat(row(table, "omit-3", "after").runs()).singleElement()
                .satisfies(r -> assertThat(r.bias()).isEqualTo(2.5))
                .satisfies(r -> assertThat(r.validationErrors()).isEqualTo(70));
        assertThat(row(table, "specialists", null).model()).isEqualTo("generalist (88) + 2 specialists");
        assertThat(row(table, "distilled, augmented", null).model()).contains("4 copies");
        assertThat(table.jobs()).extracting(ResultsDocument.JobLine::role).contains("transfer set, omit-3",
                "transfer set, 7/8", "transfer set, augmented");
    }

    @Test
    void aReusedTeachersRowNamesTheJobThatTrainedIt() {
        SyntheticRun run = new SyntheticRun().teacher("t-2", 1, 88, "\"reuse\": \"t-1\"");

        ResultsTable table = ResultsTable.of(run.results(), run.jobs());

        assertThat(row(table, "teacher", null).model()).isEqualTo("784-1200-1200-10, 8 epochs, reused from t-1");
        assertThat(row(table, "teacher", null).mean()).isEqualTo(88.0);
    }

    @Test
    void aRegisteredSetsManifestGivesTheNetsTheirInputsAndClassesAndTheRowsItsName() {
        SyntheticRun run = new SyntheticRun().teacher("t-1", 1, 52).set("ts", "\"dataset\": \"ds-0123456789abcdef\"")
                .student("s-1", "ts", "distill", 1, 40).dataset("ds-0123456789abcdef", "digits", 64, 12);
        ((ObjectNode) run.record("teacher-service", "t-1").path("request")).put("dataset", "ds-0123456789abcdef");

        List<Row> rows = ResultsTable.of(run.results(), run.jobs()).rows();

        assertThat(rows).extracting(Row::model).containsExactly("64-1200-1200-12, 8 epochs, digits",
                "64-800-800-12 on 2,000, T=20, digits");
        SyntheticRun unknown = new SyntheticRun().set("ts", "\"dataset\": \"ds-0123456789abcdef\"")
                .student("s-1", "ts", "distill", 1, 40);
        assertThat(ResultsTable.of(unknown.results(), unknown.jobs()).rows()).extracting(Row::model)
                .containsExactly("784-800-800-10 on 2,000, T=20, ds-0123456789abcdef");
    }

    @Test
    void anEnsemblesControlIsItsOwnRowJustBeforeTheEnsemble() {
        SyntheticRun run = new SyntheticRun().set("ts-f", "\"dataset\": \"fashion-mnist\"")
                .controlledEnsemble("e-1", "ts-f", 1, 1_100, 1_000, 1_060)
                .controlledEnsemble("e-2", "ts-f", 2, 1_100, 1_010, 1_040);

        List<Row> rows = ResultsTable.of(run.results(), run.jobs()).rows();

        assertThat(rows).extracting(Row::role).containsExactly("control", "specialists");
        assertThat(rows.get(0).model()).isEqualTo("generalist + 20 epochs, no specialists");
        assertThat(rows.get(0).mean()).isEqualTo(1_050.0);
        assertThat(rows.get(0).runs()).extracting(Run::validationErrors).containsExactly(300, 300);
        assertThat(rows.get(1).mean()).isEqualTo(1_005.0);
        assertThat(rows.get(0).paper()).isEqualTo(rows.get(1).paper());
    }

    @Test
    void aModeThisClientDoesNotKnowKeepsItsNameAndGoesAfterTheKnownOnes() {
        SyntheticRun run = new SyntheticRun().set("ts", "").set("ts-no3", "\"omitClasses\": [3]")
                .student("s-new", "ts", "newer", 1, 120).student("s-soft", "ts", "soft", 1, 130)
                .student("s-hard", "ts", "hard", 1, 140).student("s-dist", "ts", "distill", 1, 116)
                .student("s-no3-new", "ts-no3", "newer", 1, 220);

        ResultsTable table = ResultsTable.of(run.results(), run.jobs());

        assertThat(table.rows()).extracting(Row::label).containsExactly("hard", "distilled", "soft", "newer",
                "omit-3, newer");
        assertThat(table.rows().get(3).model()).contains("T=");
    }

    @Test
    void aSetOfAnotherDataSetHasNoPaperFigure() {
        SyntheticRun run = new SyntheticRun().set("ts-f", "\"dataset\": \"fashion-mnist\"")
                .student("s-f", "ts-f", "hard", 1, 1_500);

        Row hard = ResultsTable.of(run.results(), run.jobs()).rows().get(0);

        assertThat(hard.role()).isEqualTo("hard");
        assertThat(hard.paper()).isNull();
        assertThat(hard.model()).endsWith("fashion-mnist");
    }

    @Test
    void thePrintedTableFitsInOneHundredColumnsWithThePaperHeaderAndNoJobIds() {
        SyntheticRun run = new SyntheticRun().teacher("t-0123456789abcdef", 1, 88)
                .set("ts-0123456789abcdef", "\"omitClasses\": [0, 1, 2, 3, 4, 5, 6, 7], \"copies\": 12")
                .student("s-0123456789abcdef", "ts-0123456789abcdef",
                        "\"mode\": \"soft\", \"temperature\": 12.345, \"hidden\": [16384, 16384, 16384, 16384]", 7,
                        "{\"testErrors\": 9999}")
                .failedStudent("s-failed-0123456789", "ts-0123456789abcdef", "x".repeat(300));

        String text = ResultsTable.of(run.results(), run.jobs()).render();

        assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(TextTable.WIDTH));
        assertThat(text.lines().findFirst().orElseThrow()).endsWith("paper (full size)").startsWith("role");
        assertThat(text.lines().filter(l -> l.startsWith("role") || l.startsWith("omit-") || l.startsWith("teacher")))
                .hasSize(3).noneMatch(l -> l.contains("0123456789abcdef"));
        assertThat(text).contains("FAILED student-service/s-failed-0123456789: xxx");
    }

    @Test
    void aFailedJobIsListedButCountsInNoRow() {
        SyntheticRun run = new SyntheticRun().set("ts", "").student("s-1", "ts", "hard", 1, 140)
                .failedStudent("s-2", "ts", "out of memory");

        ResultsTable table = ResultsTable.of(run.results(), run.jobs());

        assertThat(table.rows()).singleElement().satisfies(r -> assertThat(r.n()).isEqualTo(1));
        assertThat(table.jobs()).extracting(ResultsDocument.JobLine::state).containsExactly("SUCCEEDED", "SUCCEEDED",
                "FAILED");
    }

    @Test
    void theCheckComparesTheMeansOfTheFullSetsHardAndDistilledRows() {
        SyntheticRun better = new SyntheticRun().set("ts", "").set("ts-no3", "\"omitClasses\": [3]")
                .student("h1", "ts", "hard", 1, 300).student("h2", "ts", "hard", 2, 320)
                .student("d1", "ts", "distill", 1, 280).student("d2", "ts", "distill", 2, 330)
                .student("o1", "ts-no3", "distill", 1, 10);
        SyntheticRun worse = new SyntheticRun().set("ts", "").set("ts-no3", "\"omitClasses\": [3]")
                .student("h1", "ts", "hard", 1, 300).student("h2", "ts", "hard", 2, 320)
                .student("d1", "ts", "distill", 1, 300).student("d2", "ts", "distill", 2, 330)
                // Fewer errors than both, but an omit-3 student is not the distilled one.
                .student("o1", "ts-no3", "distill", 1, 10);

        assertThat(ResultsTable.of(better.results(), better.jobs()).distilledBeatsHard()).isTrue();
        assertThat(ResultsTable.of(worse.results(), worse.jobs()).distilledBeatsHard()).isFalse();
        assertThat(ResultsTable.of(List.of(), better.jobs()).distilledBeatsHard()).isFalse();
    }

    private static Row row(ResultsTable table, String role, String biasFix) {
        return table.rows().stream().filter(r -> r.role().equals(role) && Objects.equals(r.biasFix(), biasFix))
                .findFirst().orElseThrow();
    }
}
