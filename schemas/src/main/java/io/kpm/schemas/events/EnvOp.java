package io.kpm.schemas.events;

/**
 * One change to a rank's environment that needs the value the variable already has on the rank's node, so the
 * node agent applies it, after the app's {@code env} and before the PMI variables: PMIx's {@code PMIX_SET_ENVAR},
 * {@code PMIX_ADD_ENVAR}, {@code PMIX_UNSET_ENVAR}, {@code PMIX_PREPEND_ENVAR}, {@code PMIX_APPEND_ENVAR}.
 * {@code value} is null for UNSET; {@code separator} joins PREPEND/APPEND to a present, non-empty value (null: ':').
 */
public record EnvOp(Kind op, String name, String value, String separator) {

    public enum Kind {
        /** name=value, whatever was there. */
        SET,
        /** name=value only when the variable is not set yet. */
        ADD,
        /** remove the variable. */
        UNSET,
        /** value + separator + what was there (or value alone). */
        PREPEND,
        /** what was there + separator + value (or value alone). */
        APPEND
    }

    /** The separator a PREPEND or APPEND uses. */
    public String separatorOrDefault() {
        return separator == null ? ":" : separator;
    }
}
