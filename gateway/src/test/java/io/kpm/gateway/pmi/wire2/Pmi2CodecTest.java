package io.kpm.gateway.pmi.wire2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;
import io.kpm.gateway.pmi.command.SpawnCommand;

/** PMI-2 decode and encode on the bytes captured from Slurm's libpmi2 (PMI-WIRE.md §2). */
class Pmi2CodecTest {

    private static PmiRequest decode(String body) {
        return Pmi2Decoder.decode(body).request();
    }

    @Test
    void decodesEveryCommandLibpmi2Sends() {
        assertEquals(new PmiRequest.FullInit(null, null, 0), decode("cmd=fullinit;pmirank=0;threaded=FALSE;"));
        assertEquals(new PmiRequest.FullInit("kvs_kpm_4", 12345, null),
                decode("cmd=fullinit;pmijobid=kvs_kpm_4;srcid=12345;threaded=FALSE;"));
        assertEquals(new PmiRequest.FullInit(null, null, 777), decode("cmd=fullinit;pmirank=777;"));
        assertEquals(new PmiRequest.GetMyKvsname(), decode("cmd=job-getid;"));
        assertEquals(new PmiRequest.Put(null, "k", "v"), decode("cmd=kvs-put;key=k;value=v;"));
        assertEquals(new PmiRequest.Get("kvs_kpm_3", "k"), decode("cmd=kvs-get;jobid=kvs_kpm_3;srcid=0;key=k;"));
        assertEquals(new PmiRequest.Barrier(), decode("cmd=kvs-fence;"));
        assertEquals(new PmiRequest.GetJobAttr("PMI_process_mapping"), decode("cmd=info-getjobattr;key=PMI_process_mapping;"));
        assertEquals(new PmiRequest.PutNodeAttr("k", "v"), decode("cmd=info-putnodeattr;key=k;value=v;"));
        assertEquals(new PmiRequest.GetNodeAttr("k", true), decode("cmd=info-getnodeattr;key=k;wait=TRUE;"));
        assertEquals(new PmiRequest.GetNodeAttr("k", false), decode("cmd=info-getnodeattr;key=k;wait=FALSE;"));
        assertEquals(new PmiRequest.PublishName("S", "P"), decode("cmd=name-publish;name=S;port=P;infokeycount=0;"));
        assertEquals(new PmiRequest.LookupName("S"), decode("cmd=name-lookup;name=S;infokeycount=0;"));
        assertEquals(new PmiRequest.UnpublishName("S"), decode("cmd=name-unpublish;name=S;infokeycount=0;"));
        assertEquals(new PmiRequest.Finalize(), decode("cmd=finalize;"));
        assertEquals(new PmiRequest.Abort(null, "bye now"), decode("cmd=abort;isworld=TRUE;msg=bye now;"));
    }

    @Test
    void unescapesDoubledSemicolonsAndKeepsSpacesAndEquals() {
        assertEquals(new PmiRequest.Put(null, "k", "a;b=c d;"), decode("cmd=kvs-put;key=k;value=a;;b=c d;;;"));
        assertEquals(List.of(Map.entry("cmd", "x"), Map.entry("v", "")), Pmi2Pairs.parse("cmd=x;v=;"));
        assertThrows(IllegalArgumentException.class, () -> Pmi2Pairs.parse("cmd=x;v=unterminated"));
        assertThrows(IllegalArgumentException.class, () -> Pmi2Pairs.parse("=x;"));
    }

    @Test
    void aSingleSemicolonNotFollowedByAKeyIsPartOfTheValueAsMpich42SendsIt() {
        // MPICH 4.2.3 writes argv and abort messages without doubling their semicolons
        assertEquals(List.of(Map.entry("cmd", "spawn"), Map.entry("argv0", "it's \"quoted\" ; and = too"),
                Map.entry("argv1", "x")), Pmi2Pairs.parse("cmd=spawn;argv0=it's \"quoted\" ; and = too;argv1=x;"));
        assertEquals(List.of(Map.entry("cmd", "x;novalue")), Pmi2Pairs.parse("cmd=x;novalue;"));
        assertEquals(new PmiRequest.Abort(-1, "application called MPI_Abort(MPI_COMM_WORLD, 5) - process 1"),
                decode("cmd=abort;exitcode=-1;message=application called MPI_Abort(MPI_COMM_WORLD, 5) - process 1;"));
        assertEquals(new PmiRequest.Abort(null, "cmd=abort;msg=no end"), decode("cmd=abort;msg=no end"));
    }

