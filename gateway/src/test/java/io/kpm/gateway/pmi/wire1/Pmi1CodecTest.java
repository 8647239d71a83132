package io.kpm.gateway.pmi.wire1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;
import io.kpm.gateway.pmi.command.SpawnCommand;

/** PMI-1 decode and encode on the bytes captured from MPICH 4.0.2 (PMI-WIRE.md §1). */
class Pmi1CodecTest {

    @Test
    void decodesEveryCommandMpichSends() {
        assertEquals(new PmiRequest.Initack(1), Pmi1Decoder.decode("cmd=initack pmiid=1"));
        assertEquals(new PmiRequest.Init(1, 1), Pmi1Decoder.decode("cmd=init pmi_version=1 pmi_subversion=1"));
        assertEquals(new PmiRequest.Init(2, 0), Pmi1Decoder.decode("cmd=init pmi_version=2 pmi_subversion=0"));
        assertEquals(new PmiRequest.GetMaxes(), Pmi1Decoder.decode("cmd=get_maxes"));
        assertEquals(new PmiRequest.GetAppnum(), Pmi1Decoder.decode("cmd=get_appnum"));
        assertEquals(new PmiRequest.GetMyKvsname(), Pmi1Decoder.decode("cmd=get_my_kvsname"));
        assertEquals(new PmiRequest.GetUniverseSize(), Pmi1Decoder.decode("cmd=get_universe_size"));
        assertEquals(new PmiRequest.Put("kvs_kpm_3", "-allgather-shm-1-0", "AB=CD"),
                Pmi1Decoder.decode("cmd=put kvsname=kvs_kpm_3 key=-allgather-shm-1-0 value=AB=CD"));
        assertEquals(new PmiRequest.Get("kvs_kpm_3", "PMI_process_mapping"),
                Pmi1Decoder.decode("cmd=get kvsname=kvs_kpm_3 key=PMI_process_mapping"));
        assertEquals(new PmiRequest.Barrier(), Pmi1Decoder.decode("cmd=barrier_in"));
        assertEquals(new PmiRequest.Finalize(), Pmi1Decoder.decode("cmd=finalize"));
        assertEquals(new PmiRequest.Abort(7, null), Pmi1Decoder.decode("cmd=abort exitcode=7"));
        assertEquals(new PmiRequest.PublishName("svc", "tag#0$"), Pmi1Decoder.decode("cmd=publish_name service=svc port=tag#0$"));
        assertEquals(new PmiRequest.LookupName("svc"), Pmi1Decoder.decode("cmd=lookup_name service=svc"));
        assertEquals(new PmiRequest.UnpublishName("svc"), Pmi1Decoder.decode("cmd=unpublish_name service=svc"));
    }

    @Test
    void anAbortAlwaysAbortsWithItsMessageToTheEndOfTheLine() {
        assertEquals(new PmiRequest.Abort(1, "internal ABORT - process 1"),
                Pmi1Decoder.decode("cmd=abort exitcode=1 message=internal ABORT - process 1"));
        assertEquals(new PmiRequest.Abort(5, "application called MPI_Abort(MPI_COMM_WORLD, 5) - process 1"),
                Pmi1Decoder.decode("cmd=abort exitcode=5 message=application called MPI_Abort(MPI_COMM_WORLD, 5) - process 1"));
        assertEquals(new PmiRequest.Abort(3, "old = style"), Pmi1Decoder.decode("cmd=abort exitcode=3 msg=old = style"));
        assertEquals(new PmiRequest.Abort(1, null), Pmi1Decoder.decode("cmd=abort exitcode=oops"));
        assertEquals(new PmiRequest.Abort(1, null), Pmi1Decoder.decode("cmd=abort"));
    }

    @Test
    void badInputBecomesTypedErrorsNamingTheProblem() {
        assertEquals(new PmiRequest.Unknown("frobnicate"), Pmi1Decoder.decode("cmd=frobnicate x=1"));
        assertEquals(new PmiRequest.Malformed("put", "unable to find token: value"),
                Pmi1Decoder.decode("cmd=put kvsname=k key=a"));
        assertEquals(new PmiRequest.Malformed("initack", "pmiid must be an integer, got 'abc'"),
                Pmi1Decoder.decode("cmd=initack pmiid=abc"));
        PmiRequest garbage = Pmi1Decoder.decode("hello world");
        assertTrue(garbage instanceof PmiRequest.Malformed m && m.name() == null, garbage.toString());
        assertTrue(Pmi1Decoder.decode("cmd=get kvsname=k garbage") instanceof PmiRequest.Malformed);
    }

