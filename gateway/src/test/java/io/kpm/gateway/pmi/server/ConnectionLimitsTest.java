package io.kpm.gateway.pmi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** PMI connections are refused over the limit per peer and in all, and a closed one frees its place. */
class ConnectionLimitsTest {

    @Test
    void perPeerAndTotalLimitsRefuseAndClosingFreesAPlace() {
        ConnectionLimits limits = new ConnectionLimits(3, 2);
        assertNull(limits.open("10.0.0.1"));
        assertNull(limits.open("10.0.0.1"));
        assertEquals("too many PMI connections from 10.0.0.1 (2)", limits.open("10.0.0.1"));
        assertNull(limits.open("10.0.0.2"));
        assertEquals("too many PMI connections (3)", limits.open("10.0.0.3"));
        assertEquals(3, limits.open());

        limits.closed("10.0.0.1");
        assertNull(limits.open("10.0.0.1"), "a closed connection frees its place");
        assertEquals(3, limits.open());
    }
}
