package io.kpm.gateway.pmi.command;

import java.util.List;
import java.util.Map;

/**
 * A decoded PMI request, shared by both wire protocols: PMI-1 {@code cmd=get} and PMI-2 {@code cmd=kvs-get}
 * both become {@link Get}, so one handler serves both.
 */
public sealed interface PmiRequest {

    /** PMI-1 {@code cmd=initack pmiid=N}: the connection presents the PMI_ID kpm gave the process. */
    record Initack(int pmiId) implements PmiRequest {
    }

    /** PMI-1 {@code cmd=init pmi_version=V pmi_subversion=S}. */
    record Init(int version, int subversion) implements PmiRequest {
    }

    /** PMI-2 {@code cmd=fullinit}: identity by srcid, pmirank (both a PMI_ID) or pmijobid+pmirank. */
    record FullInit(String jobid, Integer srcid, Integer pmirank) implements PmiRequest {
    }

    record GetMaxes() implements PmiRequest {
    }

    record GetAppnum() implements PmiRequest {
    }

    /** PMI-1 get_my_kvsname, PMI-2 job-getid. */
    record GetMyKvsname() implements PmiRequest {
    }

    record GetUniverseSize() implements PmiRequest {
    }

    /** {@code kvsname} null: the caller's own group (PMI-2). */
    record Put(String kvsname, String key, String value) implements PmiRequest {
    }

    /** {@code kvsname} null: the caller's own group. */
    record Get(String kvsname, String key) implements PmiRequest {
    }

    /** PMI-1 barrier_in, PMI-2 kvs-fence. */
    record Barrier() implements PmiRequest {
    }

    record Finalize() implements PmiRequest {
    }

    /** {@code exitCode} null when the protocol carries none (PMI-2). */
    record Abort(Integer exitCode, String message) implements PmiRequest {
    }

    record PublishName(String service, String port) implements PmiRequest {
    }

    record LookupName(String service) implements PmiRequest {
    }

    record UnpublishName(String service) implements PmiRequest {
    }

    record GetJobAttr(String key) implements PmiRequest {
    }

    record PutNodeAttr(String key, String value) implements PmiRequest {
    }

    record GetNodeAttr(String key, boolean waitForIt) implements PmiRequest {
    }

    /** One spawn (PMI-1: all its mcmd blocks) with the preput pairs in their order. */
    record Spawn(List<SpawnCommand> commands, Map<String, String> preput) implements PmiRequest {
        public Spawn {
            commands = List.copyOf(commands);
        }
    }

    /** A known command with a missing or bad token; {@code problem} says which. */
    record Malformed(String name, String problem) implements PmiRequest {
    }

    /** A command the server does not know. */
    record Unknown(String name) implements PmiRequest {
    }
}
