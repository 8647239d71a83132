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

    public static ProblemException noJob(long pgid) {
        return Problem.of(404, "unknown-job", "no job with pgid " + pgid).toException();
    }
}
