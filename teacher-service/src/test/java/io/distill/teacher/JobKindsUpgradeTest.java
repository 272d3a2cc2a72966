package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobState;
import io.distill.contract.json.Json;
import io.distill.contract.requests.TeacherRequest;
import io.distill.server.jobs.JobStore;
import io.distill.teacher.jobs.TeacherJobs;
import io.distill.testkit.JobsBeforeKinds;
import io.distill.testkit.JobsBeforeKinds.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Teacher jobs stored before jobs had kinds read after the upgrade as their kinds: an ensemble as a
 * teacher, its members as members that know their index, which was only in their ids.
 */
class JobKindsUpgradeTest {

    private static final String REQUEST = "{\"dataset\": \"mnist\", \"hidden\": [32], \"epochs\": 2,"
            + " \"seed\": 5, \"ensembleSize\": 2, \"trainLimit\": 200, \"plan\": null}";

    @Test
    void anEnsembleAndItsMembersQueuedBeforeTheUpgradeReadAsTheirKinds() {
        JobStore store = JobsBeforeKinds.upgrade(List.of(TeacherJobs.TEACHER, TeacherJobs.MEMBER),
                new Row("t-old", null, "RUNNING", REQUEST),
                new Row("t-old-0", "t-old", "SUCCEEDED", REQUEST),
                new Row("t-old-1", "t-old", "QUEUED", REQUEST),
                new Row("t-single", null, "QUEUED", REQUEST.replace("\"ensembleSize\": 2", "\"ensembleSize\": 1")));

        Job ensemble = store.get("t-old").orElseThrow();
        Job member = store.get("t-old-1").orElseThrow();
        TeacherRequest request = TeacherJobs.TEACHER.request(ensemble);
        TeacherJobs.MemberRequest memberRequest = TeacherJobs.MEMBER.request(member);

        assertThat(ensemble.kind()).isEqualTo("teacher");
        assertThat(request.ensembleSize()).isEqualTo(2);
        assertThat(request.trainLimit()).contains(200);
        assertThat(member.kind()).isEqualTo("teacher-member");
        assertThat(member.state()).isEqualTo(JobState.QUEUED);
        assertThat(memberRequest.member()).isEqualTo(1);
        assertThat(memberRequest.teacher()).isEqualTo(request);
        assertThat(store.children("t-old")).extracting(j -> TeacherJobs.MEMBER.request(j).member())
                .containsExactly(0, 1);
        assertThat(store.get("t-single").orElseThrow().kind()).isEqualTo("teacher");
    }

    @Test
    void aMembersRequestShowsTheEnsemblesRequestWithItsIndexBeside() throws Exception {
        JobStore store = JobsBeforeKinds.upgrade(List.of(TeacherJobs.TEACHER, TeacherJobs.MEMBER));
        TeacherRequest request = Json.mapper().readValue(REQUEST, TeacherRequest.class);
        Job ensemble = store.save(TeacherJobs.TEACHER.queued("t-new", 2, request));
        store.save(TeacherJobs.MEMBER.childOf(ensemble, "t-new-1", 2, new TeacherJobs.MemberRequest(request, 1)));

        Job member = store.get("t-new-1").orElseThrow();
        JsonNode shown = Json.mapper().valueToTree(member);

        assertThat(TeacherJobs.MEMBER.request(member)).isEqualTo(new TeacherJobs.MemberRequest(request, 1));
        assertThat(shown.path("kind").asText()).isEqualTo("teacher-member");
        assertThat(shown.path("request").path("member").asInt()).isEqualTo(1);
        assertThat(shown.path("request").path("ensembleSize").asInt()).isEqualTo(2);
        assertThat(shown.path("request").path("hidden").get(0).asInt()).isEqualTo(32);
        assertThat(shown.path("parentId").asText()).isEqualTo("t-new");
    }
}
