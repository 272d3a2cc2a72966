package io.distill.specialist.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.distill.contract.datasets.DatasetScaling;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.json.Json;
import io.distill.core.data.DatasetArrays;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.data.FeatureScaling;
import io.distill.core.data.formats.SourceDataset;
import io.distill.core.data.formats.SplitArrays;
import io.distill.server.datasets.DataSets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code POST /ensembles/{id}/predict} makes of its body, for a set of images and one of features. */
class PredictRequestTest {

    private static final DataSets.Resolved RGB = new DataSets.Resolved("rgb-4x4", InputShape.image(3, 2, 2),
            ElementType.UINT8, 20, 100);
    private static final DataSets.Resolved TABLE = new DataSets.Resolved("table", InputShape.vector(2),
            ElementType.FLOAT32, 3, 22);

    @TempDir
    Path tmp;

    @Test
    void imagesOfAnyShapeComeAsBase64OrAnArrayAndTheFormerFieldNameStillWorks() throws Exception {
        byte[] first = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255};
        String body = "{\"images\": [\"" + Base64.getEncoder().encodeToString(first) + "\","
                + " [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]]}";

        ExampleSet set = read(body).exampleSet(RGB, Optional.empty());

        assertThat(set.size()).isEqualTo(2);
        assertThat(set.classes()).isEqualTo(20);
        assertThat(set.shape()).isEqualTo(RGB.shape());
        assertThat(set.pixels(0)).containsExactly(first);
        assertThat(set.pixels(1)).containsExactly(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    }

    @Test
    void featuresAreScaledAsTheSetsTrainingFeaturesWere() throws Exception {
        FeatureScaling scaling = tableScaling();

        ExampleSet set = read("{\"examples\": [[5, 7], [1.5, -2]]}").exampleSet(TABLE, Optional.of(scaling));

        float[] row = new float[2];
        set.copyFloats(0, row);
        // Training's feature 0 ran from 1 to 3 and feature 1 was always 7 (minmax): 5 is 2, 7 is 0.
        assertThat(row).containsExactly(2f, 0f);
        set.copyFloats(1, row);
        assertThat(row).containsExactly(0.25f, -9f);
        assertThat(set.classes()).isEqualTo(3);
    }

    @Test
    void aBadExampleIsRefusedNamingItsIndexAndWhatItShouldBe() {
        assertRefused("{\"examples\": [[1, 2], [1]]}", TABLE, "examples[1]",
                "is not an array of 2 values (2 of table); it has 1");
        assertRefused("{\"examples\": [[1, \"x\"]]}", TABLE, "examples[0]", "value 1 is \"x\", expected a finite number");
        assertRefused("{\"examples\": [\"AAAA\"]}", TABLE, "examples[0]", "is not an array of 2 values");
        assertRefused("{\"examples\": [\"AAAA\"]}", RGB, "examples[0]", "has 3 bytes, expected 12 (3x2x2 of rgb-4x4)");
        assertRefused("{\"examples\": [\"not base64!\"]}", RGB, "examples[0]", "is not base64");
        assertRefused("{\"examples\": [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 256]]}", RGB, "examples[0]",
                "value 11 is 256, expected a whole number 0-255");
    }

    private void assertRefused(String body, DataSets.Resolved data, String field, String problem) {
        assertThatThrownBy(() -> read(body).exampleSet(data, Optional.of(tableScaling())))
                .isInstanceOfSatisfying(FieldException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).contains(problem);
                });
    }

    private static PredictRequest read(String body) throws Exception {
        return Json.strict(PredictRequest.class).readValue(body);
    }

    /** The scaling written with a two-feature set whose training feature 0 runs from 1 to 3 and feature 1 is 7. */
    private FeatureScaling tableScaling() throws Exception {
        int n = 24;
        float[] train = new float[n * 2];
        for (int i = 0; i < n; i++) {
            train[2 * i] = i % 2 == 0 ? 1 : 3;
            train[2 * i + 1] = 7;
        }
        SourceDataset source = new SourceDataset(TABLE.shape(), ElementType.FLOAT32, List.of("a", "b", "c"),
                new SplitArrays(null, train, new int[n]), null, new SplitArrays(null, new float[] {5, 7}, new int[] {1}));
        Datasets.Splits splits = DatasetArrays.splits("table", source);
        Path file = tmp.resolve("table.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            DatasetArrays.write(splits, DatasetScaling.MINMAX, file, manager);
            return DatasetArrays.featureScaling(file, manager).orElseThrow();
        }
    }
}
