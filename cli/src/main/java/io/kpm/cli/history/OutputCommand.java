package io.kpm.cli.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.cli.CliFailure;
import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.GatewayProblem;
import io.kpm.cli.http.Json;
import io.kpm.cli.http.JobView;
import io.kpm.cli.http.SseEvent;
import io.kpm.cli.http.SseReader;
import io.kpm.cli.http.TruncationNotice;
import io.kpm.cli.run.RankOutput;
import io.kpm.cli.run.RawOutput;
import io.kpm.cli.view.GatewayOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "output", mixinStandardHelpOptions = true,
        description = {"Print a job's output again, as the gateway kept it from kpm.proc.output: stdout to stdout,"
                + " stderr to stderr, raw bytes. For an ended job rank by rank in rank order (each rank's bytes in"
                + " the order it wrote them); for a running job as it arrives, until the job ends."},
        footer = {"", "Examples:", "  kpm output 7", "  kpm output 7 --rank 3 --stream stderr",
                "  kpm output 7 --interleaved   (in the order the ranks wrote, across ranks)"})
public final class OutputCommand implements Callable<Integer> {

    @Mixin
    GatewayOption gateway;

    @Parameters(index = "0", paramLabel = "PGID", description = "The job's process group id.")
    long pgid;

    @Option(names = "--rank", paramLabel = "R", description = "Only this rank's output.")
    Integer rank;

    @Option(names = "--stream", paramLabel = "stdout|stderr",
            description = "Only this stream; it is then printed to stdout whichever it is.")
    String stream;

    @Option(names = "--interleaved", description = "Keep the order the chunks arrived in across ranks.")
    boolean interleaved;

    @Override
    public Integer call() {
        print(gateway.client(), pgid, rank, stream, interleaved, System.out, System.err);
        return 0;
    }

    static void print(GatewayClient client, long pgid, Integer rank, String stream, boolean interleaved,
            PrintStream stdout, PrintStream stderr) {
        String only = streamName(stream);
        if (rank != null && rank < 0) throw new CliFailure(CliFailure.USAGE, "--rank must be 0 or more, got " + rank);
        JobView job;
        try {
            job = client.job(pgid);
        } catch (GatewayProblem e) {
            throw JobNotFound.translate(e, pgid);
        }
        // one picked stream is the thing asked for: it goes to stdout, so it can be piped
        OutputStream errTarget = only != null ? stdout : stderr;
        boolean rankByRank = job.ended() && !interleaved;
        RankOutput output = rankByRank ? new RankOrderedOutput(stdout, errTarget) : new RawOutput(stdout, errTarget);
        // printed rank by rank, the output is held back to the end: so are the notes about what is missing from it
        List<String> notices = new ArrayList<>();
        try (InputStream in = client.openOutput(pgid, rank, only); SseReader events = new SseReader(in)) {
            SseEvent event;
            while ((event = events.next()) != null) {
                if ("output".equals(event.name())) {
                    write(output, event.data());
                } else if ("truncated".equals(event.name())) {
                    String notice = "kpm output: " + TruncationNotice.of(event.data());
                    if (rankByRank) notices.add(notice);
                    else stderr.println(notice);
                } else if ("end".equals(event.name())) {
                    break;
                }
            }
        } catch (GatewayProblem e) {
            throw JobNotFound.translate(e, pgid);
        } catch (IOException | UncheckedIOException e) {
            output.finish();
            notices.forEach(stderr::println);
            throw new CliFailure("the output stream of job " + pgid + " broke: " + e.getMessage(), e);
        }
        output.finish();
        notices.forEach(stderr::println);
    }

    private static String streamName(String stream) {
        if (stream == null) return null;
        String name = stream.strip().toLowerCase(Locale.ROOT);
        if (!name.equals("stdout") && !name.equals("stderr")) {
            throw new CliFailure(CliFailure.USAGE, "--stream must be stdout or stderr, got \"" + stream + "\"");
        }
        return name;
    }

    private static void write(RankOutput output, String data) throws IOException {
        JsonNode chunk = Json.mapper().readTree(data);
        RankOutput.Stream stream = "STDERR".equalsIgnoreCase(chunk.path("stream").asText())
                ? RankOutput.Stream.STDERR : RankOutput.Stream.STDOUT;
        output.write(chunk.path("rank").asInt(), stream, Base64.getMimeDecoder().decode(chunk.path("data").asText("")));
    }
}