    @Test
    void encodesTheResponsesMpichAccepts() {
        assertEquals("cmd=initack\ncmd=set size=2\ncmd=set rank=1\ncmd=set debug=0\n",
                Pmi1Encoder.encode(new PmiResponse.InitackOk(2, 1), "initack"));
        assertEquals("cmd=response_to_init pmi_version=1 pmi_subversion=1 rc=0\n",
                Pmi1Encoder.encode(new PmiResponse.InitOk(1, 1), "init"));
        assertEquals("cmd=maxes kvsname_max=256 keylen_max=64 vallen_max=1024\n",
                Pmi1Encoder.encode(new PmiResponse.Maxes(256, 64, 1024), "get_maxes"));
        assertEquals("cmd=appnum appnum=0\n", Pmi1Encoder.encode(new PmiResponse.Appnum(0), "get_appnum"));
        assertEquals("cmd=my_kvsname kvsname=kvs_kpm_3\n",
                Pmi1Encoder.encode(new PmiResponse.Kvsname("kvs_kpm_3"), "get_my_kvsname"));
        assertEquals("cmd=universe_size size=8\n", Pmi1Encoder.encode(new PmiResponse.UniverseSize(8), "get_universe_size"));
        assertEquals("cmd=put_result rc=0 msg=success\n", Pmi1Encoder.encode(new PmiResponse.PutOk(), "put"));
        assertEquals("cmd=get_result rc=0 msg=success value=(vector,(0,1,2))\n",
                Pmi1Encoder.encode(new PmiResponse.GetResult("PMI_process_mapping", "(vector,(0,1,2))"), "get"));
        assertEquals("cmd=get_result rc=-1 msg=key_nokey_not_found value=unknown\n",
                Pmi1Encoder.encode(new PmiResponse.GetResult("nokey", null), "get"));
        assertEquals("cmd=barrier_out\n", Pmi1Encoder.encode(new PmiResponse.BarrierOut(), "barrier_in"));
        assertEquals("cmd=finalize_ack\n", Pmi1Encoder.encode(new PmiResponse.FinalizeAck(), "finalize"));
        assertEquals("cmd=publish_result info=ok rc=0 msg=success\n",
                Pmi1Encoder.encode(new PmiResponse.Published(), "publish_name"));
        assertEquals("cmd=lookup_result port=P info=ok rc=0 msg=success\n",
                Pmi1Encoder.encode(new PmiResponse.LookupResult("S", "P"), "lookup_name"));
        assertEquals("cmd=lookup_result rc=1 msg=service_not_found\n",
                Pmi1Encoder.encode(new PmiResponse.LookupResult("S", null), "lookup_name"));
        assertEquals("cmd=unpublish_result info=ok rc=0 msg=success\n",
                Pmi1Encoder.encode(new PmiResponse.Unpublished(true), "unpublish_name"));
        assertEquals("cmd=spawn_result rc=0 errcodes=0,0,0\n",
                Pmi1Encoder.encode(PmiResponse.SpawnResult.ok("kvs_kpm_4", List.of(0, 0, 0)), "spawn"));
        assertEquals("cmd=spawn_result rc=-1 msg=unable_to_find_token:_nprocs\n",
                Pmi1Encoder.encode(PmiResponse.SpawnResult.failed("unable to find token: nprocs"), "spawn"));
        assertEquals("", Pmi1Encoder.encode(new PmiResponse.Silence(), "abort"));
    }

    @Test
    void errorsUseTheRequestsResponseName() {
        assertEquals("cmd=frobnicate_response rc=-1 msg=unknown_command_frobnicate\n",
                Pmi1Encoder.encode(new PmiResponse.Error("unknown command frobnicate"), "frobnicate"));
        assertEquals("cmd=put_result rc=-1 msg=unable_to_find_token:_value\n",
                Pmi1Encoder.encode(new PmiResponse.Error("unable to find token: value"), "put"));
        assertEquals("cmd=initack rc=-1 msg=unknown_pmiid_9\n",
                Pmi1Encoder.encode(new PmiResponse.Refused("unknown pmiid 9"), "initack"));
        assertEquals("cmd=error rc=-1 msg=malformed\n", Pmi1Encoder.encode(new PmiResponse.Error("malformed"), null));
    }

