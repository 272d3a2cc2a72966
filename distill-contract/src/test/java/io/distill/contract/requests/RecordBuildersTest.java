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
    void anAbsentOptionalStaysAbsentThroughJsonAndAnExplicitNoneStaysNone() throws Exception {
        // A plan's students travel as JSON inside events: a default must not turn into "none" on the way.
        StudentRequest absent = StudentRequestBuilder.builder().transferSetId("ts").build();
        StudentRequest none = absent.withClipGradient(Optional.empty());
        for (StudentRequest sent : new StudentRequest[] {absent, none}) {
            StudentRequest read = Json.mapper().readValue(Json.mapper().writeValueAsString(sent), StudentRequest.class);
            assertThat(read.clipGradient()).isEqualTo(sent.clipGradient());
        }
        TeacherRequest teacher = TeacherRequestBuilder.builder().maxNorm(Optional.empty()).build();
        TeacherRequest read = Json.mapper().readValue(Json.mapper().writeValueAsString(teacher), TeacherRequest.class);
        assertThat(read.maxNorm()).isEqualTo(Optional.empty());
        assertThat(read.clipGradient()).isNull();
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
