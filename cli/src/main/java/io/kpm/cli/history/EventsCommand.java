package io.kpm.cli.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.cli.CliFailure;
import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.GatewayProblem;
import io.kpm.cli.http.Json;
import io.kpm.cli.http.SseEvent;
import io.kpm.cli.http.SseReader;
import io.kpm.cli.view.GatewayOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Show a job's event log in order: the spawn request, the scheduler's job events, every rank's"
                + " process events and the spawn result, one line each with the time since the first event.",
                "The groups its ranks spawned (and theirs) are merged in, each line naming its job; --follow streams "
                        + "the job's own log as it grows."},
        footer = {"", "Examples:", "  kpm events 7", "  kpm events 7 --follow", "  kpm events 7 --json | jq .type"})
public final class EventsCommand implements Callable<Integer> {

    @Mixin
    GatewayOption gateway;

    @Parameters(index = "0", paramLabel = "PGID", description = "The job's process group id.")
    long pgid;

    @Option(names = "--json", description = "Print each event's kpm JSON, one per line, as the gateway sent it.")
    boolean json;

    @Option(names = {"-f", "--follow"}, description = "Keep streaming new events until the job ends.")
    boolean follow;

    @Override
    public Integer call() {
        print(gateway.client(), pgid, follow, json, System.out);
        return 0;
    }

    static void print(GatewayClient client, long pgid, boolean follow, boolean json, PrintStream out) {
        if (follow) {
            stream(client, pgid, json, out);
            return;
        }
        try {
            List<JobFamilyEvents.FamilyEvent> events = JobFamilyEvents.read(client, pgid);
            boolean severalJobs = events.stream().map(JobFamilyEvents.FamilyEvent::job).distinct().count() > 1;
            EventTimeline timeline = new EventTimeline();
            for (JobFamilyEvents.FamilyEvent e : events) {
                out.println(json ? e.json() : timeline.line(e.event(), severalJobs ? e.job() : null));
            }
            out.flush();
        } catch (GatewayProblem e) {
            throw JobNotFound.translate(e, pgid);
        } catch (IOException | UncheckedIOException e) {
            throw new CliFailure("the event stream of job " + pgid + " broke: " + e.getMessage(), e);
        }
    }

    /** The job's own log, live, until it ends. */
    private static void stream(GatewayClient client, long pgid, boolean json, PrintStream out) {
        EventTimeline timeline = new EventTimeline();
        try (InputStream in = client.openEvents(pgid, true); SseReader events = new SseReader(in)) {
            SseEvent event;
            while ((event = events.next()) != null) {
                out.println(json ? event.data() : timeline.line(parse(event.data())));
                out.flush();
            }
        } catch (GatewayProblem e) {
            throw JobNotFound.translate(e, pgid);
        } catch (IOException | UncheckedIOException e) {
            throw new CliFailure("the event stream of job " + pgid + " broke: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String data) {
        try {
            return Json.mapper().readTree(data);
        } catch (IOException e) {
            throw new CliFailure("the gateway sent an event that is not JSON: " + e.getMessage(), e);
        }
    }
}
