package io.kpm.gateway.api.pmix;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What kpm did with one directive of a v2 spawn, as the answer reports it: every directive given is in the report,
 * so a caller never has to guess whether one was dropped.
 *
 * @param scope  where it was given: {@code jobInfo} or {@code apps[i].info}
 * @param value  the value as given (JSON text for objects and lists)
 * @param detail what it became in kpm, or why it was not applied
 */
public record DirectiveReport(String name, String scope, String value, Status status, String detail) {

    public enum Status {
        /** kpm did what the directive asks. */
        APPLIED,
        /** known, but kpm has no such mechanism: recorded on the job, not applied. */
        NOT_APPLIED,
        /** not a directive kpm knows: recorded on the job, not applied. */
        UNKNOWN;

        @JsonValue
        public String json() {
            return name().toLowerCase().replace('_', '-');
        }
    }
}
