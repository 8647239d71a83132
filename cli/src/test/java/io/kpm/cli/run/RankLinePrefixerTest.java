package io.kpm.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.kpm.cli.run.RankOutput.Stream;

class RankLinePrefixerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final RankLinePrefixer prefixer = new RankLinePrefixer(out, err);

    @Test
    void prefixesEveryCompleteLine() {
        write(0, Stream.STDOUT, "a\nb\n");
        write(12, Stream.STDOUT, "c\n");
        assertEquals("[0] a\n[0] b\n[12] c\n", text(out));
    }

    @Test
    void aSpawnedGroupsLinesNameTheGroupAndTheRank() {
        RankLinePrefixer spawned = new RankLinePrefixer(out, err, 8L);
        spawned.write(1, Stream.STDOUT, "hi\npart".getBytes(StandardCharsets.UTF_8));
        spawned.finish();
        assertEquals("[8,1] hi\n[8,1] part\n", text(out));
    }

    @Test
    void holdsPartialLinesBackUntilTheirNewline() {
        write(0, Stream.STDOUT, "hel");
        write(1, Stream.STDOUT, "foo\n");
        assertEquals("[1] foo\n", text(out));
        write(0, Stream.STDOUT, "lo\nwor");
        assertEquals("[1] foo\n[0] hello\n", text(out));
        write(0, Stream.STDOUT, "ld\n");
        assertEquals("[1] foo\n[0] hello\n[0] world\n", text(out));
    }

    @Test
    void keepsStdoutAndStderrApart() {
        write(3, Stream.STDOUT, "out-");
        write(3, Stream.STDERR, "err\n");
        write(3, Stream.STDOUT, "line\n");
        assertEquals("[3] out-line\n", text(out));
        assertEquals("[3] err\n", text(err));
    }

    @Test
    void finishWritesHeldPartialLinesWithANewline() {
        write(0, Stream.STDOUT, "no newline");
        write(1, Stream.STDERR, "x\ny");
        prefixer.finish();
        assertEquals("[0] no newline\n", text(out));
        assertEquals("[1] x\n[1] y\n", text(err));
        prefixer.finish();
        assertEquals("[0] no newline\n", text(out), "a second finish adds nothing");
    }

    @Test
    void emptyLinesAreLabelledToo() {
        write(2, Stream.STDOUT, "\n\n");
        assertEquals("[2] \n[2] \n", text(out));
    }

    @Test
    void aVeryLongLineIsWrittenInPiecesWithOnePrefix() {
        String longPart = "x".repeat(RankLinePrefixer.MAX_HELD + 1);
        write(0, Stream.STDOUT, longPart);
        assertEquals("[0] " + longPart, text(out));
        write(0, Stream.STDOUT, "");
        write(0, Stream.STDOUT, "end\n");
        write(0, Stream.STDOUT, "next\n");
        assertEquals("[0] " + longPart + "end\n[0] next\n", text(out));
    }

    @Test
    void bytesThatAreNotTextPassThroughUnchanged() {
        prefixer.write(0, Stream.STDOUT, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
        byte[] expected = {'[', '0', ']', ' ', (byte) 0xff, (byte) 0xfe, '\n'};
        assertEquals(new String(expected, StandardCharsets.ISO_8859_1), out.toString(StandardCharsets.ISO_8859_1));
    }

    private void write(int rank, Stream stream, String text) {
        prefixer.write(rank, stream, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
