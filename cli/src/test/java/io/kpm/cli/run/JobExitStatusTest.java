package io.kpm.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.cli.http.JobView;
import io.kpm.cli.http.JobView.RankView;

class JobExitStatusTest {

    @Test
    void aFinishedJobExitsWithItsExitCodeSilently() {
        assertEquals(new JobExitStatus(0, null), JobExitStatus.of(job("FINISHED", 0, null)));
        assertEquals(new JobExitStatus(3, null), JobExitStatus.of(job("FINISHED", 3, null)));
        assertEquals(new JobExitStatus(137, null), JobExitStatus.of(job("FINISHED", 137, null)), "128+SIGKILL as is");
    }

    @Test
    void withoutAJobExitCodeTheLargestRankCodeCounts() {
        JobView job = new JobView(1L, "kvs_kpm_1", "r", null, "FINISHED", 3, List.of(),
                List.of(rank(0, "EXITED", 0, null), rank(1, "EXITED", 2, null), rank(2, "EXITED", null, null)),
                null, null, null, null);
        assertEquals(2, JobExitStatus.of(job).code());
    }

    @Test
    void exitCodesOutsideAByteDoNotTurnIntoSuccess() {
        assertEquals(255, JobExitStatus.of(job("FINISHED", 256, null)).code());
        assertEquals(255, JobExitStatus.of(job("FINISHED", -1, null)).code());
    }

    @Test
    void aFailedJobSaysWhyAndNeverExitsZero() {
        assertEquals(new JobExitStatus(127, "rank 0 failed to launch: /no/such/file: not found"),
                JobExitStatus.of(job("FAILED", 127, "rank 0 failed to launch: /no/such/file: not found")));
        assertEquals(1, JobExitStatus.of(job("FAILED", 0, "launch deadline passed")).code());
        assertEquals(1, JobExitStatus.of(job("FAILED", null, null)).code());
        assertEquals("job 5 failed", JobExitStatus.of(job("FAILED", null, null)).message());
    }

    @Test
    void launchFailureMessagesOfRanksAreAddedWhenTheReasonLacksThem() {
        JobView job = new JobView(5L, "kvs_kpm_5", "r", null, "FAILED", 2, List.of(),
                List.of(rank(0, "LAUNCH_FAILED", null, "/no/such/file: no such file"), rank(1, "STARTED", null, null)),
                127, "NOT_FOUND", null, null);
        assertEquals(new JobExitStatus(127, "NOT_FOUND; rank 0 on node-0: /no/such/file: no such file"),
                JobExitStatus.of(job));
    }

    @Test
    void anAbortedJobExitsNonZeroAndSaysSo() {
        assertEquals(new JobExitStatus(143, "job 5 was aborted: killed by request"),
                JobExitStatus.of(job("ABORTED", 143, "killed by request")));
        assertEquals(new JobExitStatus(1, "job 5 was aborted"), JobExitStatus.of(job("ABORTED", null, null)));
    }

    @Test
    void anUnexpectedStateIsAFailure() {
        assertEquals(new JobExitStatus(1, "job 5 ended in state RUNNING"), JobExitStatus.of(job("RUNNING", null, null)));
    }

    private static JobView job(String state, Integer exitCode, String reason) {
        return new JobView(5L, "kvs_kpm_5", "r", null, state, 1, List.of(), List.of(), exitCode, reason, null, null);
    }

    private static RankView rank(int rank, String state, Integer exitCode, String message) {
        return new RankView(rank, "node-0", 0, 100L + rank, state, exitCode, message);
    }
}
