package io.kpm.gateway.api.pmix;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.gateway.api.pmix.AppDirectives.Invalid;
import io.kpm.schemas.events.EnvOp;

/**
 * Reading PMIx attribute values from JSON, strictly by type (a boolean is true/false, a count a number), so that a
 * wrong one is refused with its field's name rather than half understood.
 */
final class PmixValues {

    private PmixValues() {
    }

    /** The value as recorded on the job: scalars as text, objects and lists as compact JSON. */
    static String shown(JsonNode value) {
        if (value == null || value.isNull()) return "null";
        return value.isValueNode() ? value.asText() : value.toString();
    }

    static String text(String field, JsonNode value) throws Invalid {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new Invalid(field + " must be a non-empty string, got " + value);
        }
        if (value.asText().indexOf('\0') >= 0) throw new Invalid(field + " contains a NUL character");
        return value.asText().strip();
    }

    /** One string or a list of them. */
    static List<String> texts(String field, JsonNode value) throws Invalid {
        List<String> out = new ArrayList<>();
        if (value != null && value.isArray() && !value.isEmpty()) {
            for (int i = 0; i < value.size(); i++) out.add(text(field + "[" + i + "]", value.get(i)));
            return out;
        }
        out.add(text(field, value));
        return out;
    }

    static boolean bool(String field, JsonNode value) throws Invalid {
        if (value == null || !value.isBoolean()) throw new Invalid(field + " must be true or false, got " + value);
        return value.booleanValue();
    }

    /** A whole number of seconds, 0 meaning none (PMIx's convention), at most about 30 years. */
    static int seconds(String field, JsonNode value) throws Invalid {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0
                || value.intValue() > 999_999_999) {
            throw new Invalid(field + " must be a whole number of seconds (0: no limit), got " + value);
        }
        return value.intValue();
    }

    static void envName(String field, String name) throws Invalid {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new Invalid(field + ": \"" + name + "\" is not an environment name (non-empty, without '=')");
        }
    }

    /**
     * PMIx's pmix_envar_t as JSON: {@code {"envar":"NAME","value":"v","separator":":"}}, or {@code "NAME=v"}; one, or
     * a list of them (JSON objects cannot repeat a key, PMIx info arrays can).
     */
    static List<EnvOp> envars(EnvOp.Kind kind, String field, JsonNode value) throws Invalid {
        List<EnvOp> out = new ArrayList<>();
        if (value != null && value.isArray() && !value.isEmpty()) {
            for (int i = 0; i < value.size(); i++) out.add(envar(kind, field + "[" + i + "]", value.get(i)));
        } else {
            out.add(envar(kind, field, value));
        }
        return out;
    }

    private static EnvOp envar(EnvOp.Kind kind, String field, JsonNode value) throws Invalid {
        String name;
        String v;
        String separator = null;
        if (value != null && value.isTextual()) {
            String s = value.asText();
            int eq = s.indexOf('=');
            if (eq <= 0) throw new Invalid(field + " must be \"NAME=value\" or {\"envar\",\"value\"}, got \"" + s + "\"");
            name = s.substring(0, eq);
            v = s.substring(eq + 1);
        } else if (value != null && value.isObject()) {
            name = text(field + ".envar", value.get("envar"));
            JsonNode given = value.get("value");
            if (given == null || !given.isTextual()) throw new Invalid(field + ".value must be a string, got " + given);
            v = given.asText();
            JsonNode sep = value.get("separator");
            if (sep != null && !sep.isNull()) {
                if (!sep.isTextual() || sep.asText().length() != 1) {
                    throw new Invalid(field + ".separator must be one character, got " + sep);
                }
                separator = sep.asText();
            }
        } else {
            throw new Invalid(field + " must be \"NAME=value\" or {\"envar\":\"NAME\",\"value\":\"v\"}, got " + value);
        }
        envName(field, name);
        if (v.indexOf('\0') >= 0) throw new Invalid(field + ": the value contains a NUL character");
        return new EnvOp(kind, name, v, separator);
    }
}
