package io.distill.student;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.requests.ClassFilter;
import io.distill.testkit.JobWaits;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A student whose transfer set Kafka has deleted in part learns it before reading a single event: the
 * job does not wait out its transfer-set timeout (900 s) for events that will never come. With no
 * {@code restreamUri} in the manifest (a producer older than re-streams, here the fixture) it fails
 * at once, naming the set and each partition; soft-target-service's own manifests name one, and the
 * student then has the set streamed again (soft-target-service's RestreamTest).
 */
@QuarkusTest
@TestProfile(SmallStudentProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ExpiredSetStudentTest {

    @Test
    void aStudentOfAnExpiredSetFailsAtOnceNamingTheSetAndItsPartitions() throws Exception {
        String set = "fx-expired";
        TransferSetManifest manifest = TransferSetFixture.publish(set, ClassFilter.ALL, 100, List.of(), null);
        Map<Integer, Long> firstEventGone = new HashMap<>();
        manifest.offsets().forEach((p, range) -> firstEventGone.put(Integer.parseInt(p), range[0] + 1));
        KafkaBroker.deleteRecordsBefore(Topics.SOFT_TARGETS, firstEventGone);

        String id = given().contentType("application/json").body("{\"transferSetId\": \"" + set + "\","
                + " \"hidden\": [32], \"epochs\": 1}").post("/students")
                .then().statusCode(202).extract().jsonPath().getString("id");
        JsonPath job = JobWaits.awaitState("/students/" + id, JobWaits.ENDED, Duration.ofMinutes(1));

        assertThat(job.getString("state")).isEqualTo("FAILED");
        assertThat(job.getString("error")).contains("Transfer set fx-expired (generation 1) has expired on soft-targets")
                .contains("no restreamUri");
        manifest.offsets().forEach((p, range) -> assertThat(job.getString("error"))
                .contains("Partition " + p + " starts at offset " + (range[0] + 1) + ", past the set's first offset "
                        + range[0]));
    }
}
