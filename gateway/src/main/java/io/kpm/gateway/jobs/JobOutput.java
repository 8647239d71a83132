package io.kpm.gateway.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;

/**
 * A job's stdout/stderr in the order the agents wrote it, up to a cap (the rest stays on kpm.proc.output), and
 * which rank streams reached EOF. A rank stream its node agent truncated gets its marker even past the cap: the
 * marker is small, and it is what tells the reader that bytes are missing from the log itself.
 * Not thread-safe: {@link Job} guards it.
 */
final class JobOutput {

    private final long cap;
    private final List<OutputItem> items = new ArrayList<>();
    private final Set<String> eofs = new HashSet<>();
    private long bytes;
    private boolean truncated;

    JobOutput(long cap) {
        this.cap = cap;
    }

    void append(OutputChunk chunk) {
        byte[] data = chunk.data();
        if (data.length > 0 && !truncated) {
            long room = cap - bytes;
            if (data.length <= room) {
                items.add(new OutputItem.Data(chunk.rank(), chunk.stream(), data));
                bytes += data.length;
            } else {
                if (room > 0) {
                    items.add(new OutputItem.Data(chunk.rank(), chunk.stream(), Arrays.copyOf(data, (int) room)));
                    bytes += room;
                }
                truncated = true;
                items.add(new OutputItem.Truncated(cap));
            }
        }
        if (chunk.eof() && chunk.truncated()) {
            items.add(new OutputItem.RankTruncated(chunk.rank(), chunk.stream(), chunk.nodeId(), chunk.keptBytes(),
                    chunk.droppedBytes()));
        }
        if (chunk.eof()) eofs.add(key(chunk.rank(), chunk.stream()));
    }

    int size() {
        return items.size();
    }

    List<OutputItem> from(int index) {
        return index >= items.size() ? List.of() : List.copyOf(items.subList(index, items.size()));
    }

    boolean reachedEof(int rank) {
        return eofs.contains(key(rank, OutputStream.STDOUT)) && eofs.contains(key(rank, OutputStream.STDERR));
    }

    long bytes() {
        return bytes;
    }

    private static String key(int rank, OutputStream stream) {
        return rank + "/" + stream;
    }
}
