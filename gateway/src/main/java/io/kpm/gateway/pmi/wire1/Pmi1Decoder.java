package io.kpm.gateway.pmi.wire1;

import static io.kpm.gateway.pmi.command.RequiredTokens.clip;
import static io.kpm.gateway.pmi.command.RequiredTokens.integer;
import static io.kpm.gateway.pmi.command.RequiredTokens.integerOr;
import static io.kpm.gateway.pmi.command.RequiredTokens.token;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.RequiredTokens.BadToken;

/**
 * PMI-1 line → typed request. A line is {@code cmd=<name> k=v k=v} (single spaces; a value may contain
 * {@code =} but no space). Spawn blocks ({@code mcmd=spawn} … {@code endcmd}) are assembled by
 * {@link Pmi1SpawnBlocks}, not here.
 */
public final class Pmi1Decoder {

    /** The opening line of a PMI-1 spawn block. */
    public static final String SPAWN_OPEN = "mcmd=spawn";
    public static final String SPAWN_CLOSE = "endcmd";

    private Pmi1Decoder() {
    }

    /** The command name of a line, or null when the line does not start with {@code cmd=}. */
    public static String commandName(String line) {
        if (!line.startsWith("cmd=")) return null;
        int space = line.indexOf(' ');
        return line.substring(4, space < 0 ? line.length() : space);
    }

    public static PmiRequest decode(String line) {
        String name = commandName(line);
        if (name == null || name.isEmpty()) {
            return new PmiRequest.Malformed(null, "malformed line, expected cmd=<name> k=v ...: " + clip(line));
        }
        if (name.equals("abort")) return abort(line);
        Map<String, String> args = new LinkedHashMap<>();
        String[] tokens = line.split(" ", -1);
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.isEmpty()) continue;
            int eq = token.indexOf('=');
            if (eq <= 0) return new PmiRequest.Malformed(name, "malformed token '" + clip(token) + "', expected k=v");
            args.putIfAbsent(token.substring(0, eq), token.substring(eq + 1));
        }
        try {
            return switch (name) {
                case "initack" -> new PmiRequest.Initack(integer(args, "pmiid"));
                case "init" -> new PmiRequest.Init(integer(args, "pmi_version"), integerOr(args, "pmi_subversion", 0));
                case "get_maxes" -> new PmiRequest.GetMaxes();
                case "get_appnum" -> new PmiRequest.GetAppnum();
                case "get_my_kvsname" -> new PmiRequest.GetMyKvsname();
                case "get_universe_size" -> new PmiRequest.GetUniverseSize();
                case "put" -> new PmiRequest.Put(token(args, "kvsname"), token(args, "key"), token(args, "value"));
                case "get" -> new PmiRequest.Get(token(args, "kvsname"), token(args, "key"));
                case "barrier_in" -> new PmiRequest.Barrier();
                case "finalize" -> new PmiRequest.Finalize();
                case "publish_name" -> new PmiRequest.PublishName(token(args, "service"), token(args, "port"));
                case "lookup_name" -> new PmiRequest.LookupName(token(args, "service"));
                case "unpublish_name" -> new PmiRequest.UnpublishName(token(args, "service"));
                default -> new PmiRequest.Unknown(name);
            };
        } catch (BadToken e) {
            return new PmiRequest.Malformed(name, e.getMessage());
        }
    }

    /**
     * An abort always aborts, whatever it holds: its message runs to the end of the line, spaces included
     * (MPICH 4.2 sends {@code cmd=abort exitcode=1 message=internal ABORT - process 1}; older clients {@code msg=}),
     * and an unreadable exit code becomes 1 instead of a refusal the client would never read.
     */
    static PmiRequest.Abort abort(String line) {
        int messageAt = indexOfKey(line, "message=");
        if (messageAt < 0) messageAt = indexOfKey(line, "msg=");
        String head = messageAt < 0 ? line : line.substring(0, messageAt);
        String message = messageAt < 0 ? null : line.substring(line.indexOf('=', messageAt) + 1);
        Integer exitCode = 1;
        for (String token : head.split(" ")) {
            if (token.startsWith("exitcode=")) {
                try {
                    exitCode = Integer.parseInt(token.substring("exitcode=".length()).trim());
                } catch (NumberFormatException e) {
                    exitCode = 1;
                }
            }
        }
        return new PmiRequest.Abort(exitCode, message);
    }

    /** Where the token {@code key} starts (after a space), or -1. */
    private static int indexOfKey(String line, String key) {
        int at = line.indexOf(" " + key);
        return at < 0 ? -1 : at + 1;
    }
}
