package io.distill.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import org.junit.jupiter.api.Test;

class PipelineClientTest {

    @Test
    void countsTheTeacherEachTransferSetAndEveryStudentAndEnsembleOfThePlan() throws Exception {
        JsonNode plan = Json.mapper().readTree("""
                {"transferSets": [{"students": [{}, {}], "ensembles": [{}]}, {"students": [{}]}]}""");

        assertThat(PipelineClient.expectedJobs(plan)).isEqualTo(1 + 2 + 3 + 1);
        assertThat(PipelineClient.expectedJobs(Json.mapper().createObjectNode())).isEqualTo(1);
    }
}