    @Test
    void decodesTheTwoCommandSpawnOfPmiWire() {
        String body = "cmd=spawn;ncmds=2;preputcount=2;ppkey0=PARENT_ROOT_PORT_NAME;ppval0=port;;name;ppkey1=extra-preput;"
                + "ppval1=pp-value;subcmd=./child;maxprocs=2;argc=2;argv0=c0-arg1;argv1=arg;;with;;semis and spaces;"
                + "infokeycount=3;infokey0=wdir;infoval0=/tmp;infokey1=host;infoval1=localhost;infokey2=path;"
                + "infoval2=/opt/app/bin;subcmd=./child;maxprocs=1;argc=1;argv0=c1-arg1;infokeycount=1;infokey0=wdir;infoval0=/;";
        assertEquals(new PmiRequest.Spawn(List.of(
                new SpawnCommand("./child", 2, List.of("c0-arg1", "arg;with;semis and spaces"),
                        Map.of("wdir", "/tmp", "host", "localhost", "path", "/opt/app/bin")),
                new SpawnCommand("./child", 1, List.of("c1-arg1"), Map.of("wdir", "/"))),
                Map.of("PARENT_ROOT_PORT_NAME", "port;name", "extra-preput", "pp-value")), decode(body));
    }

    @Test
    void aSpawnMissingATokenNamesIt() {
        assertEquals(new PmiRequest.Malformed("spawn", "unable to find token: subcmd"),
                decode("cmd=spawn;ncmds=1;preputcount=0;"));
        assertEquals(new PmiRequest.Malformed("spawn", "unable to find token: maxprocs"),
                decode("cmd=spawn;ncmds=1;preputcount=0;subcmd=./a;argc=0;infokeycount=0;"));
        assertEquals(new PmiRequest.Malformed("spawn", "ncmds=2 but 1 subcmd segments"),
                decode("cmd=spawn;ncmds=2;subcmd=./a;maxprocs=1;"));
        assertEquals(new PmiRequest.Malformed("spawn", "unable to find token: argv1"),
                decode("cmd=spawn;ncmds=1;subcmd=./a;maxprocs=1;argc=2;argv0=x;"));
    }

    @Test
    void unknownAndMalformedBodiesAreTyped() {
        Pmi2Decoder.Decoded d = Pmi2Decoder.decode("cmd=frobnicate;x=1;");
        assertEquals("frobnicate", d.name());
        assertEquals(new PmiRequest.Unknown("frobnicate"), d.request());
        assertTrue(Pmi2Decoder.decode("garbage").request() instanceof PmiRequest.Malformed);
        assertTrue(Pmi2Decoder.decode("key=v;cmd=x;").request() instanceof PmiRequest.Malformed);
        assertEquals("0x5", Pmi2Decoder.decode("cmd=job-getid;thrid=0x5;").thrid());
    }

