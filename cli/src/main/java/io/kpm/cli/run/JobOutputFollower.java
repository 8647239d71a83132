package io.kpm.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.cli.CliFailure;
import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.GatewayProblem;
import io.kpm.cli.http.GatewayUnreachable;
import io.kpm.cli.http.JobView;
import io.kpm.cli.http.Json;
import io.kpm.cli.http.SseEvent;
import io.kpm.cli.http.SseReader;
import io.kpm.cli.http.TruncationNotice;

/**
 * Follows a job's output stream ({@code GET /jobs/{pgid}/output}): writes each {@code output} event's bytes to
 * {@link RankOutput}, tells the user (on stderr) about each {@code truncated} event and answers the job view of the {@code end}
 * event. When the stream breaks first, it tells
 * the user and polls {@code GET /jobs/{pgid}} until the job ended (the rest of the output is then lost).
 */
public final class JobOutputFollower {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

    private final GatewayClient gateway;
    private final RankOutput output;
    private final PrintStream err;

    public JobOutputFollower(GatewayClient gateway, RankOutput output, PrintStream err) {
        this.gateway = gateway;
        this.output = output;
        this.err = err;
    }

    public JobView follow(long pgid) {
        String broken;
        try (InputStream in = gateway.openOutput(pgid); SseReader events = new SseReader(in)) {
            SseEvent event;
            while ((event = events.next()) != null) {
                if ("output".equals(event.name())) {
                    writeOutput(event.data());
                } else if ("truncated".equals(event.name())) {
                    // a rank stream its node agent capped, or a job's output past what the gateway keeps
                    err.println("kpm run: " + TruncationNotice.of(event.data()));
                } else if ("end".equals(event.name())) {
                    output.finish();
                    JobView job = parseJob(event.data());
                    if (job != null && job.ended()) return job;
                    return poll(pgid);
                }
            }
            broken = "the output stream ended before the job did";
        } catch (IOException | UncheckedIOException | GatewayUnreachable e) {
            broken = "the output stream broke (" + e.getMessage() + ")";
        } catch (GatewayProblem e) {
            broken = "cannot read the output (" + e.getMessage() + ")";
        }
        output.finish();
        err.println("kpm run: " + broken + "; waiting for job " + pgid + " to end");
        return poll(pgid);
    }

    void writeOutput(String data) {
        JsonNode chunk;
        try {
            chunk = Json.mapper().readTree(data);
        } catch (IOException e) {
            err.println("kpm run: skipped an unreadable output event: " + e.getMessage());
            return;
        }
        RankOutput.Stream stream = "STDERR".equalsIgnoreCase(chunk.path("stream").asText())
                ? RankOutput.Stream.STDERR : RankOutput.Stream.STDOUT;
        byte[] bytes;
        try {
            bytes = decode(chunk.path("data").asText(""));
        } catch (IllegalArgumentException e) {
            err.println("kpm run: skipped output of rank " + chunk.path("rank").asInt() + " that is not base64");
            return;
        }
        output.write(chunk.path("rank").asInt(), stream, bytes);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // line-wrapped base64 is still base64
            return Base64.getMimeDecoder().decode(base64);
        }
    }

    private JobView parseJob(String data) {
        try {
            return Json.mapper().readValue(data, JobView.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Asks for the job until it ended; gives up when the gateway stays unreachable for a minute. */
    JobView poll(long pgid) {
        long lastAnswer = System.nanoTime();
        while (true) {
            try {
                JobView job = gateway.job(pgid);
                lastAnswer = System.nanoTime();
                if (job.ended()) return job;
            } catch (GatewayUnreachable | GatewayProblem e) {
                if (e instanceof GatewayProblem problem && problem.status() == 404) {
                    throw new CliFailure("job " + pgid + " is gone: " + e.getMessage());
                }
                if (System.nanoTime() - lastAnswer > GIVE_UP_AFTER.toNanos()) {
                    throw new CliFailure("lost job " + pgid + ": " + e.getMessage());
                }
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted while waiting for job " + pgid);
            }
        }
    }
}
