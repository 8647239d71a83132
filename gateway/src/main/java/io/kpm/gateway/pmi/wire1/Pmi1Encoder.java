package io.kpm.gateway.pmi.wire1;

import java.util.Map;
import java.util.stream.Collectors;

import io.kpm.gateway.pmi.command.PmiResponse;

/** Typed response → PMI-1 lines, exactly as MPICH's simple PMI client accepts them (PMI-WIRE.md §1). */
public final class Pmi1Encoder {

    /** The response command of each request that has one; others answer {@code <name>_response}. */
    private static final Map<String, String> RESPONSE_NAMES = Map.ofEntries(
            Map.entry("initack", "initack"),
            Map.entry("init", "response_to_init"),
            Map.entry("get_maxes", "maxes"),
            Map.entry("get_appnum", "appnum"),
            Map.entry("get_my_kvsname", "my_kvsname"),
            Map.entry("get_universe_size", "universe_size"),
            Map.entry("put", "put_result"),
            Map.entry("get", "get_result"),
            Map.entry("barrier_in", "barrier_out"),
            Map.entry("finalize", "finalize_ack"),
            Map.entry("publish_name", "publish_result"),
            Map.entry("lookup_name", "lookup_result"),
            Map.entry("unpublish_name", "unpublish_result"),
            Map.entry("spawn", "spawn_result"));

    private Pmi1Encoder() {
    }

    /**
     * @param requestName the request's command name (null for a line that had none), used for errors
     * @return the lines, each ending in a newline; "" for {@link PmiResponse.Silence}
     */
    public static String encode(PmiResponse response, String requestName) {
        if (response instanceof PmiResponse.InitackOk r) {
            return "cmd=initack\ncmd=set size=" + r.size() + "\ncmd=set rank=" + r.rank() + "\ncmd=set debug=0\n";
        } else if (response instanceof PmiResponse.InitOk r) {
            return "cmd=response_to_init pmi_version=" + r.version() + " pmi_subversion=" + r.subversion()
                    + " rc=0\n";
        } else if (response instanceof PmiResponse.Maxes r) {
            return "cmd=maxes kvsname_max=" + r.kvsnameMax() + " keylen_max=" + r.keylenMax() + " vallen_max="
                    + r.vallenMax() + "\n";
        } else if (response instanceof PmiResponse.Appnum r) {
            return "cmd=appnum appnum=" + r.appnum() + "\n";
        } else if (response instanceof PmiResponse.Kvsname r) {
            return "cmd=my_kvsname kvsname=" + r.kvsname() + "\n";
        } else if (response instanceof PmiResponse.UniverseSize r) {
            return "cmd=universe_size size=" + r.size() + "\n";
        } else if (response instanceof PmiResponse.PutOk) {
            return "cmd=put_result rc=0 msg=success\n";
        } else if (response instanceof PmiResponse.GetResult r) {
            return r.value() != null
                    ? "cmd=get_result rc=0 msg=success value=" + r.value() + "\n"
                    : "cmd=get_result rc=-1 msg=key_" + word(r.key()) + "_not_found value=unknown\n";
        } else if (response instanceof PmiResponse.BarrierOut) {
            return "cmd=barrier_out\n";
        } else if (response instanceof PmiResponse.FinalizeAck) {
            return "cmd=finalize_ack\n";
        } else if (response instanceof PmiResponse.Published) {
            return "cmd=publish_result info=ok rc=0 msg=success\n";
        } else if (response instanceof PmiResponse.LookupResult r) {
            return r.port() != null
                    ? "cmd=lookup_result port=" + r.port() + " info=ok rc=0 msg=success\n"
                    : "cmd=lookup_result rc=1 msg=service_not_found\n";
        } else if (response instanceof PmiResponse.Unpublished r) {
            return r.found()
                    ? "cmd=unpublish_result info=ok rc=0 msg=success\n"
                    : "cmd=unpublish_result rc=1 msg=service_not_found\n";
        } else if (response instanceof PmiResponse.SpawnResult r) {
            if (r.rc() != 0) return "cmd=spawn_result rc=" + r.rc() + " msg=" + word(r.message()) + "\n";
            return "cmd=spawn_result rc=0 errcodes="
                    + r.errcodes().stream().map(String::valueOf).collect(Collectors.joining(",")) + "\n";
        } else if (response instanceof PmiResponse.Error r) {
            return error(requestName, r.message());
        } else if (response instanceof PmiResponse.Refused r) {
            return error(requestName, r.message());
        } else if (response instanceof PmiResponse.Silence) {
            return "";
        }
        // FullInitOk, JobAttr, NodeAttr…: PMI-2 only; the PMI-1 decoder never yields their requests
        return error(requestName, "not a PMI-1 response: " + response.getClass().getSimpleName());
    }

    /** {@code cmd=<response of name> rc=-1 msg=<message with spaces as _>}. */
    public static String error(String requestName, String message) {
        String cmd = requestName == null ? "error"
                : RESPONSE_NAMES.getOrDefault(requestName, requestName + "_response");
        return "cmd=" + cmd + " rc=-1 msg=" + word(message) + "\n";
    }

    /** A PMI-1 value cannot hold spaces or newlines. */
    static String word(String s) {
        if (s == null || s.isEmpty()) return "error";
        return s.replaceAll("[\\s]+", "_");
    }
}
