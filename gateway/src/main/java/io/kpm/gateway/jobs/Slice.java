package io.kpm.gateway.jobs;

import java.util.List;

/**
 * What a stream follower gets from a job in one look: the items after its position, where to continue,
 * whether the stream is complete after these items, and when to look again if nothing else happens
 * ({@code wakeInNanos} &lt; 0: only when the job changes).
 */
public record Slice<T>(List<T> items, int next, boolean complete, long wakeInNanos) {
}
