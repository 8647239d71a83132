package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The short version of {@code bench/faults} (bench/README.md): a load of jobs on a stack of two node agents and two
 * schedulers while the leading scheduler, a node agent and the gateway are killed with SIGKILL in turn; then every
 * client must have told the truth, no pgid, request or rank may have been used twice, every job must have ended
 * once, and no rank may outlive the campaign. The script is the test: what it checks is what this asserts.
 */
class FaultCampaignTest {

    @Test
    void killingTheLeaderANodeAgentAndTheGatewayUnderLoadBreaksNoInvariant() throws Exception {
        Path root = Kpm.repoRoot();
        Path out = Files.createDirectories(root.resolve("e2e/target/fault-campaign-" + System.nanoTime()));
        Path log = out.resolve("faults.log");
        Process campaign = new ProcessBuilder(root.resolve("bench/faults").toString(),
                "--jobs", "16", "--parallel", "4", "--kill-every", "6", "--victims", "leader,node-1,gateway",
                "--base-port", Integer.toString(Kpm.freeBasePort()), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!campaign.waitFor(10, TimeUnit.MINUTES)) {
            campaign.descendants().forEach(ProcessHandle::destroy);
            campaign.destroy();
            throw new AssertionError("the campaign did not end within 10 minutes:\n" + Files.readString(log));
        }
        String report = Files.readString(log);
        assertEquals(0, campaign.exitValue(), report);
        assertTrue(report.contains("no violation"), report);
        assertTrue(report.contains("16 clients"), report);
    }
}
