package io.distill.contract.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.json.Json;
import org.junit.jupiter.api.Test;

class TransferSetRequestTest {

    @Test
    void copiesAboveOneWithoutJitterAreBlamedOnJitterInARequestAndInAPlansEntry() throws Exception {
        assertThat(request("{\"teacherJobId\": \"t\", \"copies\": 2}").crossFieldProblems())
                .extracting(FieldProblem::field).containsExactly("jitter");
        assertThat(request("{\"teacherJobId\": \"t\", \"copies\": 2, \"jitter\": 0}").crossFieldProblems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("at least 1").contains("(is 0)"));
        assertThat(planned("{\"copies\": 3}").crossFieldProblems()).extracting(FieldProblem::field)
                .containsExactly("jitter");

        assertThat(request("{\"teacherJobId\": \"t\", \"copies\": 2, \"jitter\": 1}").crossFieldProblems()).isEmpty();
        assertThat(request("{\"teacherJobId\": \"t\", \"copies\": 1}").crossFieldProblems()).isEmpty();
        assertThat(planned("{\"copies\": 3, \"jitter\": 2}").crossFieldProblems()).isEmpty();
    }

    @Test
    void absentAugmentationIsOneUnmovedCopyAndAPlansEntryCarriesItsAugmentationIntoTheRequest() throws Exception {
        TransferSetRequest plain = request("{\"teacherJobId\": \"t\"}").withDefaults();
        assertThat(plain.augmentation()).isEqualTo(Augmentation.NONE);
        assertThat(TransferSetManifest.Filters.of(plain).copies()).isEqualTo(1);

        TransferSetRequest augmented = planned("{\"copies\": 4, \"jitter\": 3, \"augmentSeed\": 9}").request("t", "mnist");
        assertThat(augmented.augmentation()).isEqualTo(new Augmentation(4, 3, 9));
        TransferSetManifest.Filters filters = TransferSetManifest.Filters.of(augmented);
        assertThat(filters.copies()).isEqualTo(4);
        assertThat(filters.jitter()).isEqualTo(3);
        assertThat(filters.augmentSeed()).isEqualTo(9);
        // Two requests that differ only in the seed of their shifts stream different sets.
        assertThat(augmented.withoutPlan()).isNotEqualTo(planned("{\"copies\": 4, \"jitter\": 3}").request("t", "mnist")
                .withoutPlan());
    }

    @Test
    void aManifestFromAProducerOlderThanCopiesReadsAsOneUnmovedCopy() throws Exception {
        TransferSetManifest.Filters old = Json.mapper().readValue("{\"dataset\": \"mnist\", \"split\": \"train\","
                + " \"omitClasses\": [], \"onlyClasses\": [], \"limit\": null, \"combine\": \"arithmetic\"}",
                TransferSetManifest.Filters.class);

        assertThat(old.copies()).isEqualTo(1);
        assertThat(old.jitter()).isZero();
        assertThat(old.augmentSeed()).isEqualTo(1L);
    }

    private static TransferSetRequest request(String json) throws Exception {
        return Json.strict(TransferSetRequest.class).readValue(json);
    }

    private static PlannedTransferSet planned(String json) throws Exception {
        return Json.strict(PlannedTransferSet.class).readValue(json);
    }
}