    @Test
    void encodesTheResponsesLibpmi2Accepts() {
        assertEquals("cmd=fullinit-response;pmi-version=2;pmi-subversion=0;rank=1;size=2;appnum=0;debugged=FALSE;pmiverbose=FALSE;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.FullInitOk(1, 2, 0, null), "fullinit", null));
        assertEquals("cmd=fullinit-response;pmi-version=2;pmi-subversion=0;rank=0;size=1;appnum=1;spawner-jobid=kvs_kpm_3;debugged=FALSE;pmiverbose=FALSE;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.FullInitOk(0, 1, 1, "kvs_kpm_3"), "fullinit", null));
        assertEquals("cmd=job-getid-response;jobid=kvs_kpm_3;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.Kvsname("kvs_kpm_3"), "job-getid", null));
        assertEquals("cmd=kvs-put-response;rc=0;", Pmi2Encoder.encode(new PmiResponse.PutOk(), "kvs-put", null));
        assertEquals("cmd=kvs-fence-response;rc=0;", Pmi2Encoder.encode(new PmiResponse.BarrierOut(), "kvs-fence", null));
        assertEquals("cmd=kvs-get-response;found=TRUE;value=a;;b;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.GetResult("k", "a;b"), "kvs-get", null));
        assertEquals("cmd=kvs-get-response;found=FALSE;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.GetResult("k", null), "kvs-get", null));
        assertEquals("cmd=info-getjobattr-response;found=TRUE;value=(vector,(0,1,2));rc=0;",
                Pmi2Encoder.encode(new PmiResponse.JobAttr("(vector,(0,1,2))"), "info-getjobattr", null));
        assertEquals("cmd=info-getjobattr-response;found=FALSE;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.JobAttr(null), "info-getjobattr", null));
        assertEquals("cmd=info-putnodeattr-response;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.NodeAttrPut(), "info-putnodeattr", null));
        assertEquals("cmd=info-getnodeattr-response;found=TRUE;value=v;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.NodeAttr("v"), "info-getnodeattr", null));
        assertEquals("cmd=name-publish-response;rc=0;", Pmi2Encoder.encode(new PmiResponse.Published(), "name-publish", null));
        assertEquals("cmd=name-lookup-response;port=P;value=P;found=TRUE;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.LookupResult("S", "P"), "name-lookup", null));
        assertEquals("cmd=name-lookup-response;found=FALSE;rc=1;errmsg=service_not_found;",
                Pmi2Encoder.encode(new PmiResponse.LookupResult("S", null), "name-lookup", null));
        assertEquals("cmd=name-unpublish-response;rc=0;",
                Pmi2Encoder.encode(new PmiResponse.Unpublished(true), "name-unpublish", null));
        assertEquals("cmd=spawn-response;rc=0;jobid=kvs_kpm_4;nerrs=0;",
                Pmi2Encoder.encode(PmiResponse.SpawnResult.ok("kvs_kpm_4", List.of(0, 0, 0)), "spawn", null));
        assertEquals("cmd=spawn-response;rc=-1;errmsg=unable to find token: maxprocs;",
                Pmi2Encoder.encode(PmiResponse.SpawnResult.failed("unable to find token: maxprocs"), "spawn", null));
        assertEquals("cmd=finalize-response;rc=0;", Pmi2Encoder.encode(new PmiResponse.FinalizeAck(), "finalize", null));
        assertEquals("cmd=frobnicate-response;rc=-1;errmsg=unknown command frobnicate;",
                Pmi2Encoder.encode(new PmiResponse.Error("unknown command frobnicate"), "frobnicate", null));
        assertEquals("", Pmi2Encoder.encode(new PmiResponse.Silence(), "abort", null));
    }

    @Test
    void echoesThridOnlyWhenTheRequestCarriedOne() {
        assertEquals("cmd=kvs-put-response;thrid=0x7f;rc=0;", Pmi2Encoder.encode(new PmiResponse.PutOk(), "kvs-put", "0x7f"));
        assertEquals("cmd=kvs-put-response;rc=0;", Pmi2Encoder.encode(new PmiResponse.PutOk(), "kvs-put", null));
    }

    @Test
    void framesLeftJustifiedAndAcceptsEveryLengthStyle() {
        assertArrayEquals("38    cmd=fullinit;pmirank=0;threaded=FALSE;".getBytes(StandardCharsets.US_ASCII),
                Pmi2Encoder.frame("cmd=fullinit;pmirank=0;threaded=FALSE;"));
        assertEquals("123456", new String(Pmi2Encoder.frame("x".repeat(123456)), 0, 6, StandardCharsets.US_ASCII));
        assertEquals("1     x", new String(Pmi2Encoder.frame("x"), StandardCharsets.US_ASCII));
        assertEquals(38, Pmi2Frames.parseLength("38    ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(38, Pmi2Frames.parseLength("    38".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(38, Pmi2Frames.parseLength("000038".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> Pmi2Frames.parseLength("cmd=fu".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> Pmi2Frames.parseLength("      ".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> Pmi2Frames.parseLength("3 8   ".getBytes(StandardCharsets.US_ASCII)));
        // six digits never exceed the 1 MiB cap: the largest field is still a length
        assertEquals(999999, Pmi2Frames.parseLength("999999".getBytes(StandardCharsets.US_ASCII)));
    }
}
