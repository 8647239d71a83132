package io.kpm.gateway.pmi.command;

import java.util.List;

/** What a handler answers; each protocol's encoder turns it into that protocol's bytes. */
public sealed interface PmiResponse {

    record InitackOk(int size, int rank) implements PmiResponse {
    }

    record InitOk(int version, int subversion) implements PmiResponse {
    }

    /** {@code spawnerJobid} null for groups nobody spawned (its mere presence makes PMI2_Init say spawned). */
    record FullInitOk(int rank, int size, int appnum, String spawnerJobid) implements PmiResponse {
    }

    record Maxes(int kvsnameMax, int keylenMax, int vallenMax) implements PmiResponse {
    }

    record Appnum(int appnum) implements PmiResponse {
    }

    record Kvsname(String kvsname) implements PmiResponse {
    }

    record UniverseSize(int size) implements PmiResponse {
    }

    record PutOk() implements PmiResponse {
    }

    /** {@code value} null: not found. */
    record GetResult(String key, String value) implements PmiResponse {
    }

    record BarrierOut() implements PmiResponse {
    }

    record FinalizeAck() implements PmiResponse {
    }

    record Published() implements PmiResponse {
    }

    /** {@code port} null: no such service. */
    record LookupResult(String service, String port) implements PmiResponse {
    }

    record Unpublished(boolean found) implements PmiResponse {
    }

    /** {@code value} null: not found. */
    record JobAttr(String value) implements PmiResponse {
    }

    record NodeAttrPut() implements PmiResponse {
    }

    /** {@code value} null: not found. */
    record NodeAttr(String value) implements PmiResponse {
    }

    /** rc 0: {@code jobid} the new group's kvsname, one errcode per process; else {@code message} says why. */
    record SpawnResult(int rc, String jobid, List<Integer> errcodes, String message) implements PmiResponse {
        public static SpawnResult ok(String jobid, List<Integer> errcodes) {
            return new SpawnResult(0, jobid, errcodes, null);
        }

        public static SpawnResult failed(String message) {
            return new SpawnResult(-1, null, List.of(), message);
        }
    }

    /** The request failed; the connection stays open. */
    record Error(String message) implements PmiResponse {
    }

    /** The request failed and the connection is closed after the answer (unknown identity, broken group). */
    record Refused(String message) implements PmiResponse {
    }

    /** No answer exists (abort). */
    record Silence() implements PmiResponse {
    }
}
