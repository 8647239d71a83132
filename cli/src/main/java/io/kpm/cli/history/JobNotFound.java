package io.kpm.cli.history;

import io.kpm.cli.CliFailure;
import io.kpm.cli.http.GatewayProblem;

/** The gateway's 404 for a job, as the history commands say it. */
final class JobNotFound {

    private JobNotFound() {
    }

    static RuntimeException translate(GatewayProblem problem, long pgid) {
        if (problem.status() == 404) return new CliFailure("no job with pgid " + pgid);
        return problem;
    }
}
