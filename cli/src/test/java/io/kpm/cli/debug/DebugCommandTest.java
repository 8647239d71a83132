package io.kpm.cli.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kpm.cli.http.JobView;
import picocli.CommandLine;

class DebugCommandTest {

    @Test
    void theBodyIsAPmixDebuggerSpawnWithArgv0() {
        ObjectNode body = DebugCommand.body(7, true, List.of("gdb", "--batch", "-p"), "/work");
        assertEquals("{\"jobInfo\":{\"PMIX_DEBUGGER_DAEMONS\":true,\"PMIX_DEBUG_TARGET\":7,"
                + "\"PMIX_DEBUG_DAEMONS_PER_PROC\":1},\"apps\":[{\"cmd\":\"gdb\",\"argv\":[\"gdb\",\"--batch\",\"-p\"],"
                + "\"cwd\":\"/work\"}]}", body.toString());
        assertTrue(DebugCommand.body(7, false, List.of("t"), "/").toString().contains("PMIX_DEBUG_DAEMONS_PER_NODE"));
    }

    @Test
    void exactlyOneModeAndAToolAreRequired() {
        DebugCommand command = new DebugCommand();
        new CommandLine(command).parseArgs("3", "--per-node", "--", "sh", "-c", "echo hi");
        assertEquals(3, command.pgid);
        assertTrue(command.mode.perNode);
        assertEquals(List.of("sh", "-c", "echo hi"), command.tool);
        assertEquals(2, new CommandLine(new DebugCommand()).execute("3", "--", "sh"), "no mode: usage error");
        assertEquals(2, new CommandLine(new DebugCommand()).execute("3", "--per-node", "--per-proc", "--", "sh"));
        assertEquals(2, new CommandLine(new DebugCommand()).execute("3", "--per-node"), "no tool");
    }

    @Test
    void daemonsEndedWithTheirTargetAreNoFailure() {
        assertTrue(DebugCommand.endedWithTarget(new JobView(5L, "kvs_kpm_5", "r", null, JobView.ABORTED, 2, List.of(),
                List.of(), 0, "debugger daemons of job 4 end with it (it finished with exit code 0)", null, null)));
        assertFalse(DebugCommand.endedWithTarget(new JobView(5L, "kvs_kpm_5", "r", null, JobView.ABORTED, 2, List.of(),
                List.of(), 143, "killed by user", null, null)));
    }
}