    /** The two-command spawn of PMI-WIRE.md §1.6, line for line as MPICH's client writes it. */
    static final String TWO_COMMAND_SPAWN = """
            mcmd=spawn
            nprocs=2
            execname=./child
            totspawns=2
            spawnssofar=1
            arg1=a0-arg1
            arg2=arg with spaces
            argcnt=2
            preput_num=2
            preput_key_0=PARENT_ROOT_PORT_NAME
            preput_val_0=<port>
            preput_key_1=extra-preput
            preput_val_1=pp-value
            info_num=3
            info_key_0=wdir
            info_val_0=/tmp
            info_key_1=host
            info_val_1=localhost
            info_key_2=path
            info_val_2=/opt/app/bin
            endcmd
            mcmd=spawn
            nprocs=1
            execname=./child
            totspawns=2
            spawnssofar=2
            arg1=a1-arg1
            argcnt=1
            preput_num=2
            preput_key_0=PARENT_ROOT_PORT_NAME
            preput_val_0=<port>
            preput_key_1=extra-preput
            preput_val_1=pp-value
            info_num=1
            info_key_0=wdir
            info_val_0=/
            endcmd
            """;

    static List<List<String>> blocks(String text) {
        List<List<String>> out = new java.util.ArrayList<>();
        List<String> cur = null;
        for (String line : text.split("\n")) {
            if (line.equals("mcmd=spawn")) cur = new java.util.ArrayList<>();
            else if (line.equals("endcmd")) out.add(cur);
            else cur.add(line);
        }
        return out;
    }

    @Test
    void assemblesTheTwoCommandSpawnAndAnswersOnlyAfterTheLastBlock() {
        Pmi1SpawnBlocks spawn = new Pmi1SpawnBlocks();
        List<List<String>> blocks = blocks(TWO_COMMAND_SPAWN);
        assertEquals(Optional.empty(), spawn.add(blocks.get(0)));
        PmiRequest request = spawn.add(blocks.get(1)).orElseThrow();
        assertEquals(new PmiRequest.Spawn(List.of(
                new SpawnCommand("./child", 2, List.of("a0-arg1", "arg with spaces"),
                        Map.of("wdir", "/tmp", "host", "localhost", "path", "/opt/app/bin")),
                new SpawnCommand("./child", 1, List.of("a1-arg1"), Map.of("wdir", "/"))),
                Map.of("PARENT_ROOT_PORT_NAME", "<port>", "extra-preput", "pp-value")), request);
        assertEquals(List.of("wdir", "host", "path"),
                List.copyOf(((PmiRequest.Spawn) request).commands().get(0).info().keySet()), "info keys keep their order");
    }

    @Test
    void aSpawnMissingATokenIsAnsweredOnceAfterTheLastBlockNamingIt() {
        Pmi1SpawnBlocks spawn = new Pmi1SpawnBlocks();
        List<List<String>> blocks = blocks(TWO_COMMAND_SPAWN.replace("nprocs=2\n", ""));
        assertEquals(Optional.empty(), spawn.add(blocks.get(0)));
        assertEquals(Optional.of(new PmiRequest.Malformed("spawn", "unable to find token: nprocs")), spawn.add(blocks.get(1)));

        Pmi1SpawnBlocks noExec = new Pmi1SpawnBlocks();
        assertEquals(Optional.of(new PmiRequest.Malformed("spawn", "unable to find token: execname")),
                noExec.add(List.of("nprocs=1", "totspawns=1", "spawnssofar=1")));
        Pmi1SpawnBlocks missingArg = new Pmi1SpawnBlocks();
        assertEquals(Optional.of(new PmiRequest.Malformed("spawn", "unable to find token: arg2")),
                missingArg.add(List.of("nprocs=1", "execname=x", "argcnt=2", "arg1=a", "totspawns=1", "spawnssofar=1")));
    }
}
