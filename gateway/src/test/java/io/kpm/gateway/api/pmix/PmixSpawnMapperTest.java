package io.kpm.gateway.api.pmix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EnvOp;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.Producer;

/** The v2 body's PMIx conventions and every directive's mapping, without a broker. */
class PmixSpawnMapperTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static PmixSpawnMapper.Mapped map(String body) throws Exception {
        return PmixSpawnMapper.map(JSON.readValue(body, PmixSpawnBody.class), "req-1",
                EventMeta.now(new Producer("t", "t")), "127.0.0.1:7703", "alice@127.0.0.1");
    }

    static List<String> problems(String body) {
        return assertThrows(PmixSpawnMapper.InvalidSpawn.class, () -> map(body)).problems();
    }

    static DirectiveReport report(PmixSpawnMapper.Mapped m, String name) {
        return m.directives().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void argvStartsWithArgv0AndEnvMayBeAListOfNameValue() throws Exception {
        AppSpec app = map("""
                {"apps":[{"cmd":"hostname","argv":["hostname","-s"],"env":["A=1","B=x=y"],"maxprocs":2}]}""")
                .request().apps().get(0);
        assertEquals("hostname", app.cmd());
        assertEquals(List.of("-s"), app.argv(), "argv[0] is the program's name, not an argument");
        assertEquals(Map.of("A", "1", "B", "x=y"), app.env());
        assertEquals(2, app.maxprocs());

        AppSpec fromArgv0 = map("{\"apps\":[{\"argv\":[\"/bin/echo\",\"hi\"],\"maxprocs\":1}]}").request().apps().get(0);
        assertEquals("/bin/echo", fromArgv0.cmd(), "no cmd: argv[0] is the program");
        assertEquals(List.of("hi"), fromArgv0.argv());

        var renamed = map("{\"apps\":[{\"cmd\":\"/bin/sleep\",\"argv\":[\"napper\",\"1\"],\"maxprocs\":1}]}");
        assertEquals("napper", renamed.request().apps().get(0).info().get(PmixSpawnMapper.ARGV0_KEY));
        assertEquals(DirectiveReport.Status.NOT_APPLIED, report(renamed, "argv[0]").status());
        assertTrue(map("{\"apps\":[{\"cmd\":\"/bin/sleep\",\"argv\":[\"sleep\",\"1\"],\"maxprocs\":1}]}")
                .directives().isEmpty(), "argv[0] = basename(cmd) is the convention: nothing to report");
    }

    @Test
    void minprocsMakesMaxprocsAMaximum() throws Exception {
        AppSpec app = map("{\"apps\":[{\"cmd\":\"x\",\"maxprocs\":8,\"minprocs\":2}]}").request().apps().get(0);
        assertEquals(8, app.maxprocs());
        assertEquals("2", app.info().get(PmixSpawnMapper.MINPROCS_KEY));
        assertEquals(List.of("apps[0].minprocs (9) must not exceed maxprocs (8)"),
                problems("{\"apps\":[{\"cmd\":\"x\",\"maxprocs\":8,\"minprocs\":9}]}"));
    }

    @Test
    void placementAndEnvironmentDirectivesBecomeKpmsOwnSettings() throws Exception {
        var m = map("""
                {"jobInfo":{"PMIX_MAPBY":"ppr:2:node","PMIX_JOB_TIMEOUT":30,"PMIX_TIMEOUT":5,"PMIX_NOTIFY_COMPLETION":true,
                            "PMIX_STDIN_TGT":0},
                 "apps":[{"cmd":"a.out","maxprocs":4,"info":{
                   "PMIX_HOST":"node-0,node-1","PMIX_WDIR":"/tmp","PMIX_PREFIX":"/opt/mpi/",
                   "PMIX_SET_ENVAR":{"envar":"OMP_NUM_THREADS","value":"2"},
                   "PMIX_PREPEND_ENVAR":[{"envar":"PYTHONPATH","value":"/x","separator":":"},"MANPATH=/y"],
                   "PMIX_APPEND_ENVAR":"LD_PRELOAD=/z.so","PMIX_UNSET_ENVAR":["DISPLAY","TERM"],
                   "PMIX_RANKBY":"slot","PMIX_BINDTO":"core","PMIX_TAG_OUTPUT":true}}]}""");
        AppSpec app = m.request().apps().get(0);
        assertEquals(2, app.ppn(), "a job-level directive applies to every app");
        assertEquals(List.of("node-0", "node-1"), app.hosts());
        assertEquals("/tmp", app.wdir());
        assertEquals(List.of(
                new EnvOp(EnvOp.Kind.PREPEND, "PATH", "/opt/mpi/bin", ":"),
                new EnvOp(EnvOp.Kind.PREPEND, "LD_LIBRARY_PATH", "/opt/mpi/lib", ":"),
                new EnvOp(EnvOp.Kind.SET, "OMP_NUM_THREADS", "2", null),
                new EnvOp(EnvOp.Kind.PREPEND, "PYTHONPATH", "/x", ":"),
                new EnvOp(EnvOp.Kind.PREPEND, "MANPATH", "/y", null),
                new EnvOp(EnvOp.Kind.APPEND, "LD_PRELOAD", "/z.so", null),
                new EnvOp(EnvOp.Kind.UNSET, "DISPLAY", null, null),
                new EnvOp(EnvOp.Kind.UNSET, "TERM", null, null)), app.envOps(), "in the order given");
        Map<String, String> jobInfo = m.request().jobInfo();
        assertEquals("30", jobInfo.get("timeout"), "PMIX_JOB_TIMEOUT is the job's time limit");
        assertEquals(Duration.ofSeconds(5), m.spawnTimeout(), "PMIX_TIMEOUT bounds the spawn operation");
        assertEquals("true", jobInfo.get(PmixSpawnMapper.NOTIFY_KEY));
        assertEquals("v2", jobInfo.get(PmixSpawnMapper.API_KEY));
        assertEquals("alice@127.0.0.1", jobInfo.get("kpm.submittedBy"));
        assertEquals("PMIX_BINDTO", jobInfo.get(PmixSpawnMapper.NOT_APPLIED_KEY));
        assertEquals("0", jobInfo.get("stdin"), "PMIX_STDIN_TGT is v1's jobInfo.stdin");
        assertEquals("core", app.info().get("PMIX_BINDTO"), "every directive is recorded under its own name");
        assertEquals("ppr:2:node", jobInfo.get("PMIX_MAPBY"));
        assertEquals(DirectiveReport.Status.APPLIED, report(m, "PMIX_TAG_OUTPUT").status());
        assertEquals(DirectiveReport.Status.NOT_APPLIED, report(m, "PMIX_BINDTO").status());
        assertEquals("apps[0].info", report(m, "PMIX_BINDTO").scope());
        assertEquals(15, m.directives().size(), "one report line per directive given: " + m.directives());
    }

    @Test
    void unknownDirectivesAreRecordedAndReportedNeverDropped() throws Exception {
        var m = map("""
                {"jobInfo":{"PMIX_FANCY_THING":{"a":1},"mark":"m1"},
                 "apps":[{"cmd":"x","maxprocs":1,"info":{"PMIX_GPU_TYPE":"h100"}}]}""");
        assertEquals("PMIX_FANCY_THING,mark,PMIX_GPU_TYPE", m.request().jobInfo().get(PmixSpawnMapper.UNKNOWN_KEY));
        assertEquals("{\"a\":1}", m.request().jobInfo().get("PMIX_FANCY_THING"));
        assertEquals("h100", m.request().apps().get(0).info().get("PMIX_GPU_TYPE"));
        assertEquals(DirectiveReport.Status.UNKNOWN, report(m, "PMIX_GPU_TYPE").status());
        assertEquals("apps[0].info", report(m, "PMIX_GPU_TYPE").scope());
    }

    @Test
    void debuggerDaemonsNameTheirTargetAndHowMany() throws Exception {
        var m = map("""
                {"jobInfo":{"PMIX_DEBUGGER_DAEMONS":true,"PMIX_DEBUG_TARGET":{"nspace":"kvs_kpm_7","rank":-1},
                 "PMIX_DEBUG_DAEMONS_PER_PROC":1},"apps":[{"cmd":"gdb","argv":["gdb","--batch"]}]}""");
        assertTrue(m.debuggerDaemons());
        assertEquals("7", m.request().jobInfo().get("kpm.debug.target"));
        assertEquals("per-proc", m.request().jobInfo().get("kpm.debug.mode"));
        assertEquals(1, m.request().apps().get(0).maxprocs(), "the target decides the count; maxprocs may be left out");
        var perNode = map("""
                {"jobInfo":{"PMIX_DEBUGGER_DAEMONS":true,"PMIX_DEBUG_TARGET":3,"PMIX_DEBUG_DAEMONS_PER_NODE":1},
                 "apps":[{"cmd":"gdb"}]}""");
        assertEquals("per-node", perNode.request().jobInfo().get("kpm.debug.mode"));
        assertEquals("3", perNode.request().jobInfo().get("kpm.debug.target"));
    }

    @Test
    void everyProblemNamesItsField() {
        assertEquals(List.of(
                "jobInfo.PMIX_TIMEOUT must be a whole number of seconds (0: no limit), got \"soon\"",
                "apps[0].maxprocs is missing",
                "apps[0].info.PMIX_MAPBY: kpm maps by slot, node or ppr:N:node (it does not see sockets, cores or "
                        + "caches); got \"socket\"",
                "apps[0].info.PMIX_PPR: kpm places N processes per node only (N:node); got \"2:socket\"",
                "apps[0].info.PMIX_SET_ENVAR must be \"NAME=value\" or {\"envar\",\"value\"}, got \"novalue\"",
                "apps[0].info.PMIX_TAG_OUTPUT must be true or false, got \"yes\"",
                "apps[0].info.PMIX_JOB_TIMEOUT is a job-level directive: give it in jobInfo"),
                problems("""
                        {"jobInfo":{"PMIX_TIMEOUT":"soon"},"apps":[{"cmd":"x","info":{"PMIX_MAPBY":"socket",
                         "PMIX_PPR":"2:socket","PMIX_SET_ENVAR":"novalue","PMIX_TAG_OUTPUT":"yes","PMIX_JOB_TIMEOUT":3}}]}"""));
        assertEquals(List.of("jobInfo: debugger daemons need exactly one of PMIX_DEBUG_DAEMONS_PER_NODE and "
                + "PMIX_DEBUG_DAEMONS_PER_PROC"), problems("""
                {"jobInfo":{"PMIX_DEBUGGER_DAEMONS":true,"PMIX_DEBUG_TARGET":3},"apps":[{"cmd":"gdb"}]}"""));
        assertEquals(List.of("jobInfo.PMIX_DEBUG_DAEMONS_PER_NODE: kpm starts one daemon per node or per proc: give 1 "
                + "or true, got 2"), problems("""
                {"jobInfo":{"PMIX_DEBUGGER_DAEMONS":true,"PMIX_DEBUG_TARGET":3,"PMIX_DEBUG_DAEMONS_PER_NODE":2},
                 "apps":[{"cmd":"gdb"}]}"""));
        assertEquals(List.of("apps[0]: PMIX_RANKBY node needs PMIX_MAPBY node (kpm numbers ranks in mapping order)"),
                problems("{\"apps\":[{\"cmd\":\"x\",\"maxprocs\":2,\"info\":{\"PMIX_RANKBY\":\"node\"}}]}"));
        assertEquals(List.of("jobInfo.PMIX_STDIN_TGT must be a rank of the new job, from 0 to 1, got 2"),
                problems("{\"jobInfo\":{\"PMIX_STDIN_TGT\":2},\"apps\":[{\"cmd\":\"x\",\"maxprocs\":2}]}"));
        assertEquals(List.of("jobInfo.PMIX_STDIN_TGT must be one rank of the new job (a number from 0; kpm feeds stdin "
                + "to one rank, not to all), got -1"),
                problems("{\"jobInfo\":{\"PMIX_STDIN_TGT\":-1},\"apps\":[{\"cmd\":\"x\",\"maxprocs\":2}]}"));
        assertEquals(List.of("apps[0].cwd (\"/a\") and PMIX_WDIR (\"/b\") differ"),
                problems("{\"apps\":[{\"cmd\":\"x\",\"cwd\":\"/a\",\"maxprocs\":2,\"info\":{\"PMIX_WDIR\":\"/b\"}}]}"));
        assertEquals(List.of("apps[0].env[0] must be \"NAME=value\", got \"=x\""),
                problems("{\"apps\":[{\"cmd\":\"x\",\"env\":[\"=x\"],\"maxprocs\":1}]}"));
        assertNull(assertThrows(PmixSpawnMapper.InvalidSpawn.class, () -> PmixSpawnMapper.map(null, "r", null, "e", null))
                .getCause());
    }
}
