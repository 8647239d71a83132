package io.kpm.e2e;

import java.util.List;

/**
 * The default stack of these machines: one node of 2 cores, oversubscribed by the spawned groups, with two CPU
 * hogs running beside it (the case that failed in the field while Hydra passed).
 */
class DynamicProcessesOneNodeTest extends DynamicProcesses {

    @Override
    List<String> stackShape() {
        return List.of("--nodes", "1", "--cores", "2");
    }

    @Override
    int cpuHogs() {
        return 2;
    }

    @Override
    int parents() {
        return 4;
    }
}
