package io.kpm.gateway.pmi.wire2;

import static io.kpm.gateway.pmi.command.RequiredTokens.integer;
import static io.kpm.gateway.pmi.command.RequiredTokens.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.RequiredTokens;
import io.kpm.gateway.pmi.command.SpawnCommand;

/** PMI-2 body ({@code cmd=<name>;k=v;…;}) → typed request (PMI-WIRE.md §2). */
public final class Pmi2Decoder {

    private Pmi2Decoder() {
    }

    /** A decoded body: the command name (null if none), the request, and {@code thrid} to echo if sent. */
    public record Decoded(String name, PmiRequest request, String thrid) {
    }

    public static Decoded decode(String body) {
        List<Map.Entry<String, String>> pairs;
        try {
            pairs = Pmi2Pairs.parse(body);
        } catch (IllegalArgumentException e) {
            String name = nameOf(body);
            // an abort always aborts, even when its message breaks the framing of pairs
            if ("abort".equals(name)) return new Decoded(name, new PmiRequest.Abort(null, body), null);
            return new Decoded(name, new PmiRequest.Malformed(name, "malformed body: " + e.getMessage()), null);
        }
        if (pairs.isEmpty() || !pairs.get(0).getKey().equals("cmd") || pairs.get(0).getValue().isEmpty()) {
            return new Decoded(null, new PmiRequest.Malformed(null, "body does not start with cmd=<name>;"), null);
        }
        String name = pairs.get(0).getValue();
        Map<String, String> args = new LinkedHashMap<>();
        for (var p : pairs.subList(1, pairs.size())) args.putIfAbsent(p.getKey(), p.getValue());
        String thrid = args.get("thrid");
        PmiRequest request;
        try {
            request = switch (name) {
                case "fullinit" -> new PmiRequest.FullInit(args.get("pmijobid"), integerOrNull(args, "srcid"),
                        integerOrNull(args, "pmirank"));
                case "job-getid" -> new PmiRequest.GetMyKvsname();
                case "kvs-put" -> new PmiRequest.Put(null, token(args, "key"), token(args, "value"));
                case "kvs-get" -> new PmiRequest.Get(blankToNull(args.get("jobid")), token(args, "key"));
                case "kvs-fence" -> new PmiRequest.Barrier();
                case "info-getjobattr" -> new PmiRequest.GetJobAttr(token(args, "key"));
                case "info-putnodeattr" -> new PmiRequest.PutNodeAttr(token(args, "key"), token(args, "value"));
                case "info-getnodeattr" -> new PmiRequest.GetNodeAttr(token(args, "key"),
                        "TRUE".equalsIgnoreCase(args.get("wait")));
                case "name-publish" -> new PmiRequest.PublishName(token(args, "name"), token(args, "port"));
                case "name-lookup" -> new PmiRequest.LookupName(token(args, "name"));
                case "name-unpublish" -> new PmiRequest.UnpublishName(token(args, "name"));
                case "spawn" -> spawn(pairs);
                case "finalize" -> new PmiRequest.Finalize();
                // MPICH 4.2 sends exitcode= and message=; older clients msg= only
                case "abort" -> new PmiRequest.Abort(abortExitCode(args.get("exitcode")),
                        args.containsKey("message") ? args.get("message") : args.get("msg"));
                default -> new PmiRequest.Unknown(name);
            };
        } catch (IllegalArgumentException e) {
            request = new PmiRequest.Malformed(name, e.getMessage());
        }
        return new Decoded(name, request, thrid);
    }

    /**
     * Header pairs ({@code ncmds}, {@code preputcount}, {@code ppkeyN}/{@code ppvalN}) until the first
     * {@code subcmd}; each {@code subcmd} opens a segment whose indices restart at 0.
     */
    static PmiRequest spawn(List<Map.Entry<String, String>> pairs) {
        Map<String, String> header = new LinkedHashMap<>();
        List<String> execs = new ArrayList<>();
        List<Map<String, String>> segments = new ArrayList<>();
        for (var p : pairs.subList(1, pairs.size())) {
            if (p.getKey().equals("subcmd")) {
                execs.add(p.getValue());
                segments.add(new LinkedHashMap<>());
            } else {
                (segments.isEmpty() ? header : segments.get(segments.size() - 1)).putIfAbsent(p.getKey(), p.getValue());
            }
        }
        if (segments.isEmpty()) throw new RequiredTokens.BadToken("unable to find token: subcmd");
        int ncmds = integer(header, "ncmds");
        if (ncmds != segments.size()) {
            throw new IllegalArgumentException("ncmds=" + ncmds + " but " + segments.size() + " subcmd segments");
        }
        Map<String, String> preput = new LinkedHashMap<>();
        int preputs = header.containsKey("preputcount") ? integer(header, "preputcount") : 0;
        for (int i = 0; i < preputs; i++) preput.put(token(header, "ppkey" + i), token(header, "ppval" + i));
        List<SpawnCommand> commands = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            Map<String, String> seg = segments.get(s);
            if (execs.get(s).isEmpty()) throw new IllegalArgumentException("empty subcmd in segment " + s);
            int maxprocs = integer(seg, "maxprocs");
            if (maxprocs <= 0) throw new IllegalArgumentException("maxprocs must be positive, got " + maxprocs);
            int argc = seg.containsKey("argc") ? integer(seg, "argc") : 0;
            List<String> argv = new ArrayList<>();
            for (int i = 0; i < argc; i++) argv.add(token(seg, "argv" + i));
            int infos = seg.containsKey("infokeycount") ? integer(seg, "infokeycount") : 0;
            Map<String, String> info = new LinkedHashMap<>();
            for (int i = 0; i < infos; i++) info.put(token(seg, "infokey" + i), token(seg, "infoval" + i));
            commands.add(new SpawnCommand(execs.get(s), maxprocs, argv, info));
        }
        return new PmiRequest.Spawn(commands, preput);
    }

    static Integer integerOrNull(Map<String, String> args, String key) {
        return args.containsKey(key) && !args.get(key).isBlank() ? integer(args, key) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String nameOf(String body) {
        if (!body.startsWith("cmd=")) return null;
        int semi = body.indexOf(';');
        return body.substring(4, semi < 0 ? body.length() : semi);
    }

    private static Integer abortExitCode(String value) {
        if (value == null) return null;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
