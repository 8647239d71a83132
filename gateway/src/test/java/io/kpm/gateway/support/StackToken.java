package io.kpm.gateway.support;

import java.util.List;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every REST call of the service tests carries the test profile's token ({@code %test.kpm.gateway.auth.token}),
 * as the kpm command does, unless the call sets its own {@code Authorization}; {@code RestAuthTest} checks
 * what happens without it.
 */
public class StackToken implements QuarkusTestBeforeEachCallback {

    public static final String TOKEN = "kpm-test-token";

    public static final Filter SEND_TOKEN = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) request.header("Authorization", "Bearer " + TOKEN);
        return context.next(request, response);
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.replaceFiltersWith(List.of(SEND_TOKEN));
    }
}
