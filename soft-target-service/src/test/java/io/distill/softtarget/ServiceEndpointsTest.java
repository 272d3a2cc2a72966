package io.distill.softtarget;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.Promtool;
import io.distill.testkit.S3Server;
import io.distill.testkit.ServiceEndpointsContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ServiceEndpointsTest extends ServiceEndpointsContract {

    @Test
    void exportsWhatItPublishedFromTheStart() {
        given().header("Accept", Promtool.TEXT_FORMAT).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE distill_soft_target_events_total counter"),
                        containsString("# TYPE distill_soft_target_bytes_total counter"),
                        containsString("distill_transfer_sets_total{state=\"complete\""),
                        containsString("distill_transfer_sets_total{state=\"failed\""));
    }

    @Test
    void aTransferSetIdWithANulByteOrOverTheLengthLimitGets404OnRestream() {
        assertNulIdGets404("POST", "/transfer-sets/", "/restream");
        assertLongIdGets404("POST", "/transfer-sets/", "/restream");
    }

    @Override
    protected String jobsPath() {
        return "/transfer-sets";
    }
}
