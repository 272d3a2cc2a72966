package io.distill.teacher;

import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
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
    void aModelIdWithANulByteOrOverTheLengthLimitGets404FromTheMetadataAndTheArtifact() {
        for (String suffix : new String[] {"", "/artifact"}) {
            assertNulIdGets404("GET", "/models/", suffix);
            assertLongIdGets404("GET", "/models/", suffix);
        }
    }

    @Override
    protected String jobsPath() {
        return "/teachers";
    }
}
