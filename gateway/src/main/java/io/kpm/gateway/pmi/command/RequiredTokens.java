package io.kpm.gateway.pmi.command;

import java.util.Map;

/**
 * Reading the tokens of a decoded PMI command, for both wire protocols: a missing or unreadable mandatory
 * token is a {@link BadToken} whose message names it, the way Hydra does ("unable to find token: nprocs").
 */
public final class RequiredTokens {

    private RequiredTokens() {
    }

    public static String token(Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null) throw new BadToken("unable to find token: " + key);
        return v;
    }

    public static int integer(Map<String, String> args, String key) {
        String v = token(args, key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadToken(key + " must be an integer, got '" + clip(v) + "'");
        }
    }

    public static int integerOr(Map<String, String> args, String key, int fallback) {
        return args.containsKey(key) ? integer(args, key) : fallback;
    }

    /** Bad input is quoted in answers, but never at full length (a client may send a 1 MB line). */
    public static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    /** A missing or unreadable token; the decoders turn it into a {@link PmiRequest.Malformed}. */
    public static final class BadToken extends IllegalArgumentException {
        public BadToken(String message) {
            super(message, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            // thrown for every bad request from a client: the trace would say nothing and cost time
            return this;
        }
    }
}
