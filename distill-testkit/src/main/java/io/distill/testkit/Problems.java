package io.distill.testkit;

import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * Checks an RFC 9457 problem answer. RestAssured reads {@code application/problem+json} as JSON by
 * itself (it parses any {@code +json} type), so {@code body("field", ...)} works on it as on JSON.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    /** Checks the status and the members every problem has, and hands the response on for the rest. */
    public static ValidatableResponse problem(Response response, int status, String type, String instance) {
        return response.then().log().ifValidationFails()
                .statusCode(status)
                .contentType(startsWith(MEDIA_TYPE))
                .body("type", equalTo(type))
                .body("title", not(emptyOrNullString()))
                .body("status", equalTo(status))
                .body("detail", not(emptyOrNullString()))
                .body("instance", equalTo(instance));
    }
}
