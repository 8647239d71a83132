package io.kpm.cli.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The answer to {@code POST /api/v1/spawn?wait=false}: the scheduler accepted the job. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SpawnAccepted(long pgid, String kvsname, String url) {
}
