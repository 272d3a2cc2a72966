package io.distill.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void theReportIsRewrittenFromTheRunFolderAlone() throws Exception {
        SyntheticRun run = new SyntheticRun().teacher("t-1", 1, 88).set("ts", "").set("ts-no3", "\"omitClasses\": [3]")
                .student("s-hard", "ts", "hard", 1, 140).student("s-1", "ts", "distill", 1, 116)
                .student("s-2", "ts", "distill", 2, 120).biasFixed("s-no3", "ts-no3", 1, 213, 148)
                .ensemble("e-1", "ts", 1, 88, 80);
        RunFolder folder = run.writeTo(new RunFolder(dir));

        assertThat(RunReport.run(dir.toString())).isZero();

        ResultsDocument doc = ResultsDocument.read(folder.file(RunFolder.RESULTS_JSON));
        assertThat(doc.rows()).extracting(ResultsDocument.Row::label).containsExactly("teacher", "hard", "distilled",
                "omit-3, before fix", "omit-3, after fix", "specialists");
        assertThat(doc.startedAt()).isEqualTo(SyntheticRun.START);
        assertThat(doc.wallSeconds()).isEqualTo(Files.readAllLines(folder.file(RunFolder.PROGRESS)).size() * 60L);
        String md = Files.readString(folder.file(RunFolder.RESULTS_MD));
        assertThat(md).contains("| distilled | 784-800-800-10 on 2,000, T=20 | 2 | 118.0 ± 2.8 | 74 |"
                + " `s-1` (seed 1: 116), `s-2` (seed 2: 120) |")
                .contains("| omit-3, after fix |").contains("`s-no3` (seed 1: 148, bias +2.5)")
                .contains("| `e-1` | specialist-service | specialists | 1 | SUCCEEDED | 80 |");
        assertPng(folder.file(RunFolder.VALIDATION_PNG), ResultsPlots.VALIDATION_WIDTH);
        assertPng(folder.file(RunFolder.RESULTS_PNG), ResultsPlots.resultsWidth(doc.rows().size()));

        // A changed record changes the report: the second distilled student becomes a T=5 one, a row of its own.
        ObjectNode changed = (ObjectNode) folder.job("student-service", "s-2");
        ((ObjectNode) changed.path("request")).put("temperature", 5);
        folder.saveJob("student-service", "s-2", changed);
        byte[] before = Files.readAllBytes(folder.file(RunFolder.RESULTS_PNG));

        assertThat(RunReport.run(dir.toString())).isZero();

        assertThat(Files.readString(folder.file(RunFolder.RESULTS_MD)))
                .contains("| distilled | 784-800-800-10 on 2,000, T=20 | 1 | 116 | 74 | `s-1` (seed 1: 116) |")
                .contains("| distilled | 784-800-800-10 on 2,000, T=5 | 1 | 120 | 74 | `s-2` (seed 2: 120) |");
        assertThat(Arrays.equals(before, Files.readAllBytes(folder.file(RunFolder.RESULTS_PNG)))).isFalse();
    }

    @Test
    void aFolderWithoutProgressIsRefusedAndWrongUsageIsABadCommand() {
        assertThat(RunReport.run(dir.toString())).isEqualTo(1);
        assertThat(RunReport.run()).isEqualTo(2);
        assertThat(dir.resolve(RunFolder.RESULTS_JSON)).doesNotExist();
    }

    private static void assertPng(Path file, int width) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(ResultsPlots.HEIGHT);
        // Not a blank canvas: a chart draws more than a handful of colours.
        assertThat(IntStream.range(0, image.getWidth())
                .flatMap(x -> IntStream.range(0, image.getHeight()).map(y -> image.getRGB(x, y))).distinct().count())
                .isGreaterThan(10);
    }
}
