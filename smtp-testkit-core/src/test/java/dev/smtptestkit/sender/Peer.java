package dev.smtptestkit.sender;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A raw SMTP peer written in the test: it accepts one connection and runs a script against it
 * (replies, refusals, drops, stalls), so the sender can be tested against servers that misbehave
 * in ways our receiver never does.
 */
final class Peer implements AutoCloseable {

    interface Script {
        void run(Io io) throws Exception;
    }

    /** The peer's side of the connection. */
    static final class Io {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final CountDownLatch released;

        Io(Socket socket, CountDownLatch released) throws IOException {
            this.released = released;
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** One line without CRLF, or null at end of stream. */
        String line() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    byte[] l = buf.toByteArray();
                    int n = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
                    return new String(l, 0, n, StandardCharsets.UTF_8);
                }
                buf.write(b);
            }
            return null;
        }

        void send(String... lines) throws IOException {
            StringBuilder s = new StringBuilder();
            for (String l : lines) {
                s.append(l).append("\r\n");
            }
            out.write(s.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads DATA lines up to the lone dot; returns them joined with CRLF (still dot-stuffed). */
        String data() throws IOException {
            StringBuilder all = new StringBuilder();
            String l;
            while ((l = line()) != null && !l.equals(".")) {
                all.append(l).append("\r\n");
            }
            return all.toString();
        }

        /** Greets, answers EHLO with these keywords, then reads commands until {@code until} (a verb). */
        void greetAndEhlo(String... keywords) throws IOException {
            send("220 peer.test ESMTP");
            line(); // EHLO
            String[] lines = new String[keywords.length + 1];
            lines[0] = (keywords.length == 0 ? "250 " : "250-") + "peer.test";
            for (int i = 0; i < keywords.length; i++) {
                lines[i + 1] = "250" + (i == keywords.length - 1 ? " " : "-") + keywords[i];
            }
            send(lines);
        }

        /** Keeps the connection open, reading nothing, until the peer is closed. */
        void hold() throws InterruptedException {
            released.await(30, TimeUnit.SECONDS);
        }

        Socket socket() {
            return socket;
        }
    }

    private final ServerSocket server;
    private final CompletableFuture<Void> done;
    private final CountDownLatch released = new CountDownLatch(1);

    Peer(Script script) throws IOException {
        this(script, 0);
    }

    Peer(Script script, int receiveBuffer) throws IOException {
        server = new ServerSocket();
        if (receiveBuffer > 0) {
            server.setReceiveBufferSize(receiveBuffer);
        }
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        done = CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(20_000);
                script.run(new Io(s, released));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits for the script to end and rethrows what it threw. */
    void awaitDone() throws Exception {
        done.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        server.close();
        done.cancel(true);
    }
}
