package io.kpm.gateway.pmi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.gateway.pmi.server.PmiFrameDecoder.Frame;
import io.vertx.core.buffer.Buffer;

/** Framing alone: lines, the PMI-2 switch inside one packet, frames split across packets, unframable input. */
class PmiFrameDecoderTest {

    private static List<Frame> feed(PmiFrameDecoder d, String... packets) {
        List<Frame> all = new ArrayList<>();
        for (String p : packets) all.addAll(d.feed(Buffer.buffer(p)));
        return all;
    }

    @Test
    void pmi1LinesArriveWholeWhateverThePackets() {
        assertEquals(List.of(new Frame.Line("cmd=initack pmiid=5"), new Frame.Line("cmd=init pmi_version=1 pmi_subversion=1")),
                feed(new PmiFrameDecoder(), "cmd=initack pm", "iid=5\r\ncmd=init pmi_version=1 pmi_", "subversion=1\n"));
    }

    @Test
    void theFirstLineAskingForPmi2SwitchesTheRestOfTheSamePacket() {
        List<Frame> frames = feed(new PmiFrameDecoder(),
                "cmd=init pmi_version=2 pmi_subversion=0\n23    cmd=fullinit;pmirank=7;", "14    cmd=kvs-fen", "ce;");
        assertEquals(List.of(new Frame.Pmi2Init("cmd=init pmi_version=2 pmi_subversion=0"),
                new Frame.Message("cmd=fullinit;pmirank=7;"), new Frame.Message("cmd=kvs-fence;")), frames);
    }

    @Test
    void onlyTheFirstLineCanSwitch() {
        assertEquals(List.of(new Frame.Line("cmd=get_maxes"), new Frame.Line("cmd=init pmi_version=2 pmi_subversion=0")),
                feed(new PmiFrameDecoder(), "cmd=get_maxes\ncmd=init pmi_version=2 pmi_subversion=0\n"));
    }

    @Test
    void unframableInputEndsTheDecodingOnce() {
        PmiFrameDecoder lines = new PmiFrameDecoder();
        assertEquals(List.of(new Frame.Unframable("line longer than 2048 bytes", false)),
                feed(lines, "x".repeat(3000)));
        assertEquals(List.of(), feed(lines, "cmd=get_maxes\n"), "nothing after it");

        PmiFrameDecoder messages = new PmiFrameDecoder();
        assertEquals(List.of(new Frame.Pmi2Init("cmd=init pmi_version=2"), new Frame.Unframable("bad PMI-2 length field 'abcdef'", true)),
                feed(messages, "cmd=init pmi_version=2\nabcdefcmd=x;"));
    }
}
