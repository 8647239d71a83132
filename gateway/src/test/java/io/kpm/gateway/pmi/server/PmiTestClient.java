package io.kpm.gateway.pmi.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw PMI socket for the tests: PMI-1 lines and PMI-2 frames, as the real clients write them. */
final class PmiTestClient implements AutoCloseable {

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    PmiTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void line(String line) throws IOException {
        send(line + "\n");
    }

    /** The next line without its newline; null at EOF. */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') b.write(c);
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.UTF_8);
    }

    String ask(String line) throws IOException {
        line(line);
        return readLine();
    }

    void frame(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        send(String.format("%-6d", bytes.length) + body);
    }

    /** The next PMI-2 body; null at EOF. */
    String readFrame() throws IOException {
        byte[] head = in.readNBytes(6);
        if (head.length < 6) return null;
        int length = Integer.parseInt(new String(head, StandardCharsets.US_ASCII).trim());
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    String askFrame(String body) throws IOException {
        frame(body);
        return readFrame();
    }

    /** True when nothing has arrived after a short wait (an answer that must be held). */
    boolean silentFor(long millis) throws Exception {
        Thread.sleep(millis);
        return in.available() == 0;
    }

    /** True when the server closed the connection (EOF or reset) within the socket timeout. */
    boolean closedByServer() {
        try {
            while (true) {
                if (in.read() < 0) return true;
            }
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
