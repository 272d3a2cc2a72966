package io.distill.teacher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.testkit.AccessContract;
import io.distill.testkit.AuthProfile;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TestIssuer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(AuthProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AccessTest extends AccessContract {

    @Override
    protected String jobsPath() {
        return "/teachers";
    }

    @Test
    void theTokensOfDeployLocalTokenShPassEveryCheckAndOneForAnotherServiceDoesNot() throws Exception {
        given().auth().oauth2(tokenSh("distill-read")).get("/teachers").then().statusCode(200);
        given().auth().oauth2(tokenSh("--audience", "teacher-service", "distill-read")).get("/teachers")
                .then().statusCode(200);
        given().auth().oauth2(tokenSh("--audience", "student-service", "distill-read")).get("/teachers")
                .then().statusCode(401);
    }

    /** What deploy/local/token.sh prints for {@code args}, signed with the test issuer's keys. */
    private static String tokenSh(String... args) throws Exception {
        Path script = Path.of("..", "deploy", "local", "token.sh").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().addAll(List.of("bash", script.toString()));
        pb.command().addAll(List.of(args));
        pb.environment().putAll(Map.of("DISTILL_KEYS_DIR", AuthProfile.ISSUER.publicKey().getParent().toString(),
                "MP_JWT_VERIFY_ISSUER", TestIssuer.ISSUER));
        Process process = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String token = new String(process.getInputStream().readAllBytes()).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("token.sh finished").isTrue();
        assertThat(process.exitValue()).as("token.sh's exit code").isZero();
        return token;
    }
}
