package io.kpm.nodeagent.output;

import static io.kpm.nodeagent.AgentTestKit.NODE;
import static io.kpm.nodeagent.AgentTestKit.awaitExited;
import static io.kpm.nodeagent.AgentTestKit.bootstrap;
import static io.kpm.nodeagent.AgentTestKit.chunks;
import static io.kpm.nodeagent.AgentTestKit.launch;
import static io.kpm.nodeagent.AgentTestKit.nextPgid;
import static io.kpm.nodeagent.AgentTestKit.publish;
import static io.kpm.nodeagent.AgentTestKit.shell;
import static io.kpm.nodeagent.AgentTestKit.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;
import io.kpm.schemas.events.ProcExited;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A rank that writes more than kpm.agent.output-cap (256K in the test profile) to one stream. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class TruncatedOutputTest {

    private static final int CAP = 256 * 1024;
    private static final int WRITTEN = 1024 * 1024;

    @Test
    void theTopicGetsTheCappedBytesAndAMarkerAndTheRankStillExitsNormally() {
        long pgid = nextPgid();
        // four times the cap through a 64 KiB pipe: the rank only gets to exit 0 if the agent keeps draining
        publish(launch(NODE, pgid, 1, false,
                shell(0, "yes 0123456789abcdef | head -c " + WRITTEN + "; echo small >&2; exit 0")));

        ProcExited exited = awaitExited(pgid, 0);
        assertEquals(0, exited.exitCode());
        assertFalse(exited.killed());

        List<KpmEvent> outputTopic = TopicReader.readAll(bootstrap(), Topics.PROC_OUTPUT);
        List<OutputChunk> stdout = chunks(outputTopic, pgid, 0, OutputStream.STDOUT);
        String kept = text(stdout);
        assertEquals(CAP, kept.length());
        assertEquals("0123456789abcdef\n".repeat(CAP / 17 + 1).substring(0, CAP), kept, "the first bytes, in order");
        OutputChunk eof = stdout.get(stdout.size() - 1);
        assertTrue(eof.truncated());
        assertEquals(CAP, eof.keptBytes());
        assertEquals(WRITTEN - CAP, eof.droppedBytes());
        assertEquals(0, eof.data().length);

        List<OutputChunk> stderr = chunks(outputTopic, pgid, 0, OutputStream.STDERR);
        assertEquals("small\n", text(stderr));
        OutputChunk stderrEof = stderr.get(stderr.size() - 1);
        assertFalse(stderrEof.truncated(), "the cap is per stream");
        assertEquals(0, stderrEof.droppedBytes());
    }

    @Test
    void outputOfExactlyTheCapIsNotTruncated() {
        long pgid = nextPgid();
        publish(launch(NODE, pgid, 1, false, shell(0, "yes x | head -c " + CAP)));
        awaitExited(pgid, 0);
        List<OutputChunk> stdout = chunks(pgid, 0, OutputStream.STDOUT);
        assertEquals(CAP, text(stdout).length());
        assertFalse(stdout.get(stdout.size() - 1).truncated());
    }
}
