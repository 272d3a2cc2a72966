package io.distill.teacher;

import io.distill.testkit.AccessContract;
import io.distill.testkit.AuthProfile;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.ObjectStore;
import io.distill.testkit.Postgres;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(AuthProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = ObjectStore.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AccessTest extends AccessContract {

    @Override
    protected String jobsPath() {
        return "/teachers";
    }
}
