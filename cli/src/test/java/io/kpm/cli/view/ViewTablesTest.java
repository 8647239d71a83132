package io.kpm.cli.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;

import io.kpm.cli.http.JobView;
import io.kpm.cli.http.Json;
import io.kpm.cli.http.NodeView;

class ViewTablesTest {

    @Test
    void jobsAreListedByPgidWithExitCodesOnlyOnceEnded() throws Exception {
        List<JobView> jobs = Json.mapper().readValue("""
                [{"pgid":1,"state":"RUNNING","size":2,"nodes":["node-0"],"exitCode":null},
                 {"pgid":0,"state":"FAILED","size":1,"nodes":["node-1"],"exitCode":127,"reason":"NOT_FOUND",
                  "ranks":[{"rank":0,"nodeId":"node-1","state":"LAUNCH_FAILED","message":"no such file"}],
                  "someNewField":{"x":1}}]""", new TypeReference<>() { });
        String table = JobsCommand.render(jobs);
        String[] lines = table.split("\n");
        assertEquals("PGID  STATE    SIZE  EXIT  NODES   ACCEPTED  ENDED  REASON", lines[0]);
        assertEquals("0     FAILED   1     127   node-1  -         -      NOT_FOUND", lines[1]);
        assertEquals("1     RUNNING  2     -     node-0  -         -      -", lines[2]);
    }

    @Test
    void nodesAreListedByNodeId() throws Exception {
        List<NodeView> nodes = Json.mapper().readValue("""
                [{"nodeId":"node-1","hostname":"h","cores":2,"state":"UP","runningProcs":0,"labels":{"rack":"r1","gpu":"a100"}},
                 {"nodeId":"node-0","hostname":"h","cores":2,"state":"LOST","runningProcs":1}]""",
                new TypeReference<>() { });
        assertEquals("""
                NODE    HOSTNAME  CORES  STATE  PROCS  LAST SEEN  LABELS
                node-0  h         2      LOST   1      -          -
                node-1  h         2      UP     0      -          gpu=a100,rack=r1
                """, NodesCommand.render(nodes));
    }

    @Test
    void emptyListsSaySo() {
        assertEquals("no jobs\n", JobsCommand.render(List.of()));
        assertEquals("no nodes\n", NodesCommand.render(List.of()));
    }

    @Test
    void nodesGivenAsObjectsAreShownByTheirId() throws Exception {
        JobView job = Json.mapper().readValue("{\"pgid\":3,\"state\":\"FINISHED\",\"exitCode\":0,"
                + "\"nodes\":[{\"nodeId\":\"a\"},{\"nodeId\":\"b\"}]}", JobView.class);
        assertEquals(List.of("a", "b"), job.nodeIds());
        assertTrue(JobsCommand.render(List.of(job)).contains(" a,b "));
    }
}
