package io.kpm.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A job the gateway does not know is 404 only once it has read the log; before that, 503 and ask again. */
class JobLookupTest {

    @Test
    void anUnknownJobIs503WhileCatchingUpAnd404After() {
        ProblemException early = assertThrows(ProblemException.class, () -> JobsResource.found(Optional.empty(), false, 261));
        assertEquals(503, early.problem().status());
        assertEquals("urn:kpm:problem:catching-up", early.problem().type());
        assertEquals("1", early.problem().toResponse().getHeaderString("Retry-After"));
        ProblemException late = assertThrows(ProblemException.class, () -> JobsResource.found(Optional.empty(), true, 261));
        assertEquals(404, late.problem().status());
    }
}
