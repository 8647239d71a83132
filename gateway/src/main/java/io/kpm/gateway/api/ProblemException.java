package io.kpm.gateway.api;

/** Thrown by resources to answer with a problem; {@link ProblemMappers} writes it. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 503: the gateway is still reading the log; the client asks again (the kpm command does). */
    public static ProblemException catchingUp(long pgid) {
        return Problem.of(503, "catching-up", "the gateway is still reading the job log after its start and has not "
                + "seen job " + pgid + " yet; ask again in a moment").toException();
    }

    public static ProblemException noJob(long pgid) {
        return Problem.of(404, "unknown-job", "no job with pgid " + pgid).toException();
    }
}
