package io.distill.contract.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the {@code @Builder} template promises the requests. */
class RecordBuildersTest {

    @Test
    void anAbsentOptionalStaysNullSoItStillMeansTheDefaultNotAnExplicitNull() {
        StudentRequest built = StudentRequestBuilder.builder().transferSetId("ts").build();
        assertThat(built.clipGradient()).isNull();
        assertThat(built.plan()).isNull();
        assertThat(TeacherRequestBuilder.builder().build().maxNorm()).isNull();
    }

    @Test
    void aWitherChangesOneFieldAndKeepsTheRest() throws Exception {
        StudentRequest sent = Json.mapper().readValue("{\"transferSetId\": \"ts\", \"mode\": \"hard\","
                + " \"clipGradient\": null, \"seed\": 3}", StudentRequest.class);
        StudentRequest other = sent.forTransferSet("ts-2");
        assertThat(other.transferSetId()).isEqualTo("ts-2");
        assertThat(other.withTransferSetId("ts")).isEqualTo(sent);
        assertThat(other.clipGradient()).isEqualTo(Optional.empty());
        assertThat(sent.withoutPlan().plan()).isEqualTo(Optional.empty());
    }
}
