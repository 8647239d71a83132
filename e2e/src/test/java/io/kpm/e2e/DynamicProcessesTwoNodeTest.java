package io.kpm.e2e;

import java.util.List;

/** Two simulated nodes of 2 cores: parents and children placed across both. */
class DynamicProcessesTwoNodeTest extends DynamicProcesses {

    @Override
    List<String> stackShape() {
        return List.of("--nodes", "2", "--cores", "2");
    }

    @Override
    int cpuHogs() {
        return 0;
    }

    @Override
    int parents() {
        return 4;
    }
}
