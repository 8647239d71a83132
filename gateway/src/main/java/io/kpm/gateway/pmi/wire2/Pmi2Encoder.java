package io.kpm.gateway.pmi.wire2;

import java.nio.charset.StandardCharsets;

import io.kpm.gateway.pmi.command.PmiResponse;

/** Typed response → PMI-2 body {@code cmd=<request>-response;…;rc=N;} (PMI-WIRE.md §2), and its frame. */
public final class Pmi2Encoder {

    private Pmi2Encoder() {
    }

    /**
     * @param requestName the request's command name (null if it had none)
     * @param thrid       echoed verbatim when the request carried one, else null
     * @return the body; "" for {@link PmiResponse.Silence}
     */
    public static String encode(PmiResponse response, String requestName, String thrid) {
        if (response instanceof PmiResponse.Silence) return "";
        Body b = new Body((requestName == null ? "error" : requestName) + "-response", thrid);
        if (response instanceof PmiResponse.FullInitOk r) {
            b.pair("pmi-version", "2").pair("pmi-subversion", "0").pair("rank", r.rank()).pair("size", r.size())
                    .pair("appnum", r.appnum());
            if (r.spawnerJobid() != null) b.pair("spawner-jobid", r.spawnerJobid());
            b.pair("debugged", "FALSE").pair("pmiverbose", "FALSE").rc(0);
        } else if (response instanceof PmiResponse.Kvsname r) {
            b.pair("jobid", r.kvsname()).rc(0);
        } else if (response instanceof PmiResponse.PutOk || response instanceof PmiResponse.BarrierOut
                || response instanceof PmiResponse.FinalizeAck || response instanceof PmiResponse.NodeAttrPut
                || response instanceof PmiResponse.Published) {
            b.rc(0);
        } else if (response instanceof PmiResponse.GetResult r) {
            found(b, r.value());
        } else if (response instanceof PmiResponse.JobAttr r) {
            found(b, r.value());
        } else if (response instanceof PmiResponse.NodeAttr r) {
            found(b, r.value());
        } else if (response instanceof PmiResponse.LookupResult r) {
            if (r.port() != null) {
                b.pair("port", r.port()).pair("value", r.port()).pair("found", "TRUE").rc(0);
            } else {
                b.pair("found", "FALSE").rc(1).pair("errmsg", "service_not_found");
            }
        } else if (response instanceof PmiResponse.Unpublished r) {
            if (r.found()) b.rc(0);
            else b.rc(1).pair("errmsg", "service_not_found");
        } else if (response instanceof PmiResponse.SpawnResult r) {
            if (r.rc() == 0) b.rc(0).pair("jobid", r.jobid()).pair("nerrs", "0");
            else b.rc(r.rc()).pair("errmsg", r.message());
        } else if (response instanceof PmiResponse.Error r) {
            b.rc(-1).pair("errmsg", r.message());
        } else if (response instanceof PmiResponse.Refused r) {
            b.rc(-1).pair("errmsg", r.message());
        } else {
            // InitackOk, Maxes, Appnum, UniverseSize, InitOk: PMI-1 only
            b.rc(-1).pair("errmsg", "not a PMI-2 response: " + response.getClass().getSimpleName());
        }
        return b.toString();
    }

    private static void found(Body b, String value) {
        if (value != null) b.pair("found", "TRUE").pair("value", value).rc(0);
        else b.pair("found", "FALSE").rc(0);
    }

    /** A body with its 6-char length prefix, left-justified and space-padded as libpmi2 sends it. */
    public static byte[] frame(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // not String.format("%-6d"): its parsing was a fifth of the PMI thread's time in an 8-rank fence loop
        StringBuilder length = new StringBuilder(6).append(bytes.length);
        while (length.length() < 6) length.append(' ');
        byte[] head = length.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bytes, 0, out, head.length, bytes.length);
        return out;
    }

    private static final class Body {
        private final StringBuilder sb = new StringBuilder();

        Body(String cmd, String thrid) {
            pair("cmd", cmd);
            if (thrid != null) pair("thrid", thrid);
        }

        Body pair(String key, Object value) {
            sb.append(key).append('=').append(Pmi2Pairs.escape(String.valueOf(value))).append(';');
            return this;
        }

        Body rc(int rc) {
            return pair("rc", rc);
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
