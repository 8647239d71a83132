package io.kpm.nodeagent.launch;

import java.util.List;
import java.util.Map;

import io.kpm.schemas.events.EnvOp;

/**
 * Applies a launch's environment operations to the environment built so far. They run on the node because
 * prepending to PATH or LD_LIBRARY_PATH means prepending to the value this node has, which nobody upstream knows.
 */
public final class EnvOps {

    private EnvOps() {
    }

    public static void apply(List<EnvOp> ops, Map<String, String> env) {
        for (EnvOp op : ops) {
            if (op == null || op.name() == null || op.op() == null) continue;
            String was = env.get(op.name());
            String value = op.value() == null ? "" : op.value();
            switch (op.op()) {
                case SET -> env.put(op.name(), value);
                case ADD -> env.putIfAbsent(op.name(), value);
                case UNSET -> env.remove(op.name());
                case PREPEND -> env.put(op.name(), was == null || was.isEmpty() ? value
                        : value + op.separatorOrDefault() + was);
                case APPEND -> env.put(op.name(), was == null || was.isEmpty() ? value
                        : was + op.separatorOrDefault() + value);
            }
        }
    }
}
