package io.kpm.nodeagent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kpm.schemas.cpu.CpuList;
import io.kpm.schemas.events.CpuTopology;

class SysTopologyTest {

    @TempDir
    Path sys;

    private void cpu(int id, int socket, int core) throws IOException {
        Path topo = Files.createDirectories(sys.resolve("cpu/cpu" + id + "/topology"));
        Files.writeString(topo.resolve("physical_package_id"), socket + "\n");
        Files.writeString(topo.resolve("core_id"), core + "\n");
    }

    /** Two sockets of two cores of two threads, numbered as Linux does (a core's sibling is cpu + 4). */
    private void twoSockets() throws IOException {
        for (int t = 0; t < 2; t++) {
            cpu(0 + 4 * t, 0, 0);
            cpu(1 + 4 * t, 0, 1);
            cpu(2 + 4 * t, 1, 0);
            cpu(3 + 4 * t, 1, 1);
        }
        Files.writeString(sys.resolve("cpu/online"), "0-7\n");
        Files.createDirectories(sys.resolve("node/node0"));
        Files.createDirectories(sys.resolve("node/node1"));
        Files.writeString(sys.resolve("node/node0/cpulist"), "0-1,4-5\n");
        Files.writeString(sys.resolve("node/node1/cpulist"), "2-3,6-7\n");
    }

    @Test
    void socketsCoresAndNumaNodesComeFromSys() throws IOException {
        twoSockets();
        CpuTopology t = SysTopology.read(sys, null).orElseThrow();
        assertEquals(List.of(List.of(0, 1, 4, 5), List.of(2, 3, 6, 7)), t.sockets());
        assertEquals(List.of(List.of(0, 4), List.of(1, 5), List.of(2, 6), List.of(3, 7)), t.cores());
        assertEquals(List.of(List.of(0, 1, 4, 5), List.of(2, 3, 6, 7)), t.numaNodes());
    }

    @Test
    void onlyTheAllowedOnlineCpusCount() throws IOException {
        twoSockets();
        Files.writeString(sys.resolve("cpu/online"), "0-6\n");
        CpuTopology t = SysTopology.read(sys, List.of(2, 3, 6, 7)).orElseThrow();
        assertEquals(List.of(List.of(2, 3, 6)), t.sockets());
        assertEquals(List.of(List.of(2, 6), List.of(3)), t.cores());
        assertEquals(List.of(List.of(2, 3, 6)), t.numaNodes());
    }

    @Test
    void thisMachineIsReadWithinTheAgentsAffinity() throws IOException {
        CpuTopology t = SysTopology.readThisMachine().orElseThrow();
        List<Integer> allowed = SysTopology.allowedOfThisProcess();
        assertEquals(CpuList.format(allowed), CpuList.format(t.hwthreads()));
        assertTrue(t.sockets().size() >= 1 && t.cores().size() >= t.sockets().size(), t.toString());
    }
}
