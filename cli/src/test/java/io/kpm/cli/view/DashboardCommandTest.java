package io.kpm.cli.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DashboardCommandTest {

    @Test
    void theTokenGoesInTheFragmentNeverInThePathOrQuery() {
        assertEquals("http://127.0.0.1:7702/#token=0a1b2c", DashboardCommand.address("http://127.0.0.1:7702", "0a1b2c"));
        // a KPM_TOKEN of the user's own making is encoded, so it cannot end the fragment's value or add another
        assertEquals("http://head:7702/#token=a%26b%3Dc%20d%23", DashboardCommand.address("http://head:7702", "a&b=c d#"));
    }
}
